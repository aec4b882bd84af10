/**
 * The impact of a policy change: a pull request to the org's `.github` policy gets an
 * `ospo-gatekeeper / policy` check listing the repositories (and packages) whose default branch
 * the proposed policy judges differently; after the merge, the open pull requests it affects get
 * their check re-requested, the others not.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME, POLICY_CHECK_NAME } from '../../src/github/checks.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { siblings } from './helpers/fake-siblings.js';
import { project, pullRequestPayload, pushPayload, sha } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { basePackages, headPackages } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const ORG_BASE = sha('org-base');
const ORG_HEAD = sha('org-head');
const GPL_REPO = sha('hello-world-main');
const MIT_REPO = sha('spoon-knife-main');
// Today: GPL-3.0-only allowed, unknown licenses allowed. Proposed: GPL-3.0-only denied.
const CURRENT = 'licenses:\n  allow: [permissive, GPL-3.0-only]\n  unknown: allow\n';
const DENY_GPL = 'licenses:\n  allow: [permissive]\n  deny: [GPL-3.0-only]\n  unknown: allow\n';
// Line 3 column 12: `sometimes`; line 4 column 7: `strict`.
const INVALID = 'licenses:\n  allow: [MIT]\n  unknown: sometimes\nmode: strict\n';

/** The org's `.github` (a pull request #7 changing its policy) and two repositories: one uses a GPL package, one does not. */
function organization(proposed: string, extra: { pulls?: boolean } = {}) {
  const world = siblings('Codertocat', { name: '.github', defaultBranch: 'main' }, [
    { name: 'Hello-World', defaultBranch: 'main', head: GPL_REPO, ...(extra.pulls ? { pulls: [{ number: 3, headSha: sha('hw-pr-head'), baseSha: sha('hw-pr-base'), baseRef: 'main' }] } : {}) },
    { name: 'Spoon-Knife', defaultBranch: 'main', head: MIT_REPO, ...(extra.pulls ? { pulls: [{ number: 4, headSha: sha('sk-pr-head'), baseSha: sha('sk-pr-base'), baseRef: 'main' }] } : {}) },
  ]);
  const github = new FakeGitHub({
    repo: '.github',
    commits: {
      [ORG_BASE]: { [POLICY_FILE]: CURRENT },
      [ORG_HEAD]: { [POLICY_FILE]: proposed },
      [GPL_REPO]: project(headPackages),
      [MIT_REPO]: project(basePackages),
      // Hello-World's open pull request adds the GPL package; Spoon-Knife's only edits its README.
      [sha('hw-pr-base')]: project(basePackages),
      [sha('hw-pr-head')]: project(headPackages),
      [sha('sk-pr-base')]: project(basePackages),
      [sha('sk-pr-head')]: { ...project(basePackages), 'README.md': '# changed\n' },
    },
    pull: { number: 7, headSha: ORG_HEAD, baseSha: ORG_BASE, baseRef: 'main', state: extra.pulls ? 'closed' : 'open' },
    extraRoutes: (method, path, query, body) => world.routes(method, path, query, body),
  });
  world.attach(github).start();
  return { github, world };
}

function orgPullOpened() {
  const payload = pullRequestPayload('opened', { number: 7, headSha: ORG_HEAD, baseSha: ORG_BASE, baseRef: 'main' });
  payload.repository.name = '.github';
  payload.repository.full_name = 'Codertocat/.github';
  return payload;
}

