/**
 * The settings adapter against the fake GitHub: which calls one audit makes, and what each
 * refusal (403) or absence (404) becomes in the snapshot (GitHub's meaning per endpoint).
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { countCalls, type GitHub } from '../../src/github/octokit.js';
import { gatherSettings, readRepository } from '../../src/github/settings.js';
import { FakeGitHub } from '../app/helpers/fake-github.js';
import { SettingsWorld } from '../app/helpers/fake-settings.js';
import { sha } from '../app/helpers/fixtures.js';
import { isolateNetwork, testOctokit } from '../app/helpers/harness.js';
import { repositoryPolicyOf } from '../settings/fixtures.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const HEAD = sha('adapter-head');
const repo = { owner: 'Codertocat', repo: 'Hello-World' };
const FULL = `repository:
  branch-protection: { required-approvals: 1, enforce-admins: true }
  required-files: [LICENSE, SECURITY.md, CODEOWNERS]
  license: { allow: [MIT] }
  security: { vulnerability-alerts: true, secret-scanning: true, private-vulnerability-reporting: true }
  merge: { delete-branch-on-merge: true }
  hygiene: { outside-admins: false }
`;

function setUp(files: Record<string, string> = { LICENSE: 'MIT\n', '.github/SECURITY.md': 'mail us\n', '.github/CODEOWNERS': '* @octocat\n' }, license: string | null = 'MIT') {
  const world = new SettingsWorld({ headSha: HEAD });
  const extra = (method: string, path: string, query: URLSearchParams, body: any): [number, any, Record<string, string>?] | undefined => {
    const own = world.route(method, path, query, body);
    if (own) return own;
    if (method === 'GET' && path === '/repos/Codertocat/Hello-World/codeowners/errors') return [200, { errors: [] }];
    if (method === 'GET' && path === '/repos/Codertocat/Hello-World/vulnerability-alerts') return [204, ''];
    if (method === 'GET' && path === '/repos/Codertocat/Hello-World/private-vulnerability-reporting') return [200, { enabled: true }];
    if (method === 'GET' && path === '/repos/Codertocat/Hello-World/collaborators') return [200, []];
    return undefined;
  };
  const fake = new FakeGitHub({ commits: { [HEAD]: files }, pull: { number: 1, headSha: HEAD, baseSha: HEAD, baseRef: 'master', state: 'open' }, extraRoutes: extra, repositoryLicenses: license ? { 'Codertocat/Hello-World@': license } : {} }).start();
  const Octokit = testOctokit(false);
  const github = new Octokit({ auth: 'ghs_test' }) as unknown as GitHub;
  return { world, fake, github };
}

async function gather(github: GitHub, yaml = FULL) {
  const data = await readRepository(github, repo);
  return gatherSettings(github, repo, data, repositoryPolicyOf(yaml), HEAD);
}

describe('gatherSettings', () => {
  it('a full policy on a repository with one ruleset: 11 calls, each piece read', async () => {
    const { world, github, fake } = setUp();
    world.repository.security_and_analysis = { secret_scanning: { status: 'enabled' } };
    world.rules = [{ type: 'pull_request', ruleset_id: 7, ruleset_source_type: 'Repository', ruleset_source: 'Codertocat/Hello-World', parameters: { required_approving_review_count: 1 } }];
    world.rulesets.set(7, { id: 7, name: 'main', enforcement: 'active', source_type: 'Repository', source: 'Codertocat/Hello-World', bypass_actors: [] });
    const calls = countCalls(github);
    const settings = await gather(github);
    const routes = fake.apiCalls.map((call) => `${call.method} ${call.path.replace('/repos/Codertocat/Hello-World', '').replace(/[0-9a-f]{40}/, '{sha}')}`);
    expect(routes.sort()).toEqual(
      [
        'GET ', // the repository itself (settings, security_and_analysis)
        'GET /branches/master/protection',
        'GET /rules/branches/master',
        'GET /rulesets/7',
        'GET /git/trees/{sha}',
        'GET /git/trees/{sha}', // .github/: SECURITY.md and CODEOWNERS are not in the root
        'GET /codeowners/errors',
        'GET /license',
        'GET /vulnerability-alerts',
        'GET /private-vulnerability-reporting',
        'GET /collaborators',
      ].sort(),
    );
    expect(calls.count).toBe(11);
    expect(settings.branches[0]).toMatchObject({ name: 'master', classic: { known: true, value: null }, rules: { known: true } });
    expect(settings.rulesets.get(7)).toMatchObject({ known: true, value: { name: 'main' } });
    expect([...(settings.files.known ? settings.files.value.keys() : [])].sort()).toEqual(['.github/CODEOWNERS', '.github/SECURITY.md', 'LICENSE']);
    expect(settings.orgDefaults).toEqual({ known: true, value: new Map() }); // SECURITY.md was found: the org repository is not asked
    expect(settings).toMatchObject({ license: { known: true, value: { spdxId: 'MIT' } }, vulnerabilityAlerts: { known: true, value: true }, privateVulnerabilityReporting: { known: true, value: true }, outsideAdmins: { known: true, value: [] } });
  });

  it('asks only what the policy asks: branch protection alone is 3 calls', async () => {
    const { github } = setUp();
    const calls = countCalls(github);
    await gather(github, 'repository:\n  branch-protection: { required-approvals: 1 }\n');
    expect(calls.count).toBe(3); // repository, classic protection, rules (no ruleset applies)
  });

  it('403 on each endpoint is not known, with the reason; 404 is an answer where GitHub means "none"', async () => {
    const { world, github, fake } = setUp({ README: 'x\n' });
    world.forbidden = [/\/protection$/, /\/rules\/branches\//, /\/license$/, /\/vulnerability-alerts$/, /\/private-vulnerability-reporting$/, /\/collaborators$/, /\/codeowners\/errors$/, /\/git\/trees\//];
    const settings = await gather(github);
    const reasons = [settings.branches[0]!.classic, settings.branches[0]!.rules, settings.license, settings.vulnerabilityAlerts, settings.privateVulnerabilityReporting, settings.outsideAdmins, settings.files];
    for (const piece of reasons) expect(piece).toMatchObject({ known: false, reason: expect.stringContaining('403') });
    expect(settings.securityAndAnalysis).toEqual({ known: false, reason: 'GitHub returned no security_and_analysis for this repository (the app needs administration: read)' });

    fake.stop();
    nock.cleanAll();
    isolateNetwork();
    const { github: other } = setUp({ README: 'x\n' }, null);
    const absent = await gather(other); // the fake answers 404 on protection, license and alerts here
    expect(absent.branches[0]!.classic).toEqual({ known: true, value: null }); // "Branch not protected"
    expect(absent.license).toEqual({ known: true, value: null });
  });

  it('absent merge settings (a token that may not see them) are not known, never "off"', async () => {
    const { world, github } = setUp();
    delete world.repository.delete_branch_on_merge;
    const settings = await gather(github, 'repository:\n  merge: { delete-branch-on-merge: true }\n');
    expect(settings.merge).toEqual({ known: false, reason: 'GitHub returned no merge settings for this repository' });
  });
});
