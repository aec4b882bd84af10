/** The sweeper with fake deps: which runs are re-enqueued as which jobs, failures, and its timing. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Logger } from 'pino';
import type { GitHub } from '../../src/github/octokit.js';
import type { PullRequestJob } from '../../src/jobs/job.js';
import { startSweeper, sweepOnce, type SweepDeps } from '../../src/jobs/sweeper.js';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE).toISOString();

interface Run {
  id: number;
  externalId?: string;
  startedAt?: string | null;
}

/** One page of the search, as GitHub answers the sweeper's query: one pull request per entry. */
function page(pulls: { number: number; head: string; base: string; runs: Run[] }[]) {
  return {
    search: {
      issueCount: pulls.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: pulls.map((pull) => ({
        number: pull.number,
        baseRefName: pull.base,
        headRefOid: pull.head,
        repository: { name: 'app', owner: { login: 'acme' } },
        commits: { nodes: [{ commit: { checkSuites: { nodes: [{ checkRuns: { nodes: pull.runs.map((run) => ({ databaseId: run.id, externalId: run.externalId ?? null, startedAt: run.startedAt === undefined ? null : run.startedAt, status: 'IN_PROGRESS' })) } }] } } }] },
      })),
    },
  };
}

/** A client whose only call is the sweeper's GraphQL query, answered with `answer`; the variables it was asked with are kept. */
function client(answer: () => unknown) {
  const asked: Record<string, unknown>[] = [];
  const github = { graphql: async (_query: string, variables: Record<string, unknown>) => (asked.push(variables), answer()) } as unknown as GitHub;
  return { github, asked };
}

function fakeLog() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_fields: unknown, message: string) => void lines.push({ level, message });
  return { log: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger, lines };
}

function deps(clients: Record<number, GitHub | Error>, extra: Partial<SweepDeps> = {}) {
  const enqueued: PullRequestJob[] = [];
  const { log, lines } = fakeLog();
  const sweepDeps: SweepDeps = {
    installations: async () => Object.keys(clients).map((id) => ({ id: Number(id), login: `org-${id}` })),
    authenticate: async (id) => {
      const github = clients[id]!;
      if (github instanceof Error) throw github;
      return github;
    },
    enqueue: async (job) => void enqueued.push(job),
    now: () => NOW,
    staleAfterMs: 10 * MINUTE,
    appId: 42,
    log,
    ...extra,
  };
  return { sweepDeps, enqueued, lines };
}

const HEAD = 'a'.repeat(40);

