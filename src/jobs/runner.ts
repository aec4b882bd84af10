/**
 * Runs jobs in process: the default runner, and the seam where a durable queue (BullMQ on Redis)
 * plugs in later, since a job is a record and its worker is found by `kind`.
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
import { workerFor, type JobControl, type JobOutcome, type Worker, type Workers } from './workers.js';

export type { JobControl, JobOutcome } from './workers.js';

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

/** What the runner reports for metrics. `status` is the outcome's, or `failed` when the worker threw. */
export interface JobObserver {
  queued(kind: Job['kind']): void;
  started(kind: Job['kind']): void;
  finished(kind: Job['kind'], status: JobOutcome['status'], seconds: number): void;
  /** Each client a job runs with, before it is used (to count calls and read rate limits). */
  github?(github: GitHub): void;
}

export class JobRunner {
  readonly #inFlight = new Map<string, Promise<JobOutcome>>();
  readonly #recent: LRUCache<string, true>;
  readonly #current = new LRUCache<string, string>({ max: 10_000 });
  readonly #deadlineMs: number;
  readonly #options: RunnerOptions;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#deadlineMs = options.deadlineMs ?? 5 * 60_000;
    this.#recent = new LRUCache({ max: 10_000, ttl: options.recentMs ?? 10 * 60_000 });
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Runs the job (or joins the same one in flight); settles with its outcome, logged and reported to onDone. */
  async submit(job: Job): Promise<JobOutcome> {
    const worker = workerFor(this.#options.workers, job);
    this.#options.observe?.queued(job.kind);
    const outcome = await this.#admit(worker, job);
    const log = this.#options.log.child(jobBindings(job, `${job.kind}:${worker.key(job)}`));
    log.info({ job: { kind: job.kind, ...worker.describe(job) }, outcome }, `ospo-gatekeeper: ${job.kind} ${outcome.status}`);
    this.#options.onDone?.(job, outcome);
    return outcome;
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
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        abandoned = true;
        resolve();
      }, this.#deadlineMs);
    });
    const position = worker.supersession?.(job);
    const control: JobControl = {
      confirmCurrent: async () => {
        if (position) this.#current.set(position.group, position.version);
      },
      superseded: async () => {
        const current = position ? this.#current.get(position.group) : undefined;
        return current !== undefined && current !== position?.version ? current : undefined;
      },
      get abandoned() {
        return abandoned;
      },
      deadlineMs: this.#deadlineMs,
      expired,
      // In process, a job runs once; a replica of the same delivery elsewhere is told apart by age.
      finalAttempt: true,
      exclusive: false,
    };
    const observe = this.#options.observe;
    const started = performance.now();
    let status: JobOutcome['status'] = 'failed';
    observe?.started(job.kind);
    try {
      const github = await this.#options.authenticate(job.installationId);
      observe?.github?.(github);
      const outcome = await worker.run(job, { github, control, log: this.#options.log.child(jobBindings(job, key)) });
      if (outcome.status === 'done') this.#recent.set(key, true);
      status = outcome.status;
      return outcome;
    } finally {
      clearTimeout(timer);
      observe?.finished(job.kind, status, (performance.now() - started) / 1000);
    }
  }
}

/** The bindings of every log line of a job: which delivery asked, which job (the runner's key), which repository. */
function jobBindings(job: Job, jobId: string): Record<string, string> {
  return { deliveryId: job.deliveryId, jobId, repo: `${job.repo.owner}/${job.repo.repo}` };
}
