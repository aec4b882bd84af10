/**
 * Runs jobs in process. The seam where a durable queue (BullMQ on Redis) plugs in later:
 * - the same job in flight runs once (a redelivery joins it);
 * - a job done a moment ago is not run again for an automatic trigger;
 * - supersession: the head SHA most recently confirmed as the PR's head wins; a job for an older
 *   head learns it is superseded and must not write PR-level results (the review);
 * - a deadline: a job that overruns is abandoned (its work reports `neutral`, later writes stop).
 */
import { LRUCache } from 'lru-cache';
import { jobKey, pullKey, type PullRequestJob } from './job.js';

export interface JobControl {
  /** Record that GitHub confirmed this job's head as the PR's current head. */
  confirmCurrent(): void;
  /** True once a newer head of the same PR has been confirmed. */
  superseded(): string | undefined;
  /** True once the deadline passed: the job must stop writing. */
  readonly abandoned: boolean;
  readonly deadlineMs: number;
  /** Settles when the deadline passes. */
  readonly expired: Promise<void>;
}

export type JobOutcome =
  | { status: 'done'; conclusion: string; checkRunId: number; calls: number; superseded?: string }
  | { status: 'skipped'; reason: string; calls: number }
  | { status: 'failed'; checkRunId?: number; reason: string; calls: number };

export type JobWork = (job: PullRequestJob, control: JobControl) => Promise<JobOutcome>;

export interface RunnerOptions {
  /** Milliseconds a job may run before it is abandoned (reported neutral). */
  deadlineMs?: number;
  /** How long a finished job counts as "just done" for automatic triggers. */
  recentMs?: number;
}

export class JobRunner {
  readonly #inFlight = new Map<string, Promise<JobOutcome>>();
  readonly #recent: LRUCache<string, true>;
  readonly #current = new LRUCache<string, string>({ max: 10_000 });
  readonly #deadlineMs: number;

  constructor(options: RunnerOptions = {}) {
    this.#deadlineMs = options.deadlineMs ?? 5 * 60_000;
    this.#recent = new LRUCache({ max: 10_000, ttl: options.recentMs ?? 10 * 60_000 });
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  submit(job: PullRequestJob, work: JobWork): Promise<JobOutcome> {
    const key = jobKey(job);
    const running = this.#inFlight.get(key);
    if (running) return running.then((outcome) => (outcome.status === 'skipped' ? outcome : { status: 'skipped', reason: 'joined the same job in flight', calls: 0 }));
    if (!job.force && this.#recent.has(key)) return Promise.resolve({ status: 'skipped', reason: 'already evaluated', calls: 0 });
    const promise = this.#run(job, work).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  async #run(job: PullRequestJob, work: JobWork): Promise<JobOutcome> {
    const pull = pullKey(job);
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        abandoned = true;
        resolve();
      }, this.#deadlineMs);
    });
    const control: JobControl = {
      confirmCurrent: () => {
        this.#current.set(pull, job.headSha);
      },
      superseded: () => {
        const current = this.#current.get(pull);
        return current !== undefined && current !== job.headSha ? current : undefined;
      },
      get abandoned() {
        return abandoned;
      },
      deadlineMs: this.#deadlineMs,
      expired,
    };
    try {
      const outcome = await work(job, control);
      if (outcome.status === 'done') this.#recent.set(jobKey(job), true);
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }
}
