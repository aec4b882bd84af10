/**
 * Git tree listings through the git data API: every file path of a commit with its blob SHA.
 * One recursive call per side normally; when GitHub truncates the listing (over 100,000 entries or
 * 7 MB) we list the subtrees one by one, recursively where that works, so nothing is missed.
 * What can't be listed whole is an error, never a shorter listing: a single folder too big even
 * for a one-level listing, or two entries GitHub names alike (paths come as JSON strings, so bytes
 * that are not UTF-8 may show alike), one of which would go unread.
 */
import { changedBetween } from '../evaluation/snapshot.js';
import type { GitHub, RepoRef } from './octokit.js';

export interface TreeFile {
  /** The blob id; for a file `baseListingFromChanges` knows only by path, an id no blob has. */
  sha: string;
  size?: number;
  /** The blob id is not known: read the file by commit and path. */
  blobUnknown?: true;
}

/** path -> blob, for regular files (symlinks and submodules left out). */
export type TreeListing = Map<string, TreeFile>;

interface Entry {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string;
  size?: number;
}

/**
 * Lists every file of a tree (`treeish` is a commit SHA, tree SHA or ref). `subtrees` caches
 * listings by tree SHA, so identical subtrees on the base and head sides are fetched once.
 */
export async function listTree(github: GitHub, repo: RepoRef, treeish: string, subtrees = new Map<string, Promise<TreeListing>>()): Promise<TreeListing> {
  const { data } = await github.rest.git.getTree({ ...repo, tree_sha: treeish, recursive: 'true' });
  if (!data.truncated) return toListing(data.tree as Entry[]);
  // Truncated: keep the top level's files and list each directory on its own.
  const top = await github.rest.git.getTree({ ...repo, tree_sha: data.sha });
  return expand(github, repo, oneLevel(top.data, treeish), '', subtrees);
}

async function expand(github: GitHub, repo: RepoRef, entries: Entry[], prefix: string, subtrees: Map<string, Promise<TreeListing>>): Promise<TreeListing> {
  const listing: TreeListing = new Map();
  const directories: { path: string; sha: string }[] = [];
  for (const entry of entries) {
    if (!entry.path || !entry.sha) continue;
    if (entry.type === 'tree') directories.push({ path: entry.path, sha: entry.sha });
    else if (isFile(entry)) add(listing, prefix + entry.path, file(entry));
  }
  const listed = await Promise.all(directories.map(async (directory) => ({ directory, files: await subtree(github, repo, directory.sha, subtrees) })));
  for (const { directory, files } of listed) {
    for (const [path, blob] of files) add(listing, `${prefix}${directory.path}/${path}`, blob);
  }
  return listing;
}

/** The files of one subtree, relative to it: recursively in one call, else level by level. */
function subtree(github: GitHub, repo: RepoRef, sha: string, cache: Map<string, Promise<TreeListing>>): Promise<TreeListing> {
  let listing = cache.get(sha);
  if (!listing) {
    listing = (async () => {
      const { data } = await github.rest.git.getTree({ ...repo, tree_sha: sha, recursive: 'true' });
      if (!data.truncated) return toListing(data.tree as Entry[]);
      const level = await github.rest.git.getTree({ ...repo, tree_sha: sha });
      return expand(github, repo, oneLevel(level.data, sha), '', cache);
    })();
    cache.set(sha, listing);
  }
  return listing;
}

/** The entries of a one-level listing, which GitHub can truncate too (a folder of 100,000 files): nothing to go on then. */
function oneLevel(data: { tree: unknown; truncated?: boolean }, sha: string): Entry[] {
  if (data.truncated) throw new Error(`GitHub truncates even a one-level listing of the tree ${sha.slice(0, 12)}: its files can't all be listed`);
  return data.tree as Entry[];
}

function toListing(entries: Entry[]): TreeListing {
  const listing: TreeListing = new Map();
  for (const entry of entries) {
    if (entry.path && isFile(entry)) add(listing, entry.path, file(entry));
  }
  return listing;
}

/** Two files under one name: a Map would keep the last and drop the other unread. */
function add(listing: TreeListing, path: string, blob: TreeFile): void {
  if (listing.has(path)) throw new Error(`the tree lists two files as ${JSON.stringify(path)}; they can't be told apart, so they can't be checked`);
  listing.set(path, blob);
}

function isFile(entry: Entry): boolean {
  // 100644 / 100755 are files; 120000 symlinks and 160000 submodules (type commit) are not read.
  return entry.type === 'blob' && entry.mode !== '120000' && entry.sha !== undefined;
}

function file(entry: Entry): TreeFile {
  return { sha: entry.sha as string, ...(entry.size !== undefined ? { size: entry.size } : {}) };
}

/** Paths whose blob differs between two listings, or that exist on one side only. Pure. */
export function changedPaths(base: TreeListing, head: TreeListing): Set<string> {
  return changedBetween(base, head, (file) => file.sha);
}

/** A changed file as the compare API lists it. */
export interface ChangedFile {
  path: string;
  status: string;
  /** The path before a rename or copy. */
  previousPath?: string;
}

/**
 * The merge base's listing from the head's and the compare's complete list of changed files,
 * without listing the base tree: the files a change touched get an id no blob has (so they
 * count as changed; their base text is read by commit and path), the others keep the head's blob.
 */
export function baseListingFromChanges(head: TreeListing, changes: readonly ChangedFile[]): TreeListing {
  const base: TreeListing = new Map(head);
  const unknown = (path: string): TreeFile => ({ sha: `unknown-base-blob:${path}`, blobUnknown: true });
  for (const change of changes) {
    if (change.status === 'added' || change.status === 'copied') base.delete(change.path);
    else if (change.status === 'renamed') {
      base.delete(change.path);
      if (change.previousPath !== undefined) base.set(change.previousPath, unknown(change.previousPath));
    } else if (change.status === 'removed' || head.has(change.path)) base.set(change.path, unknown(change.path));
    // Anything else modified but not a regular file at the head (a symlink, a submodule) is not listed on either side.
  }
  return base;
}
