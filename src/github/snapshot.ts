/**
 * A commit's tree through the GitHub API as the pipeline's Snapshot: the listing is the one the
 * job already made (trees.ts), and blobs are fetched through a cache the job's two snapshots
 * share, so a file the same on both sides (a package.json beside a changed lockfile) costs one
 * request.
 */
import { memorySnapshot, type Snapshot } from '../evaluation/snapshot.js';
import { fetchBlobs } from './files.js';
import type { GitHub, RepoRef } from './octokit.js';
import { listTree, type TreeListing } from './trees.js';

/** Blob texts by SHA, shared by the snapshots of one job; a promise per blob, so concurrent reads ask once. */
export type BlobCache = Map<string, Promise<string | undefined>>;

export function githubSnapshot(github: GitHub, repo: RepoRef, sha: string, tree: TreeListing, blobs: BlobCache = new Map()): Snapshot {
  const listing = new Map([...tree].map(([path, file]) => [path, file.sha]));
  return {
    sha,
    listing: async () => listing,
    read: async (paths) => {
      const missing = [...new Set(paths.map((path) => listing.get(path)).filter((blob): blob is string => blob !== undefined && !blobs.has(blob)))];
      if (missing.length > 0) {
        const fetched = fetchBlobs(github, repo, missing);
        for (const blob of missing) {
          const text = fetched.then((texts) => texts.get(blob));
          text.catch(() => undefined); // awaited below or by the other side; this only avoids an unhandled rejection
          blobs.set(blob, text);
        }
      }
      const read = new Map<string, string>();
      for (const path of paths) {
        const blob = listing.get(path);
        const text = blob === undefined ? undefined : await blobs.get(blob);
        if (text !== undefined) read.set(path, text);
      }
      return read;
    },
  };
}

/** The whole tree at `ref` as a change from nothing (every dependency counts as added): for judging a branch as it stands. */
export async function wholeTreeAt(github: GitHub, repo: RepoRef, ref: string): Promise<{ base: Snapshot; head: Snapshot }> {
  const tree = await listTree(github, repo, ref);
  return { base: memorySnapshot('empty', new Map()), head: githubSnapshot(github, repo, ref, tree) };
}
