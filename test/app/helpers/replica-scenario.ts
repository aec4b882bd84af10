/**
 * Pull requests for app processes behind the fake GitHub server: one FakeGitHub per repository
 * (it holds one pull request), the scenario's typical change (a GPL package added) as its first
 * head, and `pull_request` payloads naming that repository and its installation.
 */
import { FakeGitHub } from './fake-github.js';
import type { FakeGitHubServer } from './fake-github-server.js';
import { pullRequestPayload, sha } from './fixtures.js';
import { baseFiles, headFiles } from '../scenario.js';

export const OWNER = 'Codertocat';
export const PULL_NUMBER = 7;

export interface ServedPull {
  fake: FakeGitHub;
  installationId: number;
  /** `owner/repo`: the server's target for its requests. */
  target: string;
}

/** A repository with one open pull request whose head adds a GPL package, served with its own installation. */
export function servePull(server: FakeGitHubServer, repo: string, installationId: number): ServedPull {
  const base = sha(`${repo}-base`);
  const head = sha(`${repo}-head-0`);
  const fake = new FakeGitHub({
    baseUrl: server.baseUrl,
    owner: OWNER,
    repo,
    commits: { [base]: { ...baseFiles }, [head]: { ...headFiles } },
    pull: { number: PULL_NUMBER, headSha: head, baseSha: base, baseRef: 'main', state: 'open' },
  });
  server.add(fake, { installationId });
  return { fake, installationId, target: `${OWNER}/${repo}` };
}

/** Pushes a new head to the pull request (files: the current head's, changed by `edit`) and returns its SHA. */
export function pushHead(pull: ServedPull, label: string, edit: (files: Record<string, string>) => Record<string, string>): string {
  const { fake } = pull;
  const head = sha(`${fake.options.repo}-${label}`);
  fake.addCommit(head, edit({ ...fake.options.commits[fake.pull.headSha] }));
  fake.pull.headSha = head;
  return head;
}

/** The `pull_request` webhook for the pull request at its current head. */
export function pullRequestEvent(pull: ServedPull, action: 'opened' | 'synchronize'): unknown {
  const { fake } = pull;
  const payload = pullRequestPayload(action, { number: fake.pull.number, headSha: fake.pull.headSha, baseSha: fake.pull.baseSha, installationId: pull.installationId });
  payload.repository.name = fake.options.repo;
  payload.repository.full_name = `${fake.options.owner}/${fake.options.repo}`;
  payload.repository.owner.login = fake.options.owner;
  return payload;
}

/** The check runs of the head, and whether they are all completed. */
export function checkRunsOf(pull: ServedPull, head = pull.fake.pull.headSha) {
  return pull.fake.checkRuns.filter((run) => run.head_sha === head);
}
