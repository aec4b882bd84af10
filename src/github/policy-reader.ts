/**
 * The PolicyReader of the app (and of the CLI, for `owner/repo:path` with GITHUB_TOKEN): a file
 * `extends` names, through the contents API at its ref, or at the repository's default branch
 * when it names none. A local path is the CLI's alone: the app says so rather than guess a repository.
 */
import { PolicyReadInterrupted, resolvePolicySources, type PolicyReader } from '../policy/chain.js';
import type { PolicySource } from '../policy/load.js';
import { referenceName, type FileReference } from '../policy/reference.js';
import { fetchPolicyFile, readPolicySources, type PolicySources } from './files.js';
import { errorLine, statusOf, type GitHub, type RepoRef } from './octokit.js';
import type { PrefetchedFiles } from './prefetch.js';
import type { TreeListing } from './trees.js';

/** readPolicySources, with the files each layer `extends` read (the chain loadPolicy merges). */
export async function readPolicyLayers(github: GitHub, repo: RepoRef, baseRef: string, baseTree?: Promise<TreeListing>, prefetched?: PrefetchedFiles): Promise<PolicySources> {
  return resolvePolicySources(await readPolicySources(github, repo, baseRef, baseTree, prefetched), githubPolicyReader(github));
}

export function githubPolicyReader(github: GitHub): PolicyReader {
  return { read: (reference) => readFromGitHub(github, reference) };
}

export async function readFromGitHub(github: GitHub, reference: FileReference): Promise<PolicySource> {
  const path = referenceName(reference);
  if (reference.kind === 'local') {
    return { path, text: '', unreadable: 'a local path is followed only by the CLI; here name the file as owner/repo:path[@ref]' };
  }
  const where = `${reference.owner}/${reference.repo}`;
  const at = reference.ref !== undefined ? `at ${reference.ref}` : 'on its default branch';
  try {
    const read = await fetchPolicyFile(github, { owner: reference.owner, repo: reference.repo }, reference.path, reference.ref);
    if (read === undefined) return { path, text: '', unreadable: `GitHub answered 404: no ${reference.path} in ${where} ${at}, or the repository is not visible to this app or token` };
    return 'text' in read ? { path, text: read.text } : { path, text: '', unreadable: read.unreadable };
  } catch (error) {
    const status = statusOf(error);
    // An outage says nothing about the file: the check ends neutral (PolicyReadInterrupted), not failed.
    if (status === undefined || status >= 500 || status === 429) throw new PolicyReadInterrupted(`could not read ${path}: ${errorLine(error)}`);
    const refused = status === 403 ? `GitHub refused (403): reading ${where} needs contents: read on it` : undefined;
    return { path, text: '', unreadable: refused ?? errorLine(error) };
  }
}
