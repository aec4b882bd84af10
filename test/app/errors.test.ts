import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { pullRequestPayload } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { BASE, HEAD, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });

describe('GitHub errors: never a false green, never a silent drop', () => {
  it('5xx then success: the call is retried and the evaluation completes normally', async () => {
    const github = typicalPull();
    github.fail('GET', /\/compare\//, 502, 2);
    github.fail('GET', /\/git\/blobs\//, 503, 1);
    const app = await harness({ retry: true });
    await app.deliver('pull_request', opened());
    expect(github.calls('GET', /\/compare\//)).toHaveLength(3);
    expect(github.checkRuns[0]!.conclusion).toBe('failure');
    expect(github.reviews).toHaveLength(1);
  });

  it('persistent 5xx: after the retries the check completes neutral saying what could not be done', async () => {
    const github = typicalPull();
    github.fail('GET', /\/git\/trees\//, 502, 1000);
    const app = await harness({ retry: true });
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toContain('list the head tree');
    expect(run.output.summary).toContain('GitHub answered 502');
    expect(github.calls('GET', /\/git\/trees\//).length).toBeGreaterThanOrEqual(4); // 1 + 3 retries
    expect(github.reviews).toHaveLength(0);
    expect(app.outcomes[0]).toMatchObject({ status: 'failed' });
  });

  it('a failure before the check run exists still ends in a neutral check run', async () => {
    const github = typicalPull();
    github.fail('GET', /\/pulls\/7$/, 500, 1000);
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]!.conclusion).toBe('neutral');
    expect(github.checkRuns[0]!.output.summary).toContain('read the pull request');
  });

  it('an evaluation that overruns its deadline completes neutral and writes nothing afterwards', async () => {
    const github = typicalPull();
    let release!: () => void;
    github.gates.push({ method: 'GET', path: /\/compare\//, wait: new Promise<void>((resolve) => (release = resolve)) });
    const app = await harness({ app: { deadlineMs: 150 } });
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toContain('longer than');
    const writes = github.requests.filter((request) => request.method !== 'GET').length;
    release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(github.requests.filter((request) => request.method !== 'GET').length).toBe(writes);
    expect(github.reviews).toHaveLength(0);
  });

  it('a delivery whose report cannot be written at all fails the webhook (logged; redeliverable)', async () => {
    const github = typicalPull();
    github.fail('GET', /\/pulls\/7$/, 500, 1000);
    github.fail('POST', /\/check-runs$/, 500, 1000);
    const app = await harness();
    await expect(app.deliver('pull_request', opened())).rejects.toThrow();
    expect(github.checkRuns).toHaveLength(0);
  });
});
