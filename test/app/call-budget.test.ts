/**
 * The GitHub call budget of a pull-request job (issue 17, item 5): the typical pull request costs
 * at most 8 calls, in this order of writes (the read-ahead's mutation, the completion, the review),
 * and each REST fallback of the read-ahead costs only what it replaces.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import { externalIdFor } from '../../src/jobs/job.js';
import { gitSha } from './helpers/fake-github.js';
import { readAheadCalls, readAheadExpressions } from './helpers/fake-graphql-files.js';
import { pullRequestPayload } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { BASE, baseFiles, HEAD, headFiles, lines, typicalPull } from './scenario.js';

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });
const REPO = '/repos/Codertocat/Hello-World';
const routes = (github: ReturnType<typeof typicalPull>) => github.apiCalls.map((call) => `${call.method} ${call.path}`);

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

/** The verdict of the typical pull request, which every fallback must still reach. */
function expectTypicalVerdict(github: ReturnType<typeof typicalPull>): void {
  const run = github.checkRuns[0]!;
  expect(run.status).toBe('completed');
  expect(run.conclusion).toBe('failure');
  expect(run.annotations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: 'package.json', start_line: lines.gplDeclared, annotation_level: 'failure' }),
      expect.objectContaining({ path: 'package-lock.json', start_line: lines.mysteryEntry, annotation_level: 'warning' }),
    ]),
  );
  expect(github.reviews).toHaveLength(1);
}

describe('the call budget of a pull-request job', () => {
  it('the typical pull request: 7 calls, reads first, then the mutation, the completion and the review', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened());
    expectTypicalVerdict(github);
    expect(github.apiCalls.length).toBeLessThanOrEqual(8);
    // The two pairs of reads go out at once, so only the set of each pair is fixed.
    const all = routes(github);
    expect(all.slice(0, 2).sort()).toEqual([`GET ${REPO}/commits/${HEAD}/check-runs`, `GET ${REPO}/pulls/7`]);
    expect(all.slice(2, 4).sort()).toEqual([`GET ${REPO}/compare/${BASE}...${HEAD}`, `GET ${REPO}/git/trees/${HEAD}`]);
    expect(all.slice(4)).toEqual(['POST /graphql', `PATCH ${REPO}/check-runs/1000`, `POST ${REPO}/pulls/7/reviews`]);
    // The completion carries the verdict; the review comes after it.
    expect(github.calls('PATCH')[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // What the mutation read: the base tip's policy, the touched project on both sides (org policy: own selection).
    expect(readAheadExpressions(github).sort()).toEqual(
      [`${BASE}:.github/ospo-gatekeeper.yml`, `${HEAD}:package.json`, `${HEAD}:package-lock.json`, `${BASE}:package.json`, `${BASE}:package-lock.json`].sort(),
    );
    expect(readAheadCalls(github, 'OspoStartCheck')[0]!.body.variables).toMatchObject({ orgRepo: '.github', pull: 7 });
    // The job's own count holds the installation token's request too (1 per installation per hour).
    expect(app.outcomes[0]).toMatchObject({ status: 'done', conclusion: 'failure', calls: 8 });
  });

  it('a blob GraphQL cut is read through the REST blobs API by its id, once per side', async () => {
    const github = typicalPull({ graphqlTruncated: ['package-lock.json'] });
    const app = await harness();
    await app.deliver('pull_request', opened());
    // The mystery entry's warning needs the whole head lockfile: half of it would not parse.
    expectTypicalVerdict(github);
    const blobs = github.calls('GET', /\/git\/blobs\//).map((call) => call.path.split('/').pop());
    expect(blobs.sort()).toEqual([gitSha('blob', baseFiles['package-lock.json']!), gitSha('blob', headFiles['package-lock.json']!)].sort());
    expect(github.apiCalls).toHaveLength(9);
  });

  it('a compare GitHub cut at 300 files: the base tree is listed, the missing patches paged', async () => {
    const docs = (side: string) => Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`docs/page-${String(index).padStart(3, '0')}.md`, `${side} ${index}\n`]));
    const github = typicalPull({ commits: { [BASE]: { ...baseFiles, ...docs('before') }, [HEAD]: { ...headFiles, ...docs('after') } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    expectTypicalVerdict(github);
    // Both trees listed: the compare's 300 files (the docs sort first) leave out the project's.
    expect(github.calls('GET', /\/git\/trees\//).map((call) => call.path.split('/').pop()).sort()).toEqual([BASE, HEAD].sort());
    expect(github.calls('GET', /\/pulls\/7\/files$/).length).toBeGreaterThan(0);
    // The project's files are still read ahead, not through REST.
    expect(readAheadExpressions(github)).toEqual(expect.arrayContaining([`${HEAD}:package-lock.json`, `${BASE}:package-lock.json`]));
    expect(github.calls('GET', /\/git\/blobs\//)).toHaveLength(0);
  });

  it('a taken-over run (in progress, left by a crash) is not created again: the reads go in the query', async () => {
    const github = typicalPull();
    const job = { pullNumber: 7, headSha: HEAD, baseRef: 'main' } as Parameters<typeof externalIdFor>[0];
    const left = github.addCheckRun({ name: CHECK_NAME, head_sha: HEAD, external_id: externalIdFor(job), status: 'in_progress', started_at: '2020-01-01T00:00:00Z' });
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]!.id).toBe(left.id);
    expectTypicalVerdict(github);
    expect(readAheadCalls(github, 'OspoStartCheck')).toHaveLength(0);
    expect(readAheadCalls(github, 'OspoRead')).toHaveLength(1);
    expect(readAheadCalls(github, 'OspoRead')[0]!.body.variables).toMatchObject({ repoOwner: 'Codertocat', repoName: 'Hello-World' });
    expect(github.calls('POST', /check-runs$/)).toHaveLength(0);
    expect(github.calls('GET', /\/git\/blobs\//)).toHaveLength(0);
  });

  it('an organization policy is read by the mutation, not the contents API', async () => {
    const github = typicalPull({ orgPolicy: 'extends: permissive\nmode: warn\n' });
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.checkRuns[0]!.conclusion).toBe('neutral'); // mode: warn from the org default
    expect(github.calls('GET', /\/contents\//)).toHaveLength(0);
    // Warnings only: no review, so the 7 of the typical pull request less the review.
    expect(routes(github).slice(4)).toEqual(['POST /graphql', `PATCH ${REPO}/check-runs/1000`]);
    expect(github.apiCalls).toHaveLength(6);
  });

  it('a failed review is said in the check run by one more update, after the completion', async () => {
    const github = typicalPull();
    github.fail('POST', /\/pulls\/7\/reviews$/, 500, 1);
    const app = await harness();
    await app.deliver('pull_request', opened());
    const updates = github.calls('PATCH');
    expect(updates).toHaveLength(2);
    expect(updates[0]!.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The second carries the note and no annotations (GitHub would append them twice).
    expect(updates[1]!.body.output.summary).toContain('The review could not be posted');
    expect(updates[1]!.body.output.annotations).toBeUndefined();
    expect(updates[1]!.body.conclusion).toBeUndefined();
    expect(github.checkRuns[0]!.conclusion).toBe('failure');
  });
});
