/**
 * Issue 17: the app as real processes (the BUILT app, dist/: `npm run build` first) against the
 * fake GitHub over HTTP, one of them or two replicas on one redis-server that each test starts
 * itself (test/app/helpers/redis-process.ts; a missing redis-server fails the test, saying so).
 * With REDIS_URL the webhook handler enqueues into the durable queue and answers at once; the
 * queue's job id (repository + pull request + head + kind) makes one delivery run once across
 * replicas; a replica killed mid-job has its job handed to another by stalled-job detection
 * (OSPO_STALLED_INTERVAL_MS, 1 s here); SIGTERM lets running jobs finish (OSPO_SHUTDOWN_GRACE_MS).
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { startAppProcess, type AppProcess, type AppProcessOptions } from './helpers/app-process.js';
import { startFakeGitHubServer, type FakeGitHubServer } from './helpers/fake-github-server.js';
import { startRedis, type RedisProcess } from './helpers/redis-process.js';
import { checkRunsOf, pullRequestEvent, servePull, type ServedPull } from './helpers/replica-scenario.js';
import { CHECK_NAME } from '../../src/github/checks.js';

jest.setTimeout(120_000);

const STALLED_INTERVAL_MS = 1_000;
const SHUTDOWN_GRACE_MS = 10_000;
/** How long the webhook may take to answer with a queue: it enqueues and answers, it does not evaluate. */
const ACK_MS = 5_000;

let server: FakeGitHubServer | undefined;
let redis: RedisProcess | undefined;
const apps: AppProcess[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop(2_000)));
  await redis?.stop();
  await server?.close();
  redis = undefined;
  server = undefined;
});

async function start(options: Partial<AppProcessOptions> & { name: string }): Promise<AppProcess> {
  const app = await startAppProcess({
    githubHost: server!.host,
    logLevel: 'info',
    ...options,
    env: { OSPO_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS), OSPO_SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS), ...options.env },
  });
  apps.push(app);
  return app;
}

/** Waits until `done()` holds, else fails with the apps' logs. */
async function until(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${apps.map((app) => `--- ${app.name} (${app.logFile})\n${app.logTail(15)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The webhook's answer within ACK_MS, or an error saying the handler did not answer at once. */
async function acknowledged(post: Promise<Response>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the webhook did not answer within ${ACK_MS} ms: with REDIS_URL the handler should enqueue and answer at once`)), ACK_MS)));
  try {
    return (await Promise.race([post, late])).status;
  } finally {
    clearTimeout(timer);
  }
}

const completed = (pull: ServedPull) => checkRunsOf(pull).some((run) => run.status === 'completed');

describe('one process, no REDIS_URL (embedded)', () => {
  it('evaluates a pull request delivered over HTTP: one completed check run (failure: a GPL package), one review', async () => {
    server = await startFakeGitHubServer();
    const pull = servePull(server, 'embedded', 11);
    const app = await start({ name: 'embedded' });
    const response = await app.post('pull_request', pullRequestEvent(pull, 'opened'));
    expect(response.status).toBe(200);
    await until('a completed check run', () => completed(pull));
    await server.quiet(500);
    expect(checkRunsOf(pull)).toEqual([expect.objectContaining({ name: CHECK_NAME, status: 'completed', conclusion: 'failure' })]);
    expect(pull.fake.reviews).toHaveLength(1);
    // Every call went over HTTP: this repository's (the org's default policy is read in the same
    // GraphQL request as this repository's files) and the app's token route.
    expect([...server.counts.keys()].sort()).toEqual(['Codertocat/embedded', 'app']);
  });
});

