/**
 * File contents through the git blobs API (works past the contents API's 1 MB limit, up to
 * GitHub's 100 MB), deduplicated by blob SHA and fetched a few at a time. Policy files through
 * the contents API at a ref (small files; a 404 means "no file"), never read past the size limit.
 */
import { mapConcurrently } from '../deps/arrays.js';
import { decodeFile } from '../ecosystems/text.js';
import { POLICY_FILE } from '../policy/definition.js';
import { policySizeProblem, type PolicySource } from '../policy/load.js';
import { statusOf, type GitHub, type RepoRef } from './octokit.js';
import type { PrefetchedFiles } from './prefetch.js';
import type { TreeFile, TreeListing } from './trees.js';

/** Fetches the blobs (by SHA) and returns their text, by SHA. */
export async function fetchBlobs(github: GitHub, repo: RepoRef, shas: Iterable<string>, concurrency = 8): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await mapConcurrently([...new Set(shas)], concurrency, async (sha) => {
    const { data } = await github.rest.git.getBlob({ ...repo, file_sha: sha });
    texts.set(sha, decode(data.content, data.encoding));
  });
  return texts;
}

/**
 * A file's text at a commit by path (its blob id not known): the contents API, then the blob
 * when the file is over the contents API's 1 MB. Undefined when there is no regular file there.
 */
export async function fetchFileAt(github: GitHub, repo: RepoRef, ref: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file') return undefined;
    if ('content' in data && typeof data.content === 'string' && data.content !== '') return decode(data.content, data.encoding);
    return (await fetchBlobs(github, repo, [data.sha])).get(data.sha);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** fetchFileAt for several paths at one commit, a few at a time: text by path (absent ones left out). */
export async function fetchFilesAt(github: GitHub, repo: RepoRef, ref: string, paths: Iterable<string>, concurrency = 8): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await mapConcurrently([...new Set(paths)], concurrency, async (path) => {
    const text = await fetchFileAt(github, repo, ref, path);
    if (text !== undefined) texts.set(path, text);
  });
  return texts;
}

/** A BOM or UTF-16 must not make a lockfile read as empty or invalid (text.ts). */
function decode(content: string, encoding: string): string {
  return encoding === 'base64' ? decodeFile(Buffer.from(content, 'base64')) : content;
}

/** A policy file as read: its text, or why it was not read (then loading it reports that). */
export type PolicyFileRead = { text: string } | { unreadable: string };

/**
 * A policy file's text at a ref via the contents API, or undefined when it does not exist there.
 * Its size and type are looked at first: over the limit it is not fetched (the blob could be
 * 100 MB), and a folder, submodule or symlink GitHub does not follow is an error, not "no policy".
 */
export async function fetchPolicyFile(github: GitHub, repo: RepoRef, path: string, ref?: string, prefetched?: PrefetchedFiles): Promise<PolicyFileRead | undefined> {
  const ahead = prefetched?.file(repo, ref, path);
  if (ahead) return ahead.found ? readPolicyBlob(github, repo, { sha: ahead.oid, size: ahead.byteSize }, prefetched) : undefined;
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ...(ref ? { ref } : {}) });
    if (Array.isArray(data)) return { unreadable: 'the policy file is a folder, not a regular file' };
    if (data.type !== 'file') return { unreadable: `the policy file is a ${data.type}, not a regular file` };
    const tooLarge = policySizeProblem(data.size);
    if (tooLarge) return { unreadable: tooLarge };
    if ('content' in data && typeof data.content === 'string' && data.content !== '') return { text: decode(data.content, data.encoding) };
    // Over 1 MB the contents API leaves `content` empty: read the blob instead.
    return await readPolicyBlob(github, repo, { sha: data.sha, size: data.size });
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** A policy file's blob from a tree listing, not fetched when the listing says it is over the limit. */
export async function readPolicyBlob(github: GitHub, repo: RepoRef, blob: TreeFile, prefetched?: PrefetchedFiles): Promise<PolicyFileRead> {
  const tooLarge = blob.size === undefined ? undefined : policySizeProblem(blob.size);
  if (tooLarge) return { unreadable: tooLarge };
  const known = prefetched?.textOf(blob.sha);
  if (known !== undefined) return { text: known };
  return { text: (await fetchBlobs(github, repo, [blob.sha])).get(blob.sha) ?? '' };
}

export interface PolicySources {
  org?: PolicySource;
  repo?: PolicySource;
}

/** The organization's defaults live in its `.github` repository: there, the policy file is the org layer. */
const ORG_POLICY_REPO = '.github';

export function isOrgPolicyRepo(repo: RepoRef): boolean {
  return repo.repo === ORG_POLICY_REPO;
}

/**
 * The policy layers for a repository, from trusted refs only: the organization default from the
 * default branch of `<owner>/.github`, the repository's own file at `baseRef` (never a PR head).
 * `baseTree`: the listing of `baseRef` itself, when the caller has it (saves a call); `prefetched`:
 * what a read-ahead read (consulted first). The files they `extends` are not read here:
 * readPolicyLayers (policy-reader.ts) reads them too.
 */
export async function readPolicySources(github: GitHub, repo: RepoRef, baseRef: string, baseTree?: Promise<TreeListing>, prefetched?: PrefetchedFiles): Promise<PolicySources> {
  const isOrgRepo = isOrgPolicyRepo(repo);
  // When the tree of `baseRef` is listed anyway, the listing says whether the file exists (and its blob).
  const fromTree = async (): Promise<PolicyFileRead | undefined> => {
    const blob = (await (baseTree as Promise<TreeListing>)).get(POLICY_FILE);
    return blob ? readPolicyBlob(github, repo, blob, prefetched) : undefined;
  };
  const ownFile = () => (baseTree ? fromTree() : fetchPolicyFile(github, repo, POLICY_FILE, baseRef, prefetched));
  const [org, own] = await Promise.all([
    isOrgRepo ? ownFile() : fetchPolicyFile(github, { owner: repo.owner, repo: ORG_POLICY_REPO }, POLICY_FILE, undefined, prefetched),
    isOrgRepo ? Promise.resolve(undefined) : ownFile(),
  ]);
  return {
    ...(org !== undefined ? { org: policySource(orgPolicyPath(repo.owner), org) } : {}),
    ...(own !== undefined ? { repo: policySource(POLICY_FILE, own) } : {}),
  };
}

function policySource(path: string, read: PolicyFileRead): PolicySource {
  return 'text' in read ? { path, text: read.text } : { path, text: '', unreadable: read.unreadable };
}

/** The name the organization default is reported under. */
export function orgPolicyPath(owner: string): string {
  return `${owner}/${ORG_POLICY_REPO}:${POLICY_FILE}`;
}

/** The name this repository's own policy file carries in the layers (and in their errors). */
export function ownPolicyPath(repo: RepoRef): string {
  return isOrgPolicyRepo(repo) ? orgPolicyPath(repo.owner) : POLICY_FILE;
}

/**
 * The layers as they would be with this repository's policy file holding `file` (its text, or
 * what readPolicyBlob said; undefined: no file): the repository layer, or for the organization's
 * `.github` repository the org layer.
 */
export function withOwnPolicy(sources: PolicySources, repo: RepoRef, file: string | PolicyFileRead | undefined): PolicySources {
  const read = typeof file === 'string' ? { text: file } : file;
  if (isOrgPolicyRepo(repo)) return read !== undefined ? { org: policySource(ownPolicyPath(repo), read) } : {};
  return { ...(sources.org ? { org: sources.org } : {}), ...(read !== undefined ? { repo: policySource(POLICY_FILE, read) } : {}) };
}
