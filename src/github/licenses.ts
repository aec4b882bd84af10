/** The license GitHub detects in a repository at a ref, through the installation's client (action licenses in the app). */
import type { RepositoryLicenseReader } from '../metadata/github.js';
import { SourceError } from '../metadata/http.js';
import { statusOf, type GitHub } from './octokit.js';

export function octokitLicenseReader(github: GitHub): RepositoryLicenseReader {
  return async (owner, repo, ref) => {
    try {
      const { data } = await github.rest.licenses.getForRepo({ owner, repo, ...(ref ? { ref } : {}) });
      const id = data.license?.spdx_id;
      return typeof id === 'string' && id !== '' ? id : null;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return null; // no license file GitHub recognises, or no such repository
      if (status === 403 || status === 429) throw new SourceError(`GitHub answered ${status}`, 'rate-limited');
      if (status === undefined) throw new SourceError(error instanceof Error ? error.message : String(error), 'connection');
      throw new SourceError(`GitHub answered ${status}`, 'server');
    }
  };
}