describe('two replicas on one Redis (the durable queue)', () => {
  it('runs the same delivery, POSTed to both replicas, once: one check run, one review', async () => {
    redis = await startRedis();
    server = await startFakeGitHubServer({ latencyMs: 20 });
    const pull = servePull(server, 'same-delivery', 21);
    const [first, second] = await Promise.all([start({ name: 'replica-1', redisUrl: redis.url }), start({ name: 'replica-2', redisUrl: redis.url })]);
    const payload = pullRequestEvent(pull, 'opened');
    const statuses = await Promise.all([acknowledged(first!.post('pull_request', payload, { delivery: 'same-delivery' })), acknowledged(second!.post('pull_request', payload, { delivery: 'same-delivery' }))]);
    expect(statuses).toEqual([200, 200]);
    await until('a completed check run', () => completed(pull));
    await server.quiet(2 * STALLED_INTERVAL_MS);
    expect(checkRunsOf(pull)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(pull.fake.reviews).toHaveLength(1);
  });

  it('hands the job of a replica killed mid-evaluation (SIGKILL) to the other: the same check run completed, one review', async () => {
    redis = await startRedis();
    server = await startFakeGitHubServer();
    const pull = servePull(server, 'killed', 31);
    // The first completion is held: the check run exists (in progress), the verdict is not written, no review posted.
    const held = server.hold('PATCH', /\/check-runs\/\d+$/, { times: 1 });
    const doomed = await start({ name: 'doomed', redisUrl: redis.url });
    expect(await acknowledged(doomed.post('pull_request', pullRequestEvent(pull, 'opened')))).toBe(200);
    await held.reached;
    // Only the doomed replica was running: the held request is its.
    const survivor = await start({ name: 'survivor', redisUrl: redis.url });
    const created = checkRunsOf(pull);
    expect(created).toEqual([expect.objectContaining({ status: 'in_progress' })]);
    doomed.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    held.release(); // its client is gone: the fake drops it
    // The held completion may or may not have reached the fake before the process died: either
    // way the survivor resumes the job, completes the run if it is not, and posts the review.
    // Probot's Redis-shared throttling keeps the dead replica's write reservation for this
    // installation until it expires (Bottleneck's 60 s job expiration in cluster mode) when the
    // kill came while a write was in flight: the survivor's first write can wait that long.
    await until('the survivor completes the check run and posts the review', () => completed(pull) && pull.fake.reviews.length > 0, 100_000);
    await server.quiet(2 * STALLED_INTERVAL_MS);
    expect(checkRunsOf(pull)).toEqual([expect.objectContaining({ id: created[0]!.id, status: 'completed', conclusion: 'failure' })]);
    expect(pull.fake.reviews).toHaveLength(1);
    expect(survivor.logTail(400)).toContain('pull-request');
  });

  it('loses no acknowledged delivery when Redis restarts (append-only, fsync always) while jobs are running and queued', async () => {
    redis = await startRedis({ durable: true });
    server = await startFakeGitHubServer({ latencyMs: 20 });
    // 12 pull requests, one installation each, over 2 replicas x 2 workers: 4 run (held), 8 wait in the queue.
    const pulls = Array.from({ length: 12 }, (_, index) => servePull(server!, `restart-${index}`, 100 + index));
    const held = server.hold('PATCH', /\/check-runs\/\d+$/);
    const workers = { OSPO_WORKER_CONCURRENCY: '2' };
    const replicas = await Promise.all([start({ name: 'replica-1', redisUrl: redis.url, env: workers }), start({ name: 'replica-2', redisUrl: redis.url, env: workers })]);
    const statuses = await Promise.all(pulls.map((pull, index) => acknowledged(replicas[index % 2]!.post('pull_request', pullRequestEvent(pull, 'opened')))));
    expect(statuses).toEqual(pulls.map(() => 200));
    await until('both replicas running two jobs each (held at their completion)', () => held.held.length >= 4);
    await redis.restart();
    held.release();
    await until('every acknowledged delivery ends in a completed check run', () => pulls.every(completed), 90_000);
    await server.quiet(2 * STALLED_INTERVAL_MS);
    const runs = pulls.map((pull) => ({ repo: pull.target, runs: checkRunsOf(pull).map((run) => run.status), reviews: pull.fake.reviews.length }));
    expect(runs).toEqual(pulls.map((pull) => ({ repo: pull.target, runs: ['completed'], reviews: 1 })));
  });

  it('finishes the running evaluation on SIGTERM and exits 0 within the grace period', async () => {
    redis = await startRedis();
    server = await startFakeGitHubServer();
    const pull = servePull(server, 'terminated', 41);
    const held = server.hold('PATCH', /\/check-runs\/\d+$/, { times: 1 });
    const app = await start({ name: 'terminated', redisUrl: redis.url });
    expect(await acknowledged(app.post('pull_request', pullRequestEvent(pull, 'opened')))).toBe(200);
    await held.reached;
    const signalled = Date.now();
    app.kill('SIGTERM');
    // The evaluation is still held a while after the signal: the process must wait for it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(checkRunsOf(pull)).toEqual([expect.objectContaining({ status: 'in_progress' })]);
    held.release();
    const exit = await app.exited;
    const tookMs = Date.now() - signalled;
    expect({ exit, completedBeforeExit: completed(pull) }).toEqual({ exit: { code: 0, signal: null }, completedBeforeExit: true });
    // The evaluation itself finished (a GPL package: failure), not a neutral "could not be done".
    expect(checkRunsOf(pull)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(tookMs).toBeLessThan(SHUTDOWN_GRACE_MS + 2_000);
    expect(pull.fake.reviews).toHaveLength(1);
  });
});
