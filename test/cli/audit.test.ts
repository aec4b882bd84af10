/** `ospo-gatekeeper audit OWNER/REPO`: the settings audit from a terminal, against a fake GitHub (GHES base URL). */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { runCli } from '../../src/cli.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub } from '../app/helpers/fake-github.js';
import { SettingsWorld } from '../app/helpers/fake-settings.js';
import { sha } from '../app/helpers/fixtures.js';
import { isolateNetwork } from '../app/helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const GHES = 'https://ghes.example.test/api/v3';
const HEAD = sha('cli-audit-head');
const POLICY = 'repository:\n  branch-protection:\n    required-approvals: 2\n  required-files: [LICENSE, SECURITY.md]\n';

function fake(policy = POLICY) {
  const world = new SettingsWorld({ headSha: HEAD });
  const github = new FakeGitHub({ baseUrl: GHES, commits: { [HEAD]: { LICENSE: 'MIT\n', [POLICY_FILE]: policy } }, pull: { number: 1, headSha: HEAD, baseSha: HEAD, baseRef: 'master', state: 'open' }, extraRoutes: world.route }).start();
  return { world, github };
}

async function run(args: string[], env: NodeJS.ProcessEnv = { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: GHES }, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['audit', ...args], { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env, isTty: false, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('ospo-gatekeeper audit', () => {
  it('audits against the policy on the default branch: exit 1 with every failing requirement and its fix', async () => {
    const { github } = fake();
    const result = await run(['Codertocat/Hello-World']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Codertocat/Hello-World (default branch master): 2 requirements of 3 not met');
    expect(result.stdout).toContain('FAIL  master: required approvals: master has no classic protection and no active ruleset');
    expect(result.stdout).toContain('FAIL  SECURITY.md: no SECURITY.md in the root, .github/, docs/, and Codertocat/.github has none to fall back on');
    expect(result.stdout).toContain('pass  LICENSE: found at LICENSE');
    // Read-only: nothing written to GitHub.
    expect(github.apiCalls.filter((call) => call.method !== 'GET')).toEqual([]);
    expect(github.apiCalls.every((call) => call.query !== undefined)).toBe(true);
  });

  it('--format json gives the report; --policy FILE replaces the repository\'s policy; exit 0 when met', async () => {
    const { world } = fake();
    world.classic = { url: 'x', required_pull_request_reviews: { url: 'x', required_approving_review_count: 2, dismiss_stale_reviews: false, require_code_owner_reviews: false }, enforce_admins: { url: 'x', enabled: true } };
    const dir = mkdtempSync(join(tmpdir(), 'ospo-audit-'));
    writeFileSync(join(dir, 'policy.yml'), 'repository:\n  branch-protection:\n    required-approvals: 2\n');
    const result = await run(['Codertocat/Hello-World', '--policy', 'policy.yml', '--format', 'json'], undefined, dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, conclusion: 'success', counts: { pass: 1, fail: 0, notVerifiable: 0 }, policySources: ['policy.yml'], sha: HEAD });
    expect(report.results).toEqual([expect.objectContaining({ rule: 'settings/branch-protection', check: 'master: required approvals', verdict: 'pass', found: '2 approving reviews via classic branch protection' })]);
  });

  it('--policy FILE that extends a local file: the requirements of the parent count (issue 16)', async () => {
    const { world } = fake();
    world.classic = { url: 'x', required_pull_request_reviews: { url: 'x', required_approving_review_count: 1, dismiss_stale_reviews: false, require_code_owner_reviews: false }, enforce_admins: { url: 'x', enabled: true } };
    const dir = mkdtempSync(join(tmpdir(), 'ospo-audit-'));
    writeFileSync(join(dir, 'base.yml'), 'repository:\n  branch-protection:\n    required-approvals: 2\n');
    writeFileSync(join(dir, 'policy.yml'), 'extends: ./base.yml\n');
    const result = await run(['Codertocat/Hello-World', '--policy', 'policy.yml', '--format', 'json'], undefined, dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ conclusion: 'failure', counts: { pass: 0, fail: 1 }, policySources: ['base.yml', 'policy.yml'] });
    writeFileSync(join(dir, 'orphan.yml'), 'extends: ./gone.yml\n');
    expect(await run(['Codertocat/Hello-World', '--policy', 'orphan.yml'], undefined, dir)).toMatchObject({ code: 2, stderr: 'ospo-gatekeeper: the policy is invalid:\norphan.yml:1:1: extends: gone.yml could not be read: ENOENT\n' });
  });

  it('usage and environment errors exit 2 with one line', async () => {
    expect(await run(['not-a-repo'])).toMatchObject({ code: 2, stderr: expect.stringContaining('audit takes one OWNER/REPO (got not-a-repo)') });
    expect(await run(['a/b'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('set GITHUB_TOKEN') });
    expect(await run(['a/b', '--format', 'sarif'])).toMatchObject({ code: 2, stderr: 'ospo-gatekeeper: --format must be one of text, json, markdown\n' });
    fake();
    const missing = await run(['Codertocat/nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ospo-gatekeeper: Codertocat\/nope: could not read the repository: /);
  });

  it('a policy that asks nothing of the settings: exit 0, said on stderr', async () => {
    fake('licenses:\n  unknown: warn\n');
    expect(await run(['Codertocat/Hello-World'])).toMatchObject({ code: 0, stdout: '', stderr: 'ospo-gatekeeper: Codertocat/Hello-World was not audited: the policy asks nothing of the repository settings\n' });
  });
});
