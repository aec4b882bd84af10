/** The sweeper's query against the fake GitHub: which runs it finds, what it asks, and its paging. */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import type { GitHub } from '../../src/github/octokit.js';
import { findStaleCheckRuns, staleChecksSearch } from '../../src/github/stale-check-runs.js';
import { FakeGitHub } from '../app/helpers/fake-github.js';
import { addSearchPulls } from '../app/helpers/fake-graphql-sweep.js';
import { sha } from '../app/helpers/fixtures.js';
import { isolateNetwork, testOctokit } from '../app/helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const HEAD = sha('stale-head');
const OTHER_HEAD = sha('other-head');
const DAY = 24 * 60 * 60_000;

function setUp() {
  const fake = new FakeGitHub({ commits: {}, pull: { number: 7, headSha: HEAD, baseSha: sha('base'), baseRef: 'main', state: 'open' } }).start();
  const github = new (testOctokit(false))({ auth: 'ghs_test' }) as unknown as GitHub;
  return { fake, github };
}

type Fake = ReturnType<typeof setUp>['fake'];

function addRun(fake: Fake, run: { headSha: string; status: string; name?: string; externalId?: string; startedAt?: string }): number {
  const id = 1000 + fake.checkRuns.length;
  fake.checkRuns.push({ id, name: run.name ?? CHECK_NAME, head_sha: run.headSha, external_id: run.externalId ?? '', status: run.status, conclusion: null, started_at: run.startedAt ?? '2026-12-04T10:00:00Z', output: {}, annotations: [], updates: [] });
  return id;
}

const graphqlCalls = (fake: Fake) => fake.calls('POST', /^\/graphql$/);

describe('findStaleCheckRuns', () => {
  it('finds our unfinished runs (in progress or queued) on the head of an open pull request, nothing else', async () => {
    const { fake, github } = setUp();
    const inProgress = addRun(fake, { headSha: HEAD, status: 'in_progress', externalId: `ospo-gatekeeper:v1:pr=7:head=${HEAD}:base=main`, startedAt: '2026-12-04T10:00:00Z' });
    const queued = addRun(fake, { headSha: HEAD, status: 'queued', externalId: 'x' });
    addRun(fake, { headSha: HEAD, status: 'completed' });
    addRun(fake, { headSha: HEAD, status: 'in_progress', name: 'ospo-gatekeeper / policy' });
    const found = await findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: Date.now() - DAY });
    expect(found.inspected).toBe(1);
    expect(found.incomplete).toBeUndefined();
    expect(found.runs).toEqual([
      { repo: { owner: 'Codertocat', repo: 'Hello-World' }, pullNumber: 7, headSha: HEAD, baseRefName: 'main', checkRunId: inProgress, externalId: `ospo-gatekeeper:v1:pr=7:head=${HEAD}:base=main`, startedAt: '2026-12-04T10:00:00Z' },
      { repo: { owner: 'Codertocat', repo: 'Hello-World' }, pullNumber: 7, headSha: HEAD, baseRefName: 'main', checkRunId: queued, externalId: 'x', startedAt: '2026-12-04T10:00:00Z' },
    ]);
  });

  it('asks for one named query: the account, the window start to the second, this app and our check name', async () => {
    const { fake, github } = setUp();
    await findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: Date.parse('2026-12-03T21:05:06.789Z') });
    const [call] = graphqlCalls(fake);
    expect(call!.body.query).toMatch(/^query OspoStaleChecks\(/);
    expect(call!.body.variables).toMatchObject({ search: 'is:pr is:open user:Codertocat updated:>=2026-12-03T21:05:06Z', appId: 42, checkName: 'ospo-gatekeeper / dependencies' });
    expect(staleChecksSearch('acme', Date.parse('2026-01-02T03:04:05.000Z'))).toBe('is:pr is:open user:acme updated:>=2026-01-02T03:04:05Z');
  });

  it('reads every page: 61 open pull requests are two queries (50, then 11 after the first cursor)', async () => {
    const { fake, github } = setUp();
    const recent = new Date().toISOString();
    const extra = Array.from({ length: 60 }, (_, index) => ({ number: 100 + index, headSha: sha(`head-${index}`), baseSha: sha('base'), baseRef: 'develop', state: 'open' as const, updatedAt: recent }));
    addSearchPulls(fake, extra);
    // A run on the last pull request of the second page.
    const last = addRun(fake, { headSha: sha('head-59'), status: 'in_progress' });
    const found = await findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: Date.now() - DAY });
    expect(graphqlCalls(fake).map((call) => call.body.variables.after)).toEqual([null, '50']);
    expect(found.inspected).toBe(61);
    expect(found.runs).toEqual([expect.objectContaining({ checkRunId: last, pullNumber: 159, headSha: sha('head-59'), baseRefName: 'develop', externalId: '' })]);
  });

  it('leaves out pull requests not updated within the window, and other accounts', async () => {
    const { fake, github } = setUp();
    addSearchPulls(fake, [{ number: 8, headSha: OTHER_HEAD, baseSha: sha('base'), baseRef: 'main', state: 'open', updatedAt: new Date(Date.now() - 2 * DAY).toISOString() }]);
    addRun(fake, { headSha: OTHER_HEAD, status: 'in_progress' });
    const found = await findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: Date.now() - DAY });
    expect(found).toEqual({ runs: [], inspected: 1 });
    expect(await findStaleCheckRuns(github, { login: 'someone-else', appId: 42, updatedSince: Date.now() - DAY })).toEqual({ runs: [], inspected: 0 });
  });

  it('says when GitHub found more than its search returns (1,000)', async () => {
    const { github } = setUp();
    nock.cleanAll();
    nock('https://api.github.com')
      .post('/graphql')
      .reply(200, { data: { search: { issueCount: 1200, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } });
    const found = await findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: Date.parse('2026-12-03T00:00:00Z') });
    expect(found.incomplete).toBe("GitHub's search found 1200 open pull requests updated since 2026-12-03T00:00:00.000Z and returns 1000 at most: 1200 were not inspected");
  });

  it('rejects when GitHub answers with errors (the sweeper logs the installation as failed)', async () => {
    const { fake, github } = setUp();
    fake.fail('POST', /^\/graphql$/, 502);
    await expect(findStaleCheckRuns(github, { login: 'Codertocat', appId: 42, updatedSince: 0 })).rejects.toMatchObject({ status: 502 });
  });
});
