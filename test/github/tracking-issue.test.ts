/** The tracking issue on its own: what each audit result does to it, and two replicas converging on one. */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { GitHub } from '../../src/github/octokit.js';
import { findingsDigest, syncTrackingIssue } from '../../src/github/tracking-issue.js';
import type { AuditReport } from '../../src/settings/audit.js';
import type { SettingsResult } from '../../src/settings/rules/rule.js';
import { FakeGitHub } from '../app/helpers/fake-github.js';
import { SettingsWorld } from '../app/helpers/fake-settings.js';
import { sha } from '../app/helpers/fixtures.js';
import { isolateNetwork, testOctokit } from '../app/helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const repo = { owner: 'Codertocat', repo: 'Hello-World' };
const result = (verdict: SettingsResult['verdict'], found = 'off'): SettingsResult => ({ rule: 'settings/merge', check: 'delete head branches on merge', verdict, found, wanted: 'on' });
const report = (...results: SettingsResult[]): AuditReport => {
  const fail = results.filter((r) => r.verdict === 'fail').length;
  const notVerifiable = results.filter((r) => r.verdict === 'not-verifiable').length;
  return { repository: { owner: 'Codertocat', name: 'Hello-World', htmlUrl: 'https://github.com/Codertocat/Hello-World', defaultBranch: 'master' }, results, counts: { pass: results.length - fail - notVerifiable, fail, notVerifiable }, conclusion: fail > 0 ? 'failure' : notVerifiable > 0 ? 'neutral' : 'success' };
};

function setUp() {
  const world = new SettingsWorld({ headSha: sha('issue-head') });
  new FakeGitHub({ commits: {}, pull: { number: 1, headSha: 'a', baseSha: 'a', baseRef: 'master', state: 'open' }, extraRoutes: world.route }).start();
  const github = new (testOctokit(false))({ auth: 'ghs_test' }) as unknown as GitHub;
  return { world, github };
}

describe('syncTrackingIssue', () => {
  it('opens nothing for a repository that never failed', async () => {
    const { world, github } = setUp();
    expect(await syncTrackingIssue(github, repo, report(result('pass', 'on')), 'ok')).toEqual({ action: 'none' });
    expect(await syncTrackingIssue(github, repo, report(result('not-verifiable', '403')), 'n/a')).toEqual({ action: 'none' });
    expect(world.writes).toEqual([]);
  });

  it('rewrites the body only when the findings change, and keeps it open while something is unverified', async () => {
    const { world, github } = setUp();
    await syncTrackingIssue(github, repo, report(result('fail')), 'v1');
    expect(await syncTrackingIssue(github, repo, report(result('fail')), 'v1 again')).toMatchObject({ action: 'unchanged' });
    expect(await syncTrackingIssue(github, repo, report(result('not-verifiable', '403')), 'now unverifiable')).toMatchObject({ action: 'updated' });
    expect(world.issues[0]).toMatchObject({ state: 'open' });
    expect(world.issues[0]!.body).toContain('now unverifiable');
    expect(world.writes).toEqual(['create #100', 'update #100']);
  });

  it('two replicas that both created one converge: the first stays, the second is closed as its duplicate', async () => {
    const { world, github } = setUp();
    // Another replica's issue, created a moment before ours looked (it is not seen by our list, then is).
    world.issues.push({ number: 99, title: 'x', body: '<!-- ospo-gatekeeper:settings-audit -->\nolder', state: 'open', labels: [{ name: 'ospo-gatekeeper' }], comments: [], html_url: 'u' });
    const hidden = world.issues.pop()!;
    const original = world.route;
    let lists = 0;
    world.route = (method, path, query, body) => {
      if (method === 'GET' && path.endsWith('/issues') && ++lists === 2) world.issues.unshift(hidden);
      return original(method, path, query, body);
    };
    // Re-register: FakeGitHub holds the old function; a fresh fake with the wrapped route.
    nock.cleanAll();
    isolateNetwork();
    new FakeGitHub({ commits: {}, pull: { number: 1, headSha: 'a', baseSha: 'a', baseRef: 'master', state: 'open' }, extraRoutes: world.route }).start();
    const sync = await syncTrackingIssue(github, repo, report(result('fail')), 'findings');
    expect(sync).toMatchObject({ action: 'created', number: 100 });
    expect(world.issues.find((issue) => issue.number === 99)).toMatchObject({ state: 'open' });
    expect(world.issues.find((issue) => issue.number === 100)).toMatchObject({ state: 'closed', comments: ['Duplicate of #99: ospo-gatekeeper keeps one tracking issue per repository.'] });
  });

  it('the digest covers what is not met, in any order, and nothing else', () => {
    const a = result('fail', 'off');
    const b = { ...result('not-verifiable', '403'), check: 'merge methods' };
    expect(findingsDigest(report(a, b))).toBe(findingsDigest(report(b, a)));
    expect(findingsDigest(report(a, result('pass', 'on')))).toBe(findingsDigest(report(a)));
    expect(findingsDigest(report(a))).not.toBe(findingsDigest(report({ ...a, found: 'off, and more' })));
  });
});