describe('sweepOnce', () => {
  it('re-enqueues the job of each run older than the take-over age, named from its external id; fresh runs are left alone', async () => {
    const { github, asked } = client(() =>
      page([
        {
          number: 12,
          head: HEAD,
          base: 'main',
          runs: [
            { id: 1, externalId: `ospo-gatekeeper:v1:pr=12:head=${HEAD}:base=release/1.x`, startedAt: ago(11) },
            { id: 2, externalId: `ospo-gatekeeper:v1:pr=12:head=${HEAD}:base=main`, startedAt: ago(9) },
            { id: 3, externalId: `ospo-gatekeeper:v1:pr=12:head=${HEAD}:base=dev`, startedAt: ago(10) }, // exactly the age: not older
            { id: 4, externalId: `ospo-gatekeeper:v1:pr=12:head=${HEAD}:base=qa`, startedAt: null }, // never started: can't be aged
          ],
        },
      ]),
    );
    const { sweepDeps, enqueued } = deps({ 5: github });
    expect(await sweepOnce(sweepDeps)).toEqual({ installations: 1, inspected: 1, reEnqueued: 1, failed: 0 });
    expect(enqueued).toEqual([
      { kind: 'pull-request', installationId: 5, repo: { owner: 'acme', repo: 'app' }, pullNumber: 12, headSha: HEAD, baseRef: 'release/1.x', trigger: 'sweeper', deliveryId: `sweep:${NOW}:acme/app#12`, force: false },
    ]);
    // The window: pull requests updated in the last 24 hours, of the installation's account.
    expect(asked[0]).toMatchObject({ search: 'is:pr is:open user:org-5 updated:>=2026-12-03T12:00:00Z', appId: 42 });
  });

  it('a run whose external id does not parse gets the pull request itself: its number, head and base branch', async () => {
    const { github } = client(() => page([{ number: 3, head: HEAD, base: 'trunk', runs: [{ id: 9, externalId: 'something-else', startedAt: ago(60) }] }]));
    const { sweepDeps, enqueued } = deps({ 1: github });
    await sweepOnce(sweepDeps);
    expect(enqueued).toEqual([expect.objectContaining({ pullNumber: 3, headSha: HEAD, baseRef: 'trunk', deliveryId: `sweep:${NOW}:acme/app#3` })]);
  });

  it('one installation failing (its token, its query) is logged; the others are swept', async () => {
    const stale = (id: number) => page([{ number: id, head: HEAD, base: 'main', runs: [{ id, startedAt: ago(30) }] }]);
    const broken = client(() => {
      throw new Error('GraphQL: something went wrong');
    });
    const { sweepDeps, enqueued, lines } = deps({ 1: client(() => stale(1)).github, 2: new Error('no token'), 3: broken.github, 4: client(() => stale(4)).github });
    expect(await sweepOnce(sweepDeps)).toEqual({ installations: 4, inspected: 2, reEnqueued: 2, failed: 2 });
    expect(enqueued.map((job) => job.installationId)).toEqual([1, 4]);
    expect(lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      'ospo-gatekeeper: the sweeper could not inspect the pull requests of org-2',
      'ospo-gatekeeper: the sweeper could not inspect the pull requests of org-3',
    ]);
  });

  it('a job the queue refuses counts as failed, the others are enqueued', async () => {
    const { github } = client(() => page([1, 2, 3].map((n) => ({ number: n, head: HEAD, base: 'main', runs: [{ id: n, startedAt: ago(30) }] }))));
    const { sweepDeps, lines } = deps({ 1: github }, { enqueue: async (job) => { if (job.pullNumber === 2) throw new Error('queue full'); } });
    expect(await sweepOnce(sweepDeps)).toEqual({ installations: 1, inspected: 3, reEnqueued: 2, failed: 1 });
    expect(lines.find((line) => line.level === 'error')?.message).toBe('ospo-gatekeeper: the sweeper could not enqueue the job of check run 2');
  });

  it('fails when the installations can not be listed (nothing to sweep is not a success)', async () => {
    const { sweepDeps } = deps({}, { installations: async () => Promise.reject(new Error('401 Bad credentials')) });
    await expect(sweepOnce(sweepDeps)).rejects.toThrow('401 Bad credentials');
  });
});

