import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import type { GitHub } from '../../src/github/octokit.js';
import type { Job, PullRequestJob } from '../../src/jobs/job.js';
import { JobRunner } from '../../src/jobs/runner.js';
import type { JobContext, JobOutcome } from '../../src/jobs/workers.js';
import { pullRequestJob, workersRunning } from '../helpers/jobs.js';

const pr = pullRequestJob;

/** A worker whose jobs finish when the test says so. */
function controllable() {
  const started: { job: Job; context: JobContext; finish(outcome?: JobOutcome): void }[] = [];
  const run = (job: Job, context: JobContext) =>
    new Promise<JobOutcome>((resolve) => {
      started.push({ job, context, finish: (outcome = { status: 'done', conclusion: 'success', checkRunId: 1, calls: 0 }) => resolve(outcome) });
    });
  const workers = workersRunning(run);
  const authenticated: number[] = [];
  const runner = new JobRunner({
    workers,
    authenticate: async (installationId) => {
      authenticated.push(installationId);
      return {} as GitHub; // the workers here never call GitHub
    },
    log: pino({ level: 'silent' }),
    deadlineMs: 1000,
  });
  return { runner, started, authenticated };
}

/** Lets the runner's awaits (authenticate, then the worker) run. */
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('JobRunner', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs a job as its installation, through the worker of its kind', async () => {
    const { runner, started, authenticated } = controllable();
    const outcome = runner.submit(pr('a1'));
    await settle();
    expect(authenticated).toEqual([7]);
    expect(started.map((entry) => entry.job.kind)).toEqual(['pull-request']);
    started[0]?.finish();
    await expect(outcome).resolves.toMatchObject({ status: 'done' });
  });

  it('a redelivery of a job in flight joins it instead of running twice', async () => {
    const { runner, started } = controllable();
    const first = runner.submit(pr('a1'));
    const again = runner.submit(pr('a1', { deliveryId: 'redelivered' }));
    await settle();
    expect(started).toHaveLength(1);
    expect(runner.inFlight).toBe(1);
    started[0]?.finish();
    await expect(first).resolves.toMatchObject({ status: 'done' });
    await expect(again).resolves.toEqual({ status: 'skipped', reason: 'joined the same job in flight', calls: 0 });
    expect(runner.inFlight).toBe(0);
  });

  it('a job just done is skipped unless forced (a re-run); another head or base branch is another job', async () => {
    const { runner, started } = controllable();
    const first = runner.submit(pr('a1'));
    await settle();
    started[0]?.finish();
    await first;
    await expect(runner.submit(pr('a1'))).resolves.toEqual({ status: 'skipped', reason: 'already evaluated', calls: 0 });
    const forced = runner.submit(pr('a1', { force: true }));
    const otherBase = runner.submit(pr('a1', { baseRef: 'release' }));
    await settle();
    expect(started.map((entry) => (entry.job as PullRequestJob).baseRef)).toEqual(['main', 'main', 'release']);
    for (const entry of started.slice(1)) entry.finish();
    await Promise.all([forced, otherBase]);
  });

  it('a job for an older head learns it is superseded once a newer head is confirmed', async () => {
    const { runner, started } = controllable();
    const older = runner.submit(pr('a1'));
    await settle();
    await started[0]?.context.control.confirmCurrent();
    const newer = runner.submit(pr('b2'));
    await settle();
    expect(await started[0]?.context.control.superseded()).toBeUndefined();
    await started[1]?.context.control.confirmCurrent();
    expect(await started[0]?.context.control.superseded()).toBe('b2');
    expect(await started[1]?.context.control.superseded()).toBeUndefined();
    for (const entry of started) entry.finish();
    await Promise.all([older, newer]);
  });

  it('a job past its deadline is abandoned: its control says so and `expired` settles', async () => {
    const { runner, started } = controllable();
    const outcome = runner.submit(pr('a1'));
    await settle();
    const control = started[0]?.context.control;
    let expired = false;
    void control?.expired.then(() => (expired = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(control?.abandoned).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(control?.abandoned).toBe(true);
    expect(expired).toBe(true);
    started[0]?.finish({ status: 'failed', reason: 'deadline', calls: 0 });
    await expect(outcome).resolves.toMatchObject({ status: 'failed' });
  });

  it('policy pushes are keyed by commit and always run (the job finds its own check run on the commit)', async () => {
    const { runner, started } = controllable();
    const push = (deliveryId: string): Job => ({ kind: 'policy-push', installationId: 7, repo: { owner: 'acme', repo: 'app' }, before: 'b'.repeat(40), after: 'c'.repeat(40), trigger: 'push', deliveryId });
    const first = runner.submit(push('p1'));
    const joined = runner.submit(push('p2'));
    await settle();
    started[0]?.finish();
    await first;
    await expect(joined).resolves.toMatchObject({ status: 'skipped', reason: 'joined the same job in flight' });
    const later = runner.submit(push('p3'));
    await settle();
    expect(started).toHaveLength(2);
    started[1]?.finish();
    await later;
  });

  it('tells the worker its one attempt is the last and not exclusive (a replica elsewhere is told apart by age)', async () => {
    const { runner, started } = controllable();
    const outcome = runner.submit(pr('a1'));
    await settle();
    expect(started[0]?.context.control.finalAttempt).toBe(true);
    expect(started[0]?.context.control.exclusive).toBe(false);
    started[0]?.finish();
    await outcome;
  });

  it('on close takes no new job and waits for the running ones, at most the grace period', async () => {
    const { runner, started } = controllable();
    const running = runner.submit(pr('a1'));
    await settle();
    const closed = runner.close(500);
    await expect(runner.submit(pr('b2'))).rejects.toThrow('shutting down');
    let result: boolean | undefined;
    void closed.then((value) => (result = value));
    await jest.advanceTimersByTimeAsync(100);
    expect(result).toBeUndefined();
    started[0]?.finish();
    await running;
    await settle();
    expect(result).toBe(true);
    expect(started).toHaveLength(1);
  });

  it('on close gives up waiting at the end of the grace period', async () => {
    const { runner, started } = controllable();
    void runner.submit(pr('a1'));
    await settle();
    const closed = runner.close(500);
    await jest.advanceTimersByTimeAsync(500);
    await expect(closed).resolves.toBe(false);
    started[0]?.finish();
  });

  it('job records survive a JSON round trip (they can travel to another process)', () => {
    const job = pr('a1');
    expect(JSON.parse(JSON.stringify(job))).toEqual(job);
  });
});
