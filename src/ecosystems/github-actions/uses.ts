/**
 * What a `uses:` value refers to.
 *
 * - `owner/repo@ref`, `owner/repo/path/to/action@ref`, and reusable workflows
 *   `owner/repo/.github/workflows/build.yml@ref`: an action (or workflow) in another repository.
 * - `./path`: an action or workflow in the same repository, already covered by this review.
 * - `docker://image:tag`: a container image run as a step. Not an action: its identity would be a
 *   `pkg:docker` purl, a different type from this ecosystem's, and no license source we use knows
 *   container images. Left out rather than reported with the wrong identity.
 */
export type UsesTarget =
  | { kind: 'action'; owner: string; repo: string; path?: string; ref: string; /** owner/repo[/path] as written */ name: string }
  | { kind: 'local' }
  | { kind: 'docker' }
  | { kind: 'invalid'; reason: string };

const REMOTE = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)(?:\/([^@\s]+))?@([^\s@]+)$/;

export function parseUses(value: string): UsesTarget {
  const uses = value.trim();
  if (uses.startsWith('./') || uses.startsWith('.\\')) return { kind: 'local' };
  if (uses.startsWith('docker://')) return { kind: 'docker' };
  if (uses.includes('${{')) return { kind: 'invalid', reason: 'expressions are not allowed in uses' };
  const match = REMOTE.exec(uses);
  if (!match) {
    const reason = uses.includes('@') ? 'expected owner/repo[/path]@ref' : 'missing @ref (a tag, branch or commit SHA)';
    return { kind: 'invalid', reason };
  }
  const [, owner, repo, path, ref] = match as unknown as [string, string, string, string | undefined, string];
  // The name is the text before `@ref`: a slice of the value, no string of its own.
  return { kind: 'action', owner, repo, ...(path ? { path } : {}), ref, name: uses.slice(0, uses.length - ref.length - 1) };
}

/** A full commit SHA: the only ref that can't move under you. */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

/** `v4`, `v4.1.1`, `1.2`: refs that read as versions. SHAs and branch names don't order. */
const VERSION_REF = /^v?\d+(\.\d+)*([-+.][0-9A-Za-z.-]+)?$/;

export function isVersionRef(ref: string): boolean {
  return VERSION_REF.test(ref) && !isCommitSha(ref); // a SHA can be all digits
}

/** How a `uses:` ref is pinned: a full commit SHA can't move; a version tag rarely does; anything else reads as a branch. */
export function pinningOf(ref: string): 'commit' | 'tag' | 'branch' {
  if (isCommitSha(ref)) return 'commit';
  return isVersionRef(ref) ? 'tag' : 'branch';
}
