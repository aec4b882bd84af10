/**
 * Audits that fan out: repositories added to the installation, and a change of the org policy's
 * `repository:` section (a push to `<org>/.github`), an audit job each; the org audit itself
 * compares the policy at `before` and `after` and stops when `repository:` did not change.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { SETTINGS_CHECK_NAME } from '../../src/github/checks.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { SettingsWorld } from './helpers/fake-settings.js';
import { pushPayload, sha } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const BEFORE = sha('org-before');
const AFTER = sha('org-after');
const HEAD = sha('repo-head');
const WITH_AUDIT = 'repository:\n  branch-protection:\n    required-approvals: 1\n';
const WITHOUT = 'licenses:\n  unknown: warn\n';

/** Two repositories of Codertocat (Hello-World, Spoon-Knife) and the org's `.github`, whose policy differs by ref. */
function organization(orgPolicyAt: Record<string, string>) {
  const worlds = ['Hello-World', 'Spoon-Knife'].map((repo) => new SettingsWorld({ repo, headSha: HEAD }));
  const routes = (method: string, path: string, query: URLSearchParams, body: any): [number, any, Record<string, string>?] | undefined => {
    if (method === 'GET' && path === '/installation/repositories') return [200, { total_count: 2, repositories: worlds.map((world) => ({ name: world.repo, owner: { login: 'Codertocat' } })) }];
    if (method === 'GET' && path === `/repos/Codertocat/.github/contents/${encodeURIComponent(POLICY_FILE)}`) {
      const text = orgPolicyAt[query.get('ref') ?? 'default'];
      return text === undefined ? [404, { message: 'Not Found' }] : [200, { type: 'file', path: POLICY_FILE, size: text.length, encoding: 'base64', content: Buffer.from(text).toString('base64') }];
    }
    if (method === 'GET' && /^\/repos\/Codertocat\/[^/]+\/contents\//.test(path)) return [404, { message: 'Not Found' }];
    if (method === 'POST' && /^\/repos\/Codertocat\/[^/]+\/check-runs$/.test(path)) {
      checkRuns.push({ repo: path.split('/')[3] as string, ...body });
      return [201, { id: checkRuns.length }];
    }
    for (const world of worlds) {
      const answer = world.route(method, path, query, body);
      if (answer) return answer;
    }
    return undefined;
  };
  const checkRuns: { repo: string; name: string; conclusion: string; head_sha: string }[] = [];
  const github = new FakeGitHub({ commits: { [HEAD]: {} }, pull: { number: 1, headSha: HEAD, baseSha: HEAD, baseRef: 'master', state: 'open' }, extraRoutes: routes }).start();
  return { github, worlds, checkRuns };
}

async function settled(app: { outcomes: unknown[] }, count: number) {
  for (let i = 0; i < 300 && app.outcomes.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return app.outcomes;
}

describe('org-wide audits', () => {
  it("installation_repositories.added -> one audit of each added repository", async () => {
    const { checkRuns } = organization({ default: WITH_AUDIT });
    const app = await harness();
    await app.deliver('installation_repositories', { action: 'added', installation: { id: 1, account: { login: 'Codertocat' } }, repositories_added: [{ name: 'Hello-World' }, { name: 'Spoon-Knife' }], repositories_removed: [], repository_selection: 'selected', sender: { login: 'octocat' } });
    await settled(app, 3); // two audits and the org audit that ran them
    expect(checkRuns.map((run) => [run.repo, run.name, run.conclusion, run.head_sha]).sort()).toEqual([
      ['Hello-World', SETTINGS_CHECK_NAME, 'failure', HEAD],
      ['Spoon-Knife', SETTINGS_CHECK_NAME, 'failure', HEAD],
    ]);
  });

  it("a push to <org>/.github that changes repository: re-audits every repository of the installation", async () => {
    const { checkRuns } = organization({ [BEFORE]: WITHOUT, [AFTER]: WITH_AUDIT, default: WITH_AUDIT });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, repo: '.github', commits: [{ added: [], modified: [POLICY_FILE], removed: [] }] }));
    await settled(app, 5); // the .github repository's validation and audit, the org audit, and its two audits
    expect(checkRuns.filter((run) => run.repo !== '.github').map((run) => `${run.repo} ${run.conclusion}`).sort()).toEqual(['Hello-World failure', 'Spoon-Knife failure']);
  });

  it('a push to <org>/.github that leaves repository: as it was audits no other repository', async () => {
    const changedLicensesOnly = `${WITH_AUDIT}licenses:\n  unknown: warn\n`;
    const { checkRuns } = organization({ [BEFORE]: WITH_AUDIT, [AFTER]: changedLicensesOnly, default: changedLicensesOnly });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, repo: '.github', commits: [{ added: [], modified: [POLICY_FILE], removed: [] }] }));
    const outcomes = await settled(app, 3);
    expect(outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'skipped', reason: "the push does not change the organization policy's repository requirements" })]));
    expect(checkRuns.filter((run) => run.repo !== '.github')).toEqual([]);
  });

  it('repository.edited -> an audit of that repository (its default branch read for the head)', async () => {
    const { checkRuns } = organization({ default: WITH_AUDIT });
    const app = await harness();
    const repository = { ...pushPayload({ before: BEFORE, after: AFTER }).repository, default_branch: 'master' };
    await app.deliver('repository', { action: 'edited', changes: {}, repository, installation: { id: 1 }, sender: repository.owner });
    await settled(app, 1);
    expect(checkRuns).toEqual([expect.objectContaining({ repo: 'Hello-World', name: SETTINGS_CHECK_NAME, head_sha: HEAD, conclusion: 'failure' })]);
  });

  it('repository.created for an empty repository (no commit on its default branch yet) is skipped, not a failure', async () => {
    const { checkRuns, worlds } = organization({ default: WITH_AUDIT });
    worlds[0]!.repository.default_branch = 'main';
    worlds[0]!.empty = true;
    const app = await harness();
    const repository = { ...pushPayload({ before: BEFORE, after: AFTER }).repository, default_branch: 'main' };
    await app.deliver('repository', { action: 'created', repository, installation: { id: 1 }, sender: repository.owner });
    expect(await settled(app, 1)).toEqual([expect.objectContaining({ status: 'skipped', reason: 'the default branch main has no commit yet' })]);
    expect(checkRuns).toEqual([]);
  });
});
