import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { checkRunPayload, checkSuitePayload, project, pullRequestPayload, sha } from './helpers/fixtures.js';
import { readAheadCalls } from './helpers/fake-graphql-files.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { BASE, baseFiles, basePackages, HEAD, headFiles, headPackages, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });

describe('idempotent and ordered', () => {
  it('a redelivery (same process) creates no second check run or review, and costs no call', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened(), 'delivery-a');
    const before = github.requests.length;
    await app.deliver('pull_request', opened(), 'delivery-a');
    expect(github.checkRuns).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
    expect(github.requests.length).toBe(before);
  });

  it('a redelivery to another process (restart, replica) finds the completed check run: no second run or review', async () => {
    const github = typicalPull();
    await (await harness()).deliver('pull_request', opened(), 'delivery-b');
    const other = await harness();
    await other.deliver('pull_request', opened(), 'delivery-b');
    expect(github.checkRuns).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
    // One creation: the first process's read-ahead mutation; the second creates nothing.
    expect(readAheadCalls(github, 'OspoStartCheck')).toHaveLength(1);
    expect(github.calls('POST', /check-runs$/)).toHaveLength(0);
    expect(other.outcomes[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('already evaluated') });
  });

  it('the same job delivered twice at once (pull_request.synchronize + check_suite.requested) runs once', async () => {
    const github = typicalPull();
    const app = await harness();
    const suite = checkSuitePayload('requested', (payload) => {
      payload.repository.owner.login = 'Codertocat';
      payload.repository.name = 'Hello-World';
      payload.check_suite.head_sha = HEAD;
      payload.check_suite.pull_requests = [{ number: 7, head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE, ref: 'main' } }];
    });
    await Promise.all([app.deliver('pull_request', pullRequestPayload('synchronize', { number: 7, headSha: HEAD, baseSha: BASE })), app.deliver('check_suite', suite)]);
    expect(github.checkRuns).toHaveLength(1);
    expect(github.reviews).toHaveLength(1);
  });

  it('a stale head SHA (an older push delivered late) is skipped: no check run, no review', async () => {
    const newer = sha('newer');
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: headFiles, [newer]: headFiles }, pull: { number: 7, headSha: newer, baseSha: BASE, baseRef: 'main', state: 'open' } });
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('synchronize', { number: 7, headSha: HEAD, baseSha: BASE }));
    expect(github.checkRuns).toHaveLength(0);
    expect(github.reviews).toHaveLength(0);
    expect(app.outcomes[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('stale') });
  });

  it('an evaluation overtaken by a newer push never overwrites the newer result (no review from the older head)', async () => {
    const newer = sha('newer');
    const newerFiles = project([...headPackages, { name: 'agpl-thing', version: '1.0.0', license: 'AGPL-3.0-only', direct: true }]);
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: headFiles, [newer]: newerFiles } });
    const app = await harness();
    // The older evaluation stalls on its compare call until the newer one is done.
    let release!: () => void;
    github.gates.push({ method: 'GET', path: new RegExp(`compare/${BASE}\\.\\.\\.${HEAD}$`), wait: new Promise<void>((resolve) => (release = resolve)) });
    const older = app.deliver('pull_request', pullRequestPayload('synchronize', { number: 7, headSha: HEAD, baseSha: BASE }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    github.pull.headSha = newer;
    await app.deliver('pull_request', pullRequestPayload('synchronize', { number: 7, headSha: newer, baseSha: BASE }));
    release();
    await older;
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0]!.commit_id).toBe(newer);
    const olderRun = github.checkRuns.find((run) => run.head_sha === HEAD)!;
    expect(olderRun.status).toBe('completed');
    expect(olderRun.output.summary).toContain('A newer commit');
  });

  it('the next push: a fixed problem is not repeated, a standing one is not duplicated, a new one is commented', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.reviews[0]!.comments).toHaveLength(1); // gpl-thing
    // Push 2: gpl-thing stays, agpl-thing added. Push 3: both removed.
    const second = sha('second');
    const third = sha('third');
    github.addCommit(second, project([...headPackages, { name: 'agpl-thing', version: '1.0.0', license: 'AGPL-3.0-only', direct: true }]));
    github.addCommit(third, project(basePackages));
    for (const head of [second, third]) {
      github.pull.headSha = head;
      await app.deliver('pull_request', pullRequestPayload('synchronize', { number: 7, headSha: head, baseSha: BASE }));
    }
    expect(github.reviews).toHaveLength(2);
    expect(github.reviews[1]!.comments.map((comment) => comment.body).join()).toContain('agpl-thing');
    expect(github.reviews[1]!.comments.map((comment) => comment.body).join()).not.toContain('gpl-thing@3.0.0');
    expect(github.checkRuns.map((run) => run.conclusion)).toEqual(['failure', 'failure', 'success']);
  });

  it('check_run.rerequested re-evaluates into a new check run without repeating review comments', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened());
    const first = github.checkRuns[0]!;
    await app.deliver(
      'check_run',
      checkRunPayload('rerequested', (payload) => {
        payload.repository.owner.login = 'Codertocat';
        payload.repository.name = 'Hello-World';
        payload.check_run.name = 'ospo-gatekeeper / dependencies';
        payload.check_run.head_sha = HEAD;
        payload.check_run.external_id = first.external_id;
        payload.check_run.pull_requests = [];
      }),
    );
    expect(github.checkRuns).toHaveLength(2);
    expect(github.checkRuns[1]!.conclusion).toBe('failure');
    expect(github.reviews).toHaveLength(1);
  });

  it('check_suite.rerequested re-evaluates the pull requests of the suite', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened());
    await app.deliver(
      'check_suite',
      checkSuitePayload('rerequested', (payload) => {
        payload.repository.owner.login = 'Codertocat';
        payload.repository.name = 'Hello-World';
        payload.check_suite.head_sha = HEAD;
        payload.check_suite.pull_requests = [{ number: 7, head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE, ref: 'main' } }];
      }),
    );
    expect(github.checkRuns).toHaveLength(2);
  });

  it('pull_request.edited: a title edit is ignored, a base branch change is a new evaluation', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', opened());
    const titleEdit = pullRequestPayload('edited', { number: 7, headSha: HEAD, baseSha: BASE });
    titleEdit.changes = { title: { from: 'old' } };
    await app.deliver('pull_request', titleEdit);
    expect(github.checkRuns).toHaveLength(1);
    github.pull.baseRef = 'release';
    const baseEdit = pullRequestPayload('edited', { number: 7, headSha: HEAD, baseSha: BASE, baseRef: 'release' });
    baseEdit.changes = { base: { ref: { from: 'main' }, sha: { from: BASE } } };
    await app.deliver('pull_request', baseEdit);
    expect(github.checkRuns).toHaveLength(2);
    expect(github.checkRuns[1]!.external_id).toContain('base=release');
  });
});
