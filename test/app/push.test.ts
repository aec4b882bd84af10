import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { POLICY_CHECK_NAME } from '../../src/github/checks.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub, type FakeOptions } from './helpers/fake-github.js';
import { pushPayload, sha } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const BEFORE = sha('push-before');
const AFTER = sha('push-after');
const ZERO = '0'.repeat(40);
const VALID = 'extends: permissive\nlicenses:\n  unknown: fail\n';
// Line 3 column 12: `sometimes`; line 4 column 7: `strict`.
const INVALID = 'licenses:\n  allow: [MIT]\n  unknown: sometimes\nmode: strict\n';

function pushed(after: Record<string, string>, options: Partial<FakeOptions> = {}): FakeGitHub {
  return new FakeGitHub({
    commits: { [BEFORE]: { 'README.md': '# demo\n' }, [AFTER]: { 'README.md': '# demo\n', ...after } },
    // Closed: after a valid policy change, no open pull request to judge again (policy-impact.test.ts has them).
    pull: { number: 1, headSha: AFTER, baseSha: BEFORE, baseRef: 'master', state: 'closed' },
    ...options,
  }).start();
}

const policyCommit = [{ added: [POLICY_FILE], modified: [], removed: [] }];

describe('push to the default branch', () => {
  it('a valid policy pushed -> a completed success check run on `after`, in 4 calls (the settings audit reads the policy too: 2 more; the re-evaluation of open pull requests 5)', async () => {
    const github = pushed({ [POLICY_FILE]: VALID });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    expect(github.checkRuns).toHaveLength(1);
    const run = github.checkRuns[0]!;
    expect(run).toMatchObject({ name: POLICY_CHECK_NAME, head_sha: AFTER, status: 'completed', conclusion: 'success', annotations: [] });
    expect(run.output.summary).toContain('is valid');
    expect(run.output.summary).toContain('`preset:permissive` → `.github/ospo-gatekeeper.yml`');
    // The file is read at `after`, through the contents API (by the validation and by the audit);
    // the re-evaluation that follows a valid change reads it at `before` and `after`.
    expect(github.calls('GET', /Hello-World\/contents\//).map((call) => call.query.get('ref')).sort()).toEqual([AFTER, AFTER, AFTER, BEFORE].sort());
    expect(github.apiCalls.map((call) => `${call.method} ${call.path.replace(/[0-9a-f]{40}/g, '{sha}')}`).sort()).toEqual([
      'GET /repos/Codertocat/.github/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/.github/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/.github/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/.github/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/Hello-World/commits/{sha}/check-runs',
      'GET /repos/Codertocat/Hello-World/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/Hello-World/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/Hello-World/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/Hello-World/contents/.github%2Fospo-gatekeeper.yml',
      'GET /repos/Codertocat/Hello-World/pulls',
      'POST /repos/Codertocat/Hello-World/check-runs',
    ]);
    expect(app.outcomes).toHaveLength(3);
    expect(app.outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'done', conclusion: 'success', checkRunId: expect.any(Number) }),
        // The re-evaluation: no open pull request.
        expect.objectContaining({ status: 'done', conclusion: 'success', calls: 5 }),
        expect.objectContaining({ status: 'skipped', reason: 'the policy asks nothing of the repository settings' }) // its two calls are counted above (plus the token request, when it came first),
      ]),
    );
  });

  it('an invalid policy pushed -> failure with an annotation at every error\'s line and column', async () => {
    const github = pushed({ [POLICY_FILE]: INVALID });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: [{ added: [], modified: [POLICY_FILE], removed: [] }] }));
    const run = github.checkRuns[0]!;
    expect(run).toMatchObject({ name: POLICY_CHECK_NAME, head_sha: AFTER, conclusion: 'failure', output: { title: 'The policy is invalid: 2 errors' } });
    expect(run.output.summary).toMatch(/\| `\.github\/ospo-gatekeeper\.yml` \| 3:12 \|/);
    expect(run.annotations).toEqual([
      expect.objectContaining({ path: POLICY_FILE, start_line: 3, end_line: 3, start_column: 12, end_column: 12, annotation_level: 'failure' }),
      expect.objectContaining({ path: POLICY_FILE, start_line: 4, end_line: 4, start_column: 7, end_column: 7, annotation_level: 'failure' }),
    ]);
  });

  it('merges the org layer: a repository key the org does not let repositories override is an error', async () => {
    const github = pushed({ [POLICY_FILE]: VALID }, { orgPolicy: 'overrides:\n  allowed: [exceptions]\n' });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.map((annotation) => [annotation.start_line, annotation.start_column])).toEqual([[1, 1], [2, 1]]);
  });

  it('a valid policy whose exception matches no package in the pushed tree: success, with the unused exception as a notice', async () => {
    const lock = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { 'used-lib': '^1.0.0' } }, 'node_modules/used-lib': { version: '1.0.0', license: 'MIT' } } }, null, 2);
    const policy = 'exceptions:\n  - package: pkg:npm/used-lib\n    reason: in use\n  - package: pkg:npm/gone-lib\n    reason: removed last year\n';
    const github = pushed({ [POLICY_FILE]: policy, 'package-lock.json': lock });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    const run = github.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(run.conclusion).toBe('success');
    expect(run.output.summary).toContain('#### ℹ️ 1 notice');
    expect(run.output.summary).toMatch(/- the exception for pkg:npm\/gone-lib \(removed last year.*\) matches no package in the whole tree/);
    expect(run.output.summary).not.toContain('pkg:npm/used-lib (in use');
  });

  it('a locked key loosened by the repository file fails the policy check at that line', async () => {
    const github = pushed({ [POLICY_FILE]: 'vulnerabilities:\n  fail-on: critical\n' }, { orgPolicy: 'overrides:\n  locked: [vulnerabilities.fail-on]\nvulnerabilities:\n  fail-on: high\n' });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.map((annotation) => [annotation.start_line, annotation.start_column, annotation.message])).toEqual([
      [2, 3, 'vulnerabilities.fail-on: locked by the organization policy (Codertocat/.github:.github/ospo-gatekeeper.yml:2) at high; this file makes it critical, which is looser: the organization\'s value stands'],
    ]);
  });

  it('in the org\'s `.github` repository the file is the org default, annotated in that repository', async () => {
    const github = pushed({ [POLICY_FILE]: INVALID }, { repo: '.github' });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, repo: '.github', commits: policyCommit }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('every repository of the organization');
    expect(run.annotations.map((annotation) => [annotation.path, annotation.start_line])).toEqual([[POLICY_FILE, 3], [POLICY_FILE, 4]]);
    // The org layer is this file: read once at `after` by the validation (the audit, which reads it
    // there too, and the org audit, which compares `before` and `after`, read it on their own).
    expect(github.calls('GET', /contents\//).map((call) => call.query.get('ref')).sort()).toEqual([AFTER, AFTER, AFTER, BEFORE].sort());
  });

  it('a push that does not touch the policy file: no validation call; the audit reads the policy and stops when it asks nothing of the settings', async () => {
    const github = pushed({ 'src/index.ts': 'export {};\n' });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: [{ added: ['src/index.ts'], modified: ['README.md'], removed: [] }] }));
    expect(github.apiCalls.map((call) => `${call.method} ${call.path.split('/')[3]} ${call.path.split('/')[4]}`).sort()).toEqual(['GET .github contents', 'GET Hello-World contents']);
    expect(app.outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'skipped', reason: 'the push does not change the policy file', calls: 0 }),
        expect.objectContaining({ status: 'skipped', reason: 'the policy asks nothing of the repository settings' }) // its two calls are counted above (plus the token request, when it came first),
      ]),
    );
  });

  it('a push to another branch, or a deletion of the default branch, makes no GitHub call', async () => {
    const github = pushed({ [POLICY_FILE]: INVALID });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, ref: 'refs/heads/feature', commits: policyCommit }));
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, ref: 'refs/tags/v1.0.0', commits: policyCommit }));
    await app.deliver('push', pushPayload({ before: AFTER, after: ZERO, commits: [] }));
    expect(github.requests).toEqual([]);
    expect(app.outcomes).toEqual([]);
  });

  it('20 commits (the payload may be cut) -> compares before...after: validated when the file changed, else stops there', async () => {
    const twenty = Array.from({ length: 20 }, () => ({ added: ['src/x.ts'], modified: [], removed: [] }));
    const changed = pushed({ [POLICY_FILE]: INVALID });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: twenty }));
    expect(changed.calls('GET', /compare\//)[0]!.path).toContain(`${BEFORE}...${AFTER}`);
    expect(changed.checkRuns[0]).toMatchObject({ name: POLICY_CHECK_NAME, conclusion: 'failure' });
    changed.stop();
    nock.cleanAll();
    isolateNetwork();

    const unchanged = pushed({ 'src/x.ts': 'x\n' });
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: twenty }));
    // The validation compares and stops; the audit's two policy reads are the rest.
    expect(unchanged.apiCalls.map((call) => call.method + ' ' + call.path.split('/')[4]).sort()).toEqual(['GET compare', 'GET contents', 'GET contents']);
    expect(unchanged.checkRuns).toHaveLength(0);
  });

  it('commits without file lists -> compare too', async () => {
    const github = pushed({ [POLICY_FILE]: VALID });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: [{}] }));
    expect(github.calls('GET', /compare\//)).toHaveLength(1);
    expect(github.checkRuns[0]).toMatchObject({ conclusion: 'success' });
  });

  it('a redelivery creates no second check run', async () => {
    const github = pushed({ [POLICY_FILE]: VALID });
    const payload = pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit });
    await (await harness()).deliver('push', payload, 'push-a');
    const other = await harness();
    await other.deliver('push', payload, 'push-a');
    expect(github.checkRuns).toHaveLength(1);
    expect(other.outcomes[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('already validated') });
  });

  it("a pull request's policy preview on the pushed commit (a fast-forward merge) is not taken for the validation", async () => {
    const github = pushed({ [POLICY_FILE]: VALID });
    github.checkRuns.push({ id: 900, name: POLICY_CHECK_NAME, head_sha: AFTER, external_id: 'ospo-gatekeeper:v1:policy-preview:pr=1', status: 'completed', conclusion: 'success', started_at: new Date().toISOString(), output: {}, annotations: [], updates: [] });
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    expect(github.checkRuns.map((run) => [run.id, run.conclusion])).toEqual([
      [900, 'success'],
      [1001, 'success'],
    ]);
  });

  it('GitHub failing mid-way -> a neutral check run saying what could not be done, never a pass', async () => {
    const github = pushed({ [POLICY_FILE]: VALID });
    github.fail('GET', /Hello-World\/contents\//, 500, 2); // the validation's read and the audit's
    const app = await harness();
    await app.deliver('push', pushPayload({ before: BEFORE, after: AFTER, commits: policyCommit }));
    const validation = github.checkRuns.find((run) => run.name === POLICY_CHECK_NAME);
    expect(validation).toMatchObject({ conclusion: 'neutral', output: { title: 'Could not validate the policy' } });
    expect(validation!.output.summary).toContain('could not read the policy');
    // The audit could not read the policy either: neutral too, saying so.
    expect(github.checkRuns.find((run) => run.name === 'ospo-gatekeeper / repository')).toMatchObject({ conclusion: 'neutral', output: { title: 'Could not audit the repository settings' } });
  });
});
