/**
 * File contents through the git blobs API (works past the contents API's 1 MB limit, up to
 * GitHub's 100 MB), deduplicated by blob SHA and fetched a few at a time. Policy files through
 * the contents API at a ref (small files; a 404 means "no file").
 */
import { decodeFile } from '../ecosystems/text.js';
import { POLICY_FILE } from '../policy/definition.js';
import type { PolicySource } from '../policy/load.js';
import { statusOf, type GitHub, type RepoRef } from './octokit.js';
import type { TreeListing } from './trees.js';

/** Fetches the blobs (by SHA) and returns their text, by SHA. */
export async function fetchBlobs(github: GitHub, repo: RepoRef, shas: Iterable<string>, concurrency = 8): Promise<Map<string, string>> {
  const queue = [...new Set(shas)];
  const texts = new Map<string, string>();
  const worker = async (): Promise<void> => {
    for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
      const { data } = await github.rest.git.getBlob({ ...repo, file_sha: sha });
      texts.set(sha, decode(data.content, data.encoding));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return texts;
}

/** A BOM or UTF-16 must not make a lockfile read as empty or invalid (text.ts). */
function decode(content: string, encoding: string): string {
  return encoding === 'base64' ? decodeFile(Buffer.from(content, 'base64')) : content;
}

/** A file's text at a ref via the contents API, or undefined when it does not exist there. */
async function readSmallFile(github: GitHub, repo: RepoRef, path: string, ref?: string): Promise<string | undefined> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== 'file') return undefined;
    if ('content' in data && typeof data.content === 'string' && data.content !== '') return decode(data.content, data.encoding);
    // Over 1 MB the contents API leaves `content` empty: read the blob instead.
    const blobs = await fetchBlobs(github, repo, [data.sha]);
    return blobs.get(data.sha);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
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
 * `baseTree`: the listing of `baseRef` itself, when the caller has it (saves a call).
 */
export async function readPolicySources(github: GitHub, repo: RepoRef, baseRef: string, baseTree?: Promise<TreeListing>): Promise<PolicySources> {
  const isOrgRepo = isOrgPolicyRepo(repo);
  // When the tree of `baseRef` is listed anyway, the listing says whether the file exists (and its blob).
  const fromTree = async (): Promise<string | undefined> => {
    const blob = (await (baseTree as Promise<TreeListing>)).get(POLICY_FILE);
    return blob ? (await fetchBlobs(github, repo, [blob.sha])).get(blob.sha) : undefined;
  };
  const ownFile = () => (baseTree ? fromTree() : readSmallFile(github, repo, POLICY_FILE, baseRef));
  const [org, own] = await Promise.all([
    isOrgRepo ? ownFile() : readSmallFile(github, { owner: repo.owner, repo: ORG_POLICY_REPO }, POLICY_FILE),
    isOrgRepo ? Promise.resolve(undefined) : ownFile(),
  ]);
  return {
    ...(org !== undefined ? { org: { path: orgPolicyPath(repo.owner), text: org } } : {}),
    ...(own !== undefined ? { repo: { path: POLICY_FILE, text: own } } : {}),
  };
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
 * The layers as they would be with this repository's policy file holding `text` (undefined: no
 * file): the repository layer, or for the organization's `.github` repository the org layer.
 */
export function withOwnPolicy(sources: PolicySources, repo: RepoRef, text: string | undefined): PolicySources {
  if (isOrgPolicyRepo(repo)) return text !== undefined ? { org: { path: ownPolicyPath(repo), text } } : {};
  return { ...(sources.org ? { org: sources.org } : {}), ...(text !== undefined ? { repo: { path: POLICY_FILE, text } } : {}) };
}