describe('startSweeper', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** A sweep that takes `durationMs` (fake time; 0: none, not even a timer's 1 ms); counts its runs and how many overlapped. */
  function timedSweep(durationMs: number) {
    const state = { started: 0, finished: 0, running: 0, mostAtOnce: 0 };
    const sweep = async () => {
      state.started++;
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      if (durationMs > 0) await new Promise((resolve) => setTimeout(resolve, durationMs));
      state.running--;
      state.finished++;
    };
    return { sweep, state };
  }

  it('sweeps after the start delay, then an interval after each sweep ends', async () => {
    const { sweep, state } = timedSweep(0);
    const sweeper = startSweeper({ sweep, intervalMs: 1000, startDelayMs: 200, lead: async () => true, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(199);
    expect(state.started).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(state.started).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(state.started).toBe(2);
    await jest.advanceTimersByTimeAsync(2000);
    expect(state.started).toBe(4);
    await sweeper.stop();
  });

  it('only sweeps while this process leads', async () => {
    const { sweep, state } = timedSweep(0);
    const answers = [false, true, false, true];
    let asked = 0;
    const sweeper = startSweeper({ sweep, intervalMs: 100, startDelayMs: 0, lead: async () => answers[asked++] ?? false, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(350);
    expect(asked).toBe(4);
    expect(state.started).toBe(2);
    await sweeper.stop();
  });

  it('never runs two sweeps at once, even when one lasts longer than the interval', async () => {
    const { sweep, state } = timedSweep(2500);
    const sweeper = startSweeper({ sweep, intervalMs: 1000, startDelayMs: 0, lead: async () => true, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(10_000);
    // Each cycle: 2.5 s of sweep, then 1 s of wait: starts at 0, 3.5, 7 s.
    expect(state.started).toBe(3);
    expect(state.mostAtOnce).toBe(1);
    // Stopped at 10 s, between the third sweep's end (9.5 s) and the fourth's start (10.5 s): no fourth.
    await sweeper.stop();
    await jest.advanceTimersByTimeAsync(3000);
    expect(state).toEqual({ started: 3, finished: 3, running: 0, mostAtOnce: 1 });
  });

  it('stop() waits for the sweep running, and no sweep starts after it', async () => {
    const { sweep, state } = timedSweep(500);
    const sweeper = startSweeper({ sweep, intervalMs: 100, startDelayMs: 0, lead: async () => true, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(10);
    expect(state.running).toBe(1);
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(400);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    await stopping;
    expect(state.finished).toBe(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(state.started).toBe(1);
  });

  it('a failed sweep is logged, and the next one still comes', async () => {
    const { log, lines } = fakeLog();
    let calls = 0;
    const sweep = async () => {
      calls++;
      if (calls === 1) throw new Error('GitHub down');
    };
    const sweeper = startSweeper({ sweep, intervalMs: 100, startDelayMs: 0, lead: async () => true, log });
    await jest.advanceTimersByTimeAsync(150);
    expect(calls).toBe(2);
    expect(lines).toEqual([{ level: 'error', message: 'ospo-gatekeeper: the sweep failed; the next one is in its time' }]);
    await sweeper.stop();
  });

  it('a lead that fails (Redis down) is logged, no sweep that time, and it is asked again next time', async () => {
    const { log, lines } = fakeLog();
    const { sweep, state } = timedSweep(0);
    let asked = 0;
    const lead = async () => {
      asked++;
      if (asked === 1) throw new Error('ECONNREFUSED');
      return true;
    };
    const sweeper = startSweeper({ sweep, intervalMs: 100, startDelayMs: 0, lead, log });
    await jest.advanceTimersByTimeAsync(50);
    expect(state.started).toBe(0);
    expect(lines).toEqual([{ level: 'error', message: 'ospo-gatekeeper: could not tell whether this replica leads the sweeps (is Redis up?): no sweep this time' }]);
    await jest.advanceTimersByTimeAsync(100);
    expect(asked).toBe(2);
    expect(state.started).toBe(1);
    await sweeper.stop();
  });

  it('an interval of 0 is no sweeper at all: no lead asked, no sweep', async () => {
    const lead = jest.fn(async () => true);
    const { sweep, state } = timedSweep(0);
    const sweeper = startSweeper({ sweep, intervalMs: 0, startDelayMs: 0, lead, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(60 * MINUTE);
    expect(lead).not.toHaveBeenCalled();
    expect(state.started).toBe(0);
    await sweeper.stop();
  });

  it('the default start delay is at most 30 s (and at most the interval)', async () => {
    const { sweep, state } = timedSweep(0);
    const sweeper = startSweeper({ sweep, intervalMs: 300_000, lead: async () => true, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(30_000);
    expect(state.started).toBe(1);
    await sweeper.stop();
    const short = timedSweep(0);
    const quick = startSweeper({ sweep: short.sweep, intervalMs: 50, lead: async () => true, log: fakeLog().log });
    await jest.advanceTimersByTimeAsync(49) // the delay is below 50 ms; the next sweep comes 50 ms after the first;
    expect(short.state.started).toBe(1);
    await quick.stop();
  });
});
