/**
 * The repositories of an installation and their open pull requests, listed a page at a time and
 * only as far as a limit: an organization of 5,000 repositories costs one page per 100 asked for.
 */
import type { GitHub, RepoRef } from './octokit.js';

export interface InstalledRepository {
  repo: RepoRef;
  defaultBranch: string;
  archived: boolean;
}

/** Up to `limit` repositories of `owner` the installation can see, and how many it has (GitHub's count). */
export async function installationRepositories(github: GitHub, owner: string, limit: number): Promise<{ repositories: InstalledRepository[]; total: number }> {
  const repositories: InstalledRepository[] = [];
  let total = 0;
  let others = 0;
  for (let page = 1; repositories.length < limit; page++) {
    const { data } = await github.rest.apps.listReposAccessibleToInstallation({ per_page: 100, page });
    total = data.total_count;
    for (const repository of data.repositories) {
      // An installation belongs to one account; a repository of another owner is counted out, not judged.
      if (repository.owner.login !== owner) others++;
      else if (repositories.length < limit) repositories.push({ repo: { owner, repo: repository.name }, defaultBranch: repository.default_branch ?? 'main', archived: repository.archived === true });
    }
    if (data.repositories.length < 100 || page * 100 >= total) break;
  }
  return { repositories, total: total - others };
}

export interface OpenPull {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
}

/** The first `limit` open pull requests of a repository (most recently updated first), one page. */
export async function openPulls(github: GitHub, repo: RepoRef, limit: number): Promise<OpenPull[]> {
  if (limit <= 0) return [];
  const { data } = await github.rest.pulls.list({ ...repo, state: 'open', sort: 'updated', direction: 'desc', per_page: Math.min(limit, 100) });
  return data.slice(0, limit).map((pull) => ({ number: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha, baseRef: pull.base.ref }));
}

/** Asks GitHub to re-run a check run of this app (it sends `check_run.rerequested`, which re-evaluates it). */
export async function rerequestCheckRun(github: GitHub, repo: RepoRef, checkRunId: number): Promise<void> {
  await github.rest.checks.rerequestRun({ ...repo, check_run_id: checkRunId });
}
