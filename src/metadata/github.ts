/**
 * Licenses of packages whose source repository is the package (GitHub Actions): the license
 * GitHub detects in the repository at the pinned ref. The reader is an adapter: the GitHub API
 * over fetch with GITHUB_TOKEN in the CLI, the installation's Octokit in the app.
 */
import { ecosystemById } from '../ecosystems/registry.js';
import type { Dependency } from '../deps/model.js';
import { fetchJson } from './http.js';
import { licenseFacts } from './license-facts.js';
import { perPackageSource } from './per-package.js';
import type { FactSource } from './types.js';

/** The SPDX id GitHub detects for `owner/repo` at `ref` (`NOASSERTION` when it can't tell); null without a license file. */
export type RepositoryLicenseReader = (owner: string, repo: string, ref: string | undefined) => Promise<string | null>;

export const NO_GITHUB_TOKEN = 'no GITHUB_TOKEN to ask the GitHub API';

export function githubLicenseSource(name: string, read: RepositoryLicenseReader | undefined): FactSource {
  const repositoryOf = (dependency: Dependency) => ecosystemById(dependency.ecosystem)?.repositoryOf?.(dependency);
  return perPackageSource({
    name,
    ...(read === undefined ? { unavailable: NO_GITHUB_TOKEN } : {}),
    supports: (dependency) => repositoryOf(dependency) !== undefined,
    fetch: async (dependency) => {
      const repository = repositoryOf(dependency);
      if (!repository || !read) return {};
      return licenseFacts(await read(repository.owner, repository.repo, repository.ref), name);
    },
  });
}

/** The GitHub REST API over fetch (CLI): GET /repos/{owner}/{repo}/license?ref=. */
export function fetchRepositoryLicense(apiUrl: string, token: string, timeoutMs: number): RepositoryLicenseReader {
  const base = apiUrl.replace(/\/+$/, '');
  return async (owner, repo, ref) => {
    const url = `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/license${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`;
    const answer = (await fetchJson(url, timeoutMs, { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' })) as {
      license?: { spdx_id?: unknown } | null;
    } | null;
    const id = answer?.license?.spdx_id;
    return typeof id === 'string' && id !== '' ? id : null;
  };
}