describe('the impact preview of a change of the org policy', () => {
  it('a PR denying a license one repository uses: the policy check lists that repository and package, not the other', async () => {
    const { github } = organization(DENY_GPL);
    const app = await harness();
    await app.deliver('pull_request', orgPullOpened());
    const check = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME)!;
    expect(check).toMatchObject({ head_sha: ORG_HEAD, status: 'completed', conclusion: 'success', annotations: [] });
    expect(check.output.title).toBe('The proposed policy is valid · 1 repository judged differently');
    const summary: string = check.output.summary;
    // Three repositories judged (the `.github` one has no dependencies): only Hello-World's verdict changes.
    expect(summary).toContain('The default branch of 3 repositories was judged under the current and the proposed policy: 1 repository judged differently.');
    // Offline, both verdicts carry the "facts not looked up" warning: neutral today, failure after merge.
    expect(summary).toContain('| `Codertocat/Hello-World` | ⚠️ neutral | ❌ failure | 1 package |');
    expect(summary).toMatch(/- `gpl-thing@3\.0\.0` \(`package\.json`\): \*\*new error\*\* `license\/denied`: /);
    expect(summary).not.toContain('Spoon-Knife');
    expect(summary).not.toContain('Not evaluated');
    // Each repository's tree listed once and each file read once, though judged under two policies.
    expect(github.calls('GET', /Hello-World\/git\/trees\//)).toHaveLength(1);
    expect(github.calls('GET', /Hello-World\/git\/blobs\//)).toHaveLength(2); // package.json, package-lock.json
    expect(github.calls('GET', /^\/installation\/repositories$/)).toHaveLength(1);
    // The dependency check of the pull request itself is still written, under the base policy.
    expect(github.checkRuns.find((run) => run.name === CHECK_NAME)).toBeDefined();
  });

  it('an invalid change still fails, annotated on the bad lines, with no preview (no repository listed)', async () => {
    const { github } = organization(INVALID);
    const app = await harness();
    await app.deliver('pull_request', orgPullOpened());
    const check = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME)!;
    expect(check.conclusion).toBe('failure');
    expect(check.output.title).toBe('The proposed policy is invalid: 2 errors');
    expect(check.output.summary).toContain('No impact preview: the proposed policy does not load.');
    expect(check.annotations.map((annotation: any) => [annotation.path, annotation.start_line, annotation.start_column])).toEqual([
      [POLICY_FILE, 3, 12],
      [POLICY_FILE, 4, 7],
    ]);
    expect(github.calls('GET', /^\/installation\/repositories$/)).toHaveLength(0);
    expect(github.checkRuns.find((run) => run.name === CHECK_NAME)!.conclusion).toBe('failure');
  });

  it('a repository that can not be read is listed as not evaluated, and the check is neutral', async () => {
    const { github } = organization(DENY_GPL);
    github.fail('GET', /Spoon-Knife\/git\/trees\//, 500);
    const app = await harness();
    await app.deliver('pull_request', orgPullOpened());
    const check = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME)!;
    expect(check.conclusion).toBe('neutral');
    expect(check.output.summary).toContain('**Not evaluated** (1)');
    expect(check.output.summary).toContain('- `Codertocat/Spoon-Knife`: GitHub answered 500');
    expect(check.output.summary).toContain('`Codertocat/Hello-World`');
  });

  it('OSPO_IMPACT_REPOSITORIES=1: one repository evaluated, the limit said', async () => {
    const { github } = organization(DENY_GPL);
    const app = await harness({ app: { env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15', OSPO_IMPACT_REPOSITORIES: '1' } } });
    await app.deliver('pull_request', orgPullOpened());
    const check = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME)!;
    expect(check.conclusion).toBe('neutral');
    expect(check.output.summary).toContain('**Limit reached:** the installation has 3 repositories; only the first 1 (as GitHub lists them) were evaluated (OSPO_IMPACT_REPOSITORIES=1).');
    expect(github.calls('GET', /(Hello-World|Spoon-Knife)\/git\/trees\//)).toHaveLength(0);
  });
});

describe("the impact preview of a change of a repository's own policy", () => {
  it('N=1: that repository alone, at the base, under its current and proposed file', async () => {
    const base = sha('own-base');
    const head = sha('own-head');
    const github = new FakeGitHub({
      commits: { [base]: { ...project(headPackages), [POLICY_FILE]: CURRENT }, [head]: { ...project(headPackages), [POLICY_FILE]: DENY_GPL } },
      pull: { number: 9, headSha: head, baseSha: base, baseRef: 'main', state: 'open' },
    }).start();
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 9, headSha: head, baseSha: base, baseRef: 'main' }));
    const check = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME)!;
    expect(check.conclusion).toBe('success');
    expect(check.output.summary).toContain('The default branch of 1 repository was judged');
    expect(check.output.summary).toContain(`#### \`Codertocat/Hello-World\` at \`${base.slice(0, 7)}\``);
    expect(check.output.summary).toContain('`gpl-thing@3.0.0` (`package.json`): **new error** `license/denied`');
    // Never the installation's repositories: only this one.
    expect(github.calls('GET', /^\/installation\/repositories$/)).toHaveLength(0);
  });
});

describe('after the org policy change is merged', () => {
  it('the push re-requests the check of the open pull request whose verdict it changes, not of the other', async () => {
    const { github, world } = organization(DENY_GPL, { pulls: true });
    // Our earlier dependency checks on both pull requests' heads.
    world.checkRuns.push(
      { id: 71, repo: 'Hello-World', name: CHECK_NAME, head_sha: sha('hw-pr-head'), status: 'completed', conclusion: 'neutral' },
      { id: 72, repo: 'Spoon-Knife', name: CHECK_NAME, head_sha: sha('sk-pr-head'), status: 'completed', conclusion: 'neutral' },
    );
    const app = await harness();
    await app.deliver('push', pushPayload({ before: ORG_BASE, after: ORG_HEAD, ref: 'refs/heads/master', repo: '.github', commits: [{ modified: [POLICY_FILE] }] }));
    expect(world.rerequested).toEqual([{ repo: 'Hello-World', id: 71 }]);
    // Both were judged under the two policies (not skipped): Spoon-Knife's change is unaffected.
    expect(github.calls('GET', /Spoon-Knife\/compare\//)).toHaveLength(1);
    expect(github.calls('GET', /Hello-World\/compare\//)).toHaveLength(1);
    expect(app.outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'done', conclusion: 'success' })]));
  });
});
