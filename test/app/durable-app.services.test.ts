/**
 * The app on the durable queue (REDIS_URL, a real redis-server: the `services` project) through
 * the real server and the fake GitHub: the webhook is answered before the evaluation ends, a
 * job that fails is retried on the same check run, and one that keeps failing ends neutral.
 * Redis database 7, emptied before each test (other services tests use others).
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { emptyDatabase, testRedisUrl } from '../helpers/redis.js';
import { CHECK_NAME } from '../../src/github/checks.js';
import { pullRequestPayload } from './helpers/fixtures.js';
import { serversPerTest, type Running } from './helpers/server.js';
import { BASE, HEAD, typicalPull } from './scenario.js';


const redisUrl = () => testRedisUrl(7);
const { start } = serversPerTest();

beforeEach(() => emptyDatabase(redisUrl()));

async function durableApp(): Promise<Running> {
  const url = redisUrl();
  // Fast retries and stall checks, so the test does not wait for production's pacing.
  const env = { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15', REDIS_URL: url, OSPO_STALLED_INTERVAL_MS: '1000' };
  return start({ REDIS_URL: url }, { app: { env, sources: [] } });
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 25) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ourRuns = (github: ReturnType<typeof typicalPull>) => github.checkRuns.filter((run) => run.name === CHECK_NAME);

describe('the app on the durable queue', () => {
  it('answers the webhook as soon as the job is queued, before the evaluation has read anything', async () => {
    const github = typicalPull();
    let release!: () => void;
    github.gates.push({ method: 'GET', path: /\/pulls\/7$/, wait: new Promise<void>((resolve) => (release = resolve)) });
    const running = await durableApp();
    const response = await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));
    expect(response.status).toBe(200);
    expect(ourRuns(github)).toHaveLength(0);
    release();
    await until(() => ourRuns(github)[0]?.status === 'completed', 'the completed check run');
    expect(ourRuns(github)).toHaveLength(1);
    expect(ourRuns(github)[0]?.conclusion).toBe('failure'); // the GPL package, as in every typical pull request
  });

  it('retries a job GitHub failed twice on the same check run, which ends with the verdict', async () => {
    const github = typicalPull();
    github.fail('GET', /\/compare\//, 502, 2);
    const running = await durableApp();
    await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));
    await until(() => ourRuns(github)[0]?.status === 'completed', 'the completed check run');
    expect(github.calls('GET', /\/compare\//)).toHaveLength(3);
    expect(ourRuns(github)).toHaveLength(1);
    expect(ourRuns(github)[0]?.conclusion).toBe('failure');
    // The check run completes before the review is posted: the job's outcome comes after both.
    await until(() => running.outcomes.length > 0, 'the outcome');
    expect(github.reviews).toHaveLength(1);
    expect(running.outcomes.map((outcome) => outcome.status)).toEqual(['done']);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('ospo_jobs_retried_total{kind="pull-request"} 2');
    expect(metrics).toContain('ospo_jobs_finished_total{kind="pull-request",status="done"} 1');
  }, 20_000); // two retries: 1 s, then 2 s of backoff

  it('ends the check neutral, saying what failed, after the last attempt', async () => {
    const github = typicalPull();
    github.fail('GET', /\/compare\//, 502, 10);
    const running = await durableApp();
    await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));
    await until(() => ourRuns(github)[0]?.status === 'completed', 'the completed check run');
    expect(github.calls('GET', /\/compare\//)).toHaveLength(3);
    expect(ourRuns(github)).toHaveLength(1);
    const run = ourRuns(github)[0];
    expect(run?.conclusion).toBe('neutral');
    expect(JSON.stringify(run?.output)).toContain('502');
    await until(() => running.outcomes.length > 0, 'the outcome');
    expect(running.outcomes.map((outcome) => outcome.status)).toEqual(['failed']);
  }, 20_000);
});
