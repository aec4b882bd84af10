/**
 * The port the pipeline reads trees through: a snapshot of a repository's tree at one commit.
 * The CLI's is git (src/local/git.ts), the app's the GitHub trees and blobs APIs
 * (src/github/snapshot.ts); tests and the benchmark hold files in memory.
 */

export interface Snapshot {
  /** The commit (or tree) this is a snapshot of. */
  readonly sha: string;
  /** Every regular file of the tree, repository-relative and `/`-separated, with its blob id. */
  listing(): Promise<ReadonlyMap<string, string>>;
  /** The text of these files; one that can't be given (absent, not a blob) is left out. */
  read(paths: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/**
 * Paths whose blob differs between two listings, or that exist on one side only. `idOf` reads a
 * listing entry's blob id (the entry itself for a Snapshot's listing; GitHub's tree entries hold more).
 */
export function changedBetween<T>(base: ReadonlyMap<string, T>, head: ReadonlyMap<string, T>, idOf: (entry: T) => string): Set<string> {
  const changed = new Set<string>();
  for (const [path, entry] of head) {
    const before = base.get(path);
    if (before === undefined || idOf(before) !== idOf(entry)) changed.add(path);
  }
  for (const path of base.keys()) if (!head.has(path)) changed.add(path);
  return changed;
}

/** Files held in memory (tests, the benchmark): a file's text is its own blob id. */
export function memorySnapshot(sha: string, files: ReadonlyMap<string, string>): Snapshot {
  return {
    sha,
    listing: async () => files,
    read: async (paths) => new Map(paths.flatMap((path) => (files.has(path) ? [[path, files.get(path) as string] as const] : []))),
  };
}
