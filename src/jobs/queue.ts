/**
 * The durable runner (REDIS_URL): jobs go to a BullMQ queue on Redis and workers in every replica
 * run them. What the in-process runner keeps in memory lives in Redis here:
 * - the job id is the job's key (worker.key), so a redelivery, or the same delivery sent to a
 *   second replica, adds nothing while the job is queued, running or just done (`recentMs`);
 *   a forced job (a re-run someone asked for) is one per delivery;
 * - supersession: the head most recently confirmed for a pull request (redis-state.ts);
 * - at most `perInstallation` jobs of one installation run at once, fleet-wide, so one org can't
 *   starve the rest (a job over the limit waits, delayed, without using an attempt);
 * - a worker killed mid-job loses its lock, and BullMQ's stalled-job check hands the job to
 *   another worker, which takes the job's check run over (`exclusive`);
 * - a job that throws is retried with backoff; the last attempt reports (`finalAttempt`).
 */
import { DelayedError, Queue, Worker as QueueWorker, type Job as QueuedJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { Job } from './job.js';
import { settlesWithin, withTimeout } from '../within.js';
import { jobBindings, runAttempt, type JobObserver } from './execute.js';
import { installationSlots, redisSupersession, type InstallationSlots } from './redis-state.js';
import { workerFor, type JobOutcome, type Workers } from './workers.js';

export const QUEUE_NAME = 'jobs';
export const QUEUE_PREFIX = 'ospo-gatekeeper';

export interface DurableQueueOptions {
  redisUrl: string;
  workers: Workers;
  authenticate(installationId: number): Promise<GitHub>;
  log: Logger;
  deadlineMs: number;
  /** Jobs this replica runs at once (0: it only enqueues). */
  concurrency: number;
  /** Jobs of one installation running at once, across every replica. */
  perInstallation: number;
  /** How often a lost worker's jobs are looked for, and how long a job's lock lasts unrenewed. */
  stalledIntervalMs: number;
  attempts: number;
  /** First retry delay; each next one doubles. */
  backoffMs: number;
  /** How long a finished job still counts as "just done" (its id stays taken). */
  recentMs: number;
  observe?: JobObserver;
  onDone?(job: Job, outcome: JobOutcome): void;
}

/** How long a webhook's enqueue may take before the delivery is answered with an error (GitHub waits 10 s). */
const ENQUEUE_TIMEOUT_MS = 5000;
/** A job over its installation's limit is looked at again after this (plus jitter). */
const SLOT_RETRY_MS = 250;

export class DurableQueue {
  readonly #options: DurableQueueOptions;
  /** Fails fast when Redis is away (a webhook is answered with an error, not held); used for enqueueing and the small state. */
  readonly #redis: Redis;
  readonly #queue: Queue<Job, JobOutcome>;
  readonly #slots: InstallationSlots;
  #worker: QueueWorker<Job, JobOutcome> | undefined;
  /** The jobs this replica runs now, with their lock tokens (to hand them back at shutdown). */
  readonly #active = new Map<string, { job: QueuedJob<Job, JobOutcome>; token: string | undefined }>();

  constructor(options: DurableQueueOptions) {
    this.#options = options;
    this.#redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
    this.#redis.on('error', (error) => options.log.warn({ err: error }, 'ospo-gatekeeper: the job queue lost Redis'));
    this.#queue = new Queue<Job, JobOutcome>(QUEUE_NAME, { connection: this.#redis, prefix: QUEUE_PREFIX });
    this.#queue.on('error', (error) => options.log.warn({ err: error }, 'ospo-gatekeeper: job queue error'));
    // A job's slot outlives it only if its worker died: then it frees itself after the longest a job can run.
    this.#slots = installationSlots(this.#redis, options.perInstallation, options.deadlineMs + 2 * options.stalledIntervalMs);
  }

  /** Hands the job to the queue; settles once Redis has it (the webhook is answered then). */
  async submit(job: Job): Promise<JobOutcome> {
    const worker = workerFor(this.#options.workers, job);
    const jobId = durableJobId(job.kind, worker.key(job), worker.forced?.(job) ? job.deliveryId : undefined);
    const added = this.#queue.add(job.kind, job, {
      jobId,
      attempts: this.#options.attempts,
      backoff: { type: 'exponential', delay: this.#options.backoffMs },
      removeOnComplete: { age: Math.ceil(this.#options.recentMs / 1000), count: 10_000 },
      // A job that failed for good has reported (its check run says neutral); a redelivery or the sweeper may try it again.
      removeOnFail: true,
    });
    const queued = await withTimeout(added, ENQUEUE_TIMEOUT_MS, `Redis did not take the job within ${ENQUEUE_TIMEOUT_MS / 1000} s`);
    this.#options.observe?.queued(job.kind);
    this.#options.log.child(jobBindings(job, jobId)).info({ job: { kind: job.kind, ...worker.describe(job) }, queuedJobId: queued.id }, `ospo-gatekeeper: ${job.kind} queued`);
    return { status: 'queued', jobId, calls: 0 };
  }

  /** Starts this replica's workers (none when concurrency is 0). */
  start(): void {
    if (this.#options.concurrency <= 0 || this.#worker) return;
    const { stalledIntervalMs } = this.#options;
    // Workers block on Redis: their connection waits for it instead of failing (BullMQ requires this).
    const connection = new Redis(this.#options.redisUrl, { maxRetriesPerRequest: null });
    this.#worker = new QueueWorker<Job, JobOutcome>(QUEUE_NAME, (job, token) => this.#process(job, token), {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: this.#options.concurrency,
      lockDuration: stalledIntervalMs,
      stalledInterval: stalledIntervalMs,
      // A job whose worker died twice is failed rather than tried for ever (the sweeper still finds its check run).
      maxStalledCount: 2,
    });
    this.#worker.on('error', (error) => this.#options.log.warn({ err: error }, 'ospo-gatekeeper: job worker error'));
    this.#worker.on('stalled', (jobId) => this.#options.log.warn({ jobId }, 'ospo-gatekeeper: a job lost its worker; another worker takes it'));
  }

  /** Redis reachable? (for /readyz) */
  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  /**
   * Takes no more jobs; waits at most `graceMs` for the running ones, then hands those still
   * running back to the queue (another replica takes them at once). True when all finished here.
   */
  async close(graceMs: number): Promise<boolean> {
    const worker = this.#worker;
    let finished = true;
    if (worker) {
      // Pausing takes no new job and settles when the running ones are done.
      finished = await settlesWithin(worker.pause(false), graceMs);
      if (!finished) await Promise.allSettled([...this.#active.values()].map(({ job, token }) => job.moveToWait(token)));
      // Forced: a job handed back is not waited for (it runs on elsewhere; this process is about to exit).
      await worker.close(!finished);
    }
    await this.#queue.close();
    await this.#redis.quit().catch(() => undefined);
    return finished;
  }

  async #process(queued: QueuedJob<Job, JobOutcome>, token: string | undefined): Promise<JobOutcome> {
    const job = queued.data;
    const jobId = queued.id ?? durableJobId(job.kind, 'unknown');
    if (!(await this.#slots.acquire(job.installationId, jobId))) {
      this.#options.log.debug({ jobId, installationId: job.installationId }, 'ospo-gatekeeper: the installation is at its job limit; the job waits');
      await queued.moveToDelayed(Date.now() + SLOT_RETRY_MS + Math.floor(Math.random() * SLOT_RETRY_MS), token);
      throw new DelayedError(`installation ${job.installationId} is at its limit of ${this.#options.perInstallation} jobs`);
    }
    this.#active.set(jobId, { job: queued, token });
    const { authenticate, log, observe, deadlineMs, attempts } = this.#options;
    const finalAttempt = queued.attemptsMade + 1 >= attempts;
    // Started before: a failed attempt, or a worker that died with the job (a wait for a slot counts too, harmlessly).
    const resumed = queued.attemptsMade > 0 || queued.attemptsStarted > 1;
    const jobLog = log.child(jobBindings(job, jobId));
    jobLog.info({ attempt: queued.attemptsMade + 1, started: queued.attemptsStarted }, `ospo-gatekeeper: ${job.kind} started`);
    try {
      const worker = workerFor(this.#options.workers, job);
      const outcome = await runAttempt(worker, job, jobId, { authenticate, log, deadlineMs, supersession: redisSupersession(this.#redis), ...(observe ? { observe } : {}), finalAttempt, exclusive: true, resumed });
      jobLog.info({ job: { kind: job.kind, ...worker.describe(job) }, outcome, attempt: queued.attemptsMade + 1 }, `ospo-gatekeeper: ${job.kind} ${outcome.status}`);
      this.#options.onDone?.(job, outcome);
      return outcome;
    } catch (error) {
      if (!finalAttempt) observe?.retried?.(job.kind);
      jobLog.error({ err: error, attempt: queued.attemptsMade + 1, of: attempts }, `ospo-gatekeeper: ${job.kind} attempt failed${finalAttempt ? '' : '; it will be retried'}`);
      throw error;
    } finally {
      this.#active.delete(jobId);
      await this.#slots.release(job.installationId, jobId).catch(() => undefined);
    }
  }
}

/** BullMQ ids can't hold ':': percent-encoded (and '%' itself), so two keys never share an id. */
export function durableJobId(kind: string, key: string, delivery?: string): string {
  const encode = (text: string) => text.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `${kind}|${encode(key)}${delivery === undefined ? '' : `|delivery=${encode(delivery)}`}`;
}
