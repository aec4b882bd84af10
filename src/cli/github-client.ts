/** The GitHub client of the CLI's commands that read through the app's adapters (`audit`, `extends: owner/repo:path`). */
import { Octokit } from '@octokit/rest';
import type { GitHub } from '../github/octokit.js';

export function cliGitHub(token: string, env: NodeJS.ProcessEnv, version: string): GitHub {
  // @octokit/rest has the same `rest`, `paginate` and `hook` as Probot's client, which is all the adapter uses.
  // Quiet: a 404 is often GitHub's answer ("Branch not protected"), and the report says what was refused.
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', userAgent: `ospo-gatekeeper/${version}`, log: quiet }) as unknown as GitHub;
}
