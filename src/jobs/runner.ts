/**
 * Runs jobs in process: the runner without REDIS_URL (one command, nothing else to run). With
 * REDIS_URL the durable queue (queue.ts) takes its place behind the same `submit`.
 * - the same job in flight runs once (a redelivery joins it);
 * - a job done a moment ago is not run again, unless forced (a re-run);
 * - supersession: the version (head SHA) most recently confirmed for a group (pull request) wins;
 *   a job for an older one learns it is superseded and must not write group-level results;
 * - a deadline: a job that overruns is abandoned (its work reports `neutral`, later writes stop).
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { Job } from './job.js';
import { workerFor, type JobOutcome, type Worker, type Workers } from './workers.js';
import { settlesWithin } from '../within.js';
import { jobBindings, runAttempt, type JobObserver, type SupersessionStore } from './execute.js';

export type { JobControl, JobOutcome } from './workers.js';
export type { JobObserver } from './execute.js';

export interface RunnerOptions {
  workers: Workers;
  /** A client for an installation (in the app: Probot's `app.auth`). */
  authenticate(installationId: number): Promise<GitHub>;
  log: Logger;
  /** Milliseconds a job may run before it is abandoned (reported neutral). */
  deadlineMs?: number;
  /** How long a finished job counts as "just done". */
  recentMs?: number;
  /** Called after every job that ran or was skipped. */
  onDone?(job: Job, outcome: JobOutcome): void;
  /** Told when jobs are queued, start and finish (the app's metrics); the runner works without it. */
  observe?: JobObserver;
}

export const DEFAULT_DEADLINE_MS = 5 * 60_000;

export class JobRunner {
  readonly #inFlight = new Map<string, Promise<JobOutcome>>();
  readonly #recent: LRUCache<string, true>;
  readonly #supersession: SupersessionStore;
  readonly #deadlineMs: number;
  readonly #options: RunnerOptions;
  #closing = false;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.#recent = new LRUCache({ max: 10_000, ttl: options.recentMs ?? 10 * 60_000 });
    this.#supersession = memorySupersession();
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Runs the job (or joins the same one in flight); settles with its outcome, logged and reported to onDone. */
  async submit(job: Job): Promise<JobOutcome> {
    // Shutting down: a job taken now would die with the process; refusing it fails the delivery visibly (GitHub can redeliver it).
    if (this.#closing) throw new Error('ospo-gatekeeper is shutting down: the job was not taken');
    const worker = workerFor(this.#options.workers, job);
    this.#options.observe?.queued(job.kind);
    const outcome = await this.#admit(worker, job);
    const log = this.#options.log.child(jobBindings(job, `${job.kind}:${worker.key(job)}`));
    log.info({ job: { kind: job.kind, ...worker.describe(job) }, outcome }, `ospo-gatekeeper: ${job.kind} ${outcome.status}`);
    this.#options.onDone?.(job, outcome);
    return outcome;
  }

  /** Takes no more jobs and waits for those running, at most `graceMs`; true when none was left running. */
  async close(graceMs: number): Promise<boolean> {
    this.#closing = true;
    const drained = (async () => {
      while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
    })();
    return settlesWithin(drained, graceMs);
  }

  #admit<J extends Job>(worker: Worker<J>, job: J): Promise<JobOutcome> {
    const key = `${job.kind}:${worker.key(job)}`;
    const running = this.#inFlight.get(key);
    if (running) return running.then((outcome) => (outcome.status === 'skipped' ? outcome : { status: 'skipped', reason: 'joined the same job in flight', calls: 0 }));
    if (!worker.forced?.(job) && this.#recent.has(key)) return Promise.resolve({ status: 'skipped', reason: 'already evaluated', calls: 0 });
    const promise = this.#run(worker, job, key).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  async #run<J extends Job>(worker: Worker<J>, job: J, key: string): Promise<JobOutcome> {
    const { authenticate, log, observe } = this.#options;
    // In process a job runs once; a replica of the same delivery elsewhere is told apart by the age of its check run.
    const outcome = await runAttempt(worker, job, key, { authenticate, log, deadlineMs: this.#deadlineMs, supersession: this.#supersession, ...(observe ? { observe } : {}), finalAttempt: true, exclusive: false, resumed: false });
    if (outcome.status === 'done') this.#recent.set(key, true);
    return outcome;
  }
}

/** The newest confirmed version per group, in this process (bounded: the oldest groups are forgotten). */
function memorySupersession(): SupersessionStore {
  const current = new LRUCache<string, string>({ max: 10_000 });
  return {
    confirm: async (group, version) => void current.set(group, version),
    current: async (group) => current.get(group),
  };
}
