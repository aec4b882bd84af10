/** The app's installations, as the app itself (JWT) lists them: what the sweeper walks. */
import type { GitHub } from './octokit.js';

export interface Installation {
  id: number;
  /** The account the app is installed on (an organization or a user). */
  login: string;
}

/** Every installation of the app (`GET /app/installations`, all pages); `appGithub` is authenticated as the app, not an installation. */
export async function listInstallations(appGithub: GitHub): Promise<Installation[]> {
  const installations = await appGithub.paginate('GET /app/installations', { per_page: 100 });
  return installations.flatMap((installation) => {
    const account = installation.account;
    // `account` is a user or an enterprise; an enterprise has a `slug`, no `login`, and no repositories to sweep.
    const login = account && 'login' in account ? account.login : undefined;
    return login ? [{ id: installation.id, login }] : [];
  });
}
