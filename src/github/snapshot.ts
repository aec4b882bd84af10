/**
 * A commit's tree through the GitHub API as the pipeline's Snapshot: the listing is the one the
 * job already made (trees.ts), and blobs are fetched through a cache the job's two snapshots
 * share, so a file the same on both sides (a package.json beside a changed lockfile) costs one
 * request. What the job's read-ahead read (prefetch.ts) is not asked again; a file whose blob
 * the listing does not know (a base side derived from the compare) is read by commit and path.
 */
import { memorySnapshot, type Snapshot } from '../evaluation/snapshot.js';
import { fetchBlobs, fetchFilesAt } from './files.js';
import type { GitHub, RepoRef } from './octokit.js';
import type { PrefetchedFiles } from './prefetch.js';
import { listTree, type TreeListing } from './trees.js';

/** Blob texts by SHA, shared by the snapshots of one job; a promise per blob, so concurrent reads ask once. */
export type BlobCache = Map<string, Promise<string | undefined>>;

/** Where a file's text comes from: known already, a blob to fetch, the file at this commit by path, or nowhere (absent). */
type Source = { text: string } | { blob: string } | { byPath: string } | undefined;

export function githubSnapshot(github: GitHub, repo: RepoRef, sha: string, tree: TreeListing, blobs: BlobCache = new Map(), prefetched?: PrefetchedFiles): Snapshot {
  const listing = new Map([...tree].map(([path, file]) => [path, file.sha]));
  const locate = (path: string): Source => {
    const entry = tree.get(path);
    if (!entry) return undefined;
    const ahead = prefetched?.file(repo, sha, path);
    if (ahead && !ahead.found) return undefined;
    if (ahead?.text !== undefined) return { text: ahead.text };
    const blob = ahead?.oid ?? (entry.blobUnknown ? undefined : entry.sha);
    if (blob === undefined) return { byPath: path };
    const known = prefetched?.textOf(blob);
    return known !== undefined ? { text: known } : { blob };
  };
  return {
    sha,
    listing: async () => listing,
    read: async (paths) => {
      const sources = new Map([...new Set(paths)].map((path) => [path, locate(path)] as const));
      const missing = [...new Set([...sources.values()].flatMap((source) => (source && 'blob' in source && !blobs.has(source.blob) ? [source.blob] : [])))];
      if (missing.length > 0) {
        const fetched = fetchBlobs(github, repo, missing);
        for (const blob of missing) {
          const text = fetched.then((texts) => texts.get(blob));
          text.catch(() => undefined); // awaited below or by the other side; this only avoids an unhandled rejection
          blobs.set(blob, text);
        }
      }
      const byPath = await fetchFilesAt(github, repo, sha, [...sources.values()].flatMap((source) => (source && 'byPath' in source ? [source.byPath] : [])));
      const read = new Map<string, string>();
      for (const [path, source] of sources) {
        const text = source === undefined ? undefined : 'text' in source ? source.text : 'blob' in source ? await blobs.get(source.blob) : byPath.get(path);
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
