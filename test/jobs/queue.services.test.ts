/**
 * The durable queue against a real Redis (OSPO_TEST_REDIS_URL; .ci/run starts one): replicas are
 * DurableQueue instances on the same Redis, as two app processes would be. This file uses its own
 * Redis database (6) and empties it before each test, so other services tests are not disturbed.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import type { GitHub } from '../../src/github/octokit.js';
import type { Job, PullRequestJob } from '../../src/jobs/job.js';
import { DurableQueue, durableJobId, type DurableQueueOptions } from '../../src/jobs/queue.js';
import type { JobContext, JobOutcome } from '../../src/jobs/workers.js';
import { pullRequestJob, workersRunning } from '../helpers/jobs.js';
import { emptyDatabase, testRedisUrl } from '../helpers/redis.js';

const redisUrl = () => testRedisUrl(6);


const pr = pullRequestJob;

type Run = (job: Job, context: JobContext) => Promise<JobOutcome>;


const done: JobOutcome = { status: 'done', conclusion: 'success', calls: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const queues: DurableQueue[] = [];
function replica(run: Run, options: Partial<DurableQueueOptions> = {}): DurableQueue {
  const queue = new DurableQueue({
    redisUrl: redisUrl(),
    workers: workersRunning(run),
    authenticate: async () => ({}) as GitHub, // these workers never call GitHub
    log: pino({ level: 'silent' }),
    deadlineMs: 10_000,
    concurrency: 4,
    perInstallation: 2,
    stalledIntervalMs: 1000,
    attempts: 3,
    backoffMs: 50,
    recentMs: 60_000,
    ...options,
  });
  queue.start();
  queues.push(queue);
  return queue;
}

beforeEach(() => emptyDatabase(redisUrl()));
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close(0)));
});

describe('DurableQueue', () => {
  it('answers as soon as Redis has the job, and a worker runs it', async () => {
    const ran: string[] = [];
    const queue = replica(async (job) => {
      ran.push((job as PullRequestJob).headSha);
      return done;
    });
    const outcome = await queue.submit(pr('a1'));
    expect(outcome).toEqual({ status: 'queued', jobId: 'pull-request|acme/app#12@a1%3Amain', calls: 0 });
    await until(() => ran.length === 1, 'the job');
    expect(ran).toEqual(['a1']);
  });

  it('runs the same delivery once when two replicas get it, and a redelivery adds nothing', async () => {
    const ran: string[] = [];
    const run: Run = async (job) => {
      ran.push(job.deliveryId);
      await sleep(100);
      return done;
    };
    const first = replica(run);
    const second = replica(run);
    await Promise.all([first.submit(pr('b2')), second.submit(pr('b2'))]);
    await until(() => ran.length === 1, 'the job');
    await second.submit(pr('b2', { deliveryId: 'redelivered' }));
    await sleep(500);
    expect(ran).toEqual(['d-b2']);
  });

  it('runs a forced job (a re-run) once per delivery, even right after the same job', async () => {
    const ran: string[] = [];
    const queue = replica(async (job) => {
      ran.push(job.deliveryId);
      return done;
    });
    await queue.submit(pr('c3'));
    await until(() => ran.length === 1, 'the first run');
    await queue.submit(pr('c3', { force: true, deliveryId: 'rerun-1' }));
    await queue.submit(pr('c3', { force: true, deliveryId: 'rerun-1' }));
    await queue.submit(pr('c3', { force: true, deliveryId: 'rerun-2' }));
    await until(() => ran.length === 3, 'the re-runs');
    await sleep(300);
    expect(ran.sort()).toEqual(['d-c3', 'rerun-1', 'rerun-2']);
  });

  it('keeps supersession in Redis: a job learns of a newer head confirmed by another replica', async () => {
    const seen: Record<string, string | undefined> = {};
    let releaseOlder!: () => void;
    const olderMayFinish = new Promise<void>((resolve) => (releaseOlder = resolve));
    const run: Run = async (job, { control }) => {
      const head = (job as PullRequestJob).headSha;
      await control.confirmCurrent();
      if (head === 'old') await olderMayFinish;
      seen[head] = await control.superseded();
      return done;
    };
    const first = replica(run, { concurrency: 1 });
    const second = replica(run, { concurrency: 1 });
    await first.submit(pr('old'));
    await sleep(300); // the older job has confirmed its head and waits
    await second.submit(pr('new', { deliveryId: 'd-new' }));
    await until(() => 'new' in seen, 'the newer job');
    releaseOlder();
    await until(() => 'old' in seen, 'the older job');
    expect(seen).toEqual({ new: undefined, old: 'new' });
  });

  it('retries a job that throws, telling the worker which attempt is the last', async () => {
    const attempts: boolean[] = [];
    const queue = replica(async (_job, { control }) => {
      attempts.push(control.finalAttempt);
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
      return done;
    });
    await queue.submit(pr('d4'));
    await until(() => attempts.length === 3, 'three attempts');
    await sleep(300);
    expect(attempts).toEqual([false, false, true]);
  });

  it('tells every attempt it is exclusive (the job id is the key: its own check run is taken over)', async () => {
    const exclusive: boolean[] = [];
    const queue = replica(async (_job, { control }) => {
      exclusive.push(control.exclusive);
      return done;
    });
    await queue.submit(pr('e5'));
    await until(() => exclusive.length === 1, 'the job');
    expect(exclusive).toEqual([true]);
  });

  it('runs at most `perInstallation` jobs of one installation at once, across replicas, without holding up others', async () => {
    const running = new Map<number, number>();
    const peak = new Map<number, number>();
    const finished: string[] = [];
    const run: Run = async (job) => {
      const now = (running.get(job.installationId) ?? 0) + 1;
      running.set(job.installationId, now);
      peak.set(job.installationId, Math.max(peak.get(job.installationId) ?? 0, now));
      await sleep(150);
      running.set(job.installationId, (running.get(job.installationId) ?? 1) - 1);
      finished.push(`${job.installationId}:${(job as PullRequestJob).headSha}`);
      return done;
    };
    const first = replica(run, { perInstallation: 1 });
    const second = replica(run, { perInstallation: 1 });
    const busy = ['f1', 'f2', 'f3', 'f4'].map((head, index) => (index % 2 === 0 ? first : second).submit(pr(head, { installationId: 1, pullNumber: index })));
    await Promise.all(busy);
    await second.submit(pr('g1', { installationId: 2, pullNumber: 99 }));
    await until(() => finished.length === 5, 'every job', 15_000);
    expect(peak.get(1)).toBe(1);
    // The other installation's job did not wait for the four of installation 1.
    expect(finished.indexOf('2:g1')).toBeLessThan(4);
  });

  it('on close, lets a running job finish within the grace period', async () => {
    let started = false;
    let finished = false;
    const queue = replica(async () => {
      started = true;
      await sleep(300);
      finished = true;
      return done;
    });
    await queue.submit(pr('h6'));
    await until(() => started, 'the job to start');
    queues.splice(queues.indexOf(queue), 1);
    expect(await queue.close(5000)).toBe(true);
    expect(finished).toBe(true);
  });

  it('on close, hands a job still running at the end of the grace period to another replica', async () => {
    const runs: string[] = [];
    const slow = replica(async () => {
      runs.push('slow replica');
      await sleep(5000);
      return done;
    });
    await slow.submit(pr('i7'));
    await until(() => runs.length === 1, 'the first run');
    queues.splice(queues.indexOf(slow), 1);
    expect(await slow.close(200)).toBe(false);
    replica(async () => {
      runs.push('other replica');
      return done;
    });
    // Handed back, not left to lapse: sooner than the 1 s lock would expire and be noticed.
    await until(() => runs.length === 2, 'the hand-over', 800);
    expect(runs).toEqual(['slow replica', 'other replica']);
  });
});

describe('durableJobId', () => {
  it('keeps ids apart that differ only where a colon or a percent sign was', () => {
    expect(durableJobId('pull-request', 'a:b')).toBe('pull-request|a%3Ab');
    expect(durableJobId('pull-request', 'a%3Ab')).toBe('pull-request|a%253Ab');
    expect(durableJobId('pull-request', 'a:b', 'd:1')).toBe('pull-request|a%3Ab|delivery=d%3A1');
  });
});
