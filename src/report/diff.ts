/**
 * Which lines of a file a review comment may point at: the right-hand lines (added or context)
 * of the diff hunks GitHub shows for the pull request. Pure.
 */

/** Right-side line numbers inside the hunks of a unified diff `patch` (GitHub's `files[].patch`). */
export function commentableLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let right = 0;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      right = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+') || line.startsWith(' ')) lines.add(right++);
    // '-' lines exist only on the left; '\ No newline at end of file' on neither side.
  }
  return lines;
}

/** path -> commentable lines; a path absent (or mapped to undefined) has no diff we can comment on. */
export type DiffLines = ReadonlyMap<string, ReadonlySet<number> | undefined>;

export function diffLinesFromPatches(patches: ReadonlyMap<string, string | undefined>): Map<string, Set<number> | undefined> {
  const result = new Map<string, Set<number> | undefined>();
  for (const [path, patch] of patches) result.set(path, patch === undefined ? undefined : commentableLines(patch));
  return result;
}
