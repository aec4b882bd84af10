/**
 * The sweeper: a crash, a deploy or a lost Redis mid-evaluation leaves our dependency check run
 * `in_progress` forever, since GitHub never delivers the webhook again. At start and every few
 * minutes (one replica at a time: `lead`), the runs of this app left unfinished on the head of an
 * open pull request for longer than the job's own take-over age get their pull-request job enqueued
 * again; the job takes the old run over (`takeEarlierRun`) and completes it. Runs on pull requests
 * not updated within the look-back window (24 h) are left to a human re-run.
 */
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { Installation } from '../github/installations.js';
import { DEFAULT_LOOK_BACK_MS, findStaleCheckRuns, type StaleCheckRun } from '../github/stale-check-runs.js';
import { leftLongerThan, parseExternalId, type PullRequestJob } from './job.js';

export interface SweepDeps {
  /** The app's installations (`GET /app/installations`, as the app). */
  installations(): Promise<Installation[]>;
  /** A client for one installation. */
  authenticate(installationId: number): Promise<GitHub>;
  /** Where the jobs go (the runner, or the durable queue); a rejection counts as a failure. */
  enqueue(job: PullRequestJob): Promise<unknown>;
  /** The clock, in epoch milliseconds. */
  now(): number;
  /** A run unfinished for longer than this is stale: the pull-request job's `takeOverAfterMs`, so the job takes it over. */
  staleAfterMs: number;
  /** Only pull requests updated this recently are inspected (default 24 h). */
  lookBackMs?: number;
  /** This app's id: only its check suites are read. */
  appId: number;
  log: Logger;
}

export interface SweepCounts {
  installations: number;
  /** Open pull requests inspected. */
  inspected: number;
  /** Stale runs whose job was enqueued. */
  reEnqueued: number;
  /** Installations that could not be swept, plus jobs the queue refused. */
  failed: number;
}

/** One sweep of every installation; one installation's failure is logged and the others are swept. */
export async function sweepOnce(deps: SweepDeps): Promise<SweepCounts> {
  const installations = await deps.installations();
  const counts: SweepCounts = { installations: installations.length, inspected: 0, reEnqueued: 0, failed: 0 };
  for (const installation of installations) {
    try {
      await sweepInstallation(deps, installation, counts);
    } catch (error) {
      counts.failed++;
      deps.log.error({ err: error, installation }, `ospo-gatekeeper: the sweeper could not inspect the pull requests of ${installation.login}`);
    }
  }
  deps.log.info({ sweep: counts }, 'ospo-gatekeeper: sweep done');
  return counts;
}

async function sweepInstallation(deps: SweepDeps, installation: Installation, counts: SweepCounts): Promise<void> {
  const now = deps.now();
  const github = await deps.authenticate(installation.id);
  const found = await findStaleCheckRuns(github, { login: installation.login, appId: deps.appId, updatedSince: now - (deps.lookBackMs ?? DEFAULT_LOOK_BACK_MS) });
  counts.inspected += found.inspected;
  if (found.incomplete) deps.log.warn({ installation }, `ospo-gatekeeper: the sweeper did not inspect every pull request: ${found.incomplete}`);
  const stale = found.runs.filter((run) => leftLongerThan(run.startedAt, now, deps.staleAfterMs));
  const enqueued = await Promise.allSettled(stale.map((run) => deps.enqueue(jobFor(run, installation.id, now))));
  for (const [index, result] of enqueued.entries()) {
    if (result.status === 'fulfilled') counts.reEnqueued++;
    else {
      counts.failed++;
      const run = stale[index] as StaleCheckRun;
      deps.log.error({ err: result.reason, checkRun: run }, `ospo-gatekeeper: the sweeper could not enqueue the job of check run ${run.checkRunId}`);
    }
  }
}

/**
 * The job that created the run, named again from its external id (the job finds its run by that
 * id): its pull request, head and base branch. A run whose id does not parse (not written by
 * `externalIdFor`) gets the pull request's job, which can't recognise that run as its own.
 */
export function jobFor(run: StaleCheckRun, installationId: number, now: number): PullRequestJob {
  const named = parseExternalId(run.externalId) ?? { pullNumber: run.pullNumber, headSha: run.headSha, baseRef: run.baseRefName };
  return {
    kind: 'pull-request',
    installationId,
    repo: run.repo,
    ...named,
    trigger: 'sweeper',
    deliveryId: `sweep:${now}:${run.repo.owner}/${run.repo.repo}#${named.pullNumber}`,
    // Not a re-run: the job must look for the earlier run, to take it over.
    force: false,
  };
}

export interface SweeperOptions {
  sweep(): Promise<unknown>;
  /** Milliseconds between the end of a sweep and the next; 0: no sweeper at all. */
  intervalMs: number;
  /** True when this process is the one to sweep now (the Redis lease; in one process, always). */
  lead(): Promise<boolean>;
  log: Logger;
  /**
   * Milliseconds before the first sweep. Default: a random delay of up to 30 s (at most the
   * interval), so a fleet restarted at once does not ask GitHub all together.
   */
  startDelayMs?: number;
}

export interface Sweeper {
  /** No sweep starts after this; resolves once the one running, if any, is over. */
  stop(): Promise<void>;
}

/** Sweeps once after a short delay, then `intervalMs` after each sweep ends (so never two at once), while this process leads. */
export function startSweeper(options: SweeperOptions): Sweeper {
  if (options.intervalMs <= 0) return { stop: async () => undefined };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = async (): Promise<void> => {
    let leads: boolean;
    try {
      leads = await options.lead();
    } catch (error) {
      options.log.error({ err: error }, 'ospo-gatekeeper: could not tell whether this replica leads the sweeps (is Redis up?): no sweep this time');
      return;
    }
    if (!leads) return;
    try {
      await options.sweep();
    } catch (error) {
      options.log.error({ err: error }, 'ospo-gatekeeper: the sweep failed; the next one is in its time');
    }
  };
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule(options.intervalMs);
      });
    }, delayMs);
    timer.unref(); // the sweeper alone never keeps the process alive
  };
  schedule(options.startDelayMs ?? Math.floor(Math.random() * Math.min(30_000, options.intervalMs)));
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
