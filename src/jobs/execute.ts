/**
 * One attempt of one job, the same for the in-process runner and the durable queue: the client
 * for the job's installation, a JobControl (supersession through the runner's store, the
 * deadline, whether this attempt is the last), the observer told of start and finish, and the
 * log bindings every line of the job carries.
 */
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { Job } from './job.js';
import type { JobControl, JobOutcome, Worker } from './workers.js';

/** What the runner reports for metrics. `status` is the outcome's, or `failed` when the worker threw. */
export interface JobObserver {
  queued(kind: Job['kind']): void;
  started(kind: Job['kind']): void;
  finished(kind: Job['kind'], status: JobOutcome['status'], seconds: number): void;
  /** A failed attempt the queue will try again. */
  retried?(kind: Job['kind']): void;
  /** Each client a job runs with, before it is used (to count calls and read rate limits). */
  github?(github: GitHub): void;
}

/** Where "the newest confirmed version of a group" lives: this process's memory, or Redis for every replica. */
export interface SupersessionStore {
  confirm(group: string, version: string): Promise<void>;
  current(group: string): Promise<string | undefined>;
}

export interface AttemptOptions {
  authenticate(installationId: number): Promise<GitHub>;
  log: Logger;
  deadlineMs: number;
  supersession: SupersessionStore;
  observe?: JobObserver;
  finalAttempt: boolean;
  exclusive: boolean;
  resumed: boolean;
}

/** Runs one attempt of `job` with `worker`; a worker that throws rejects (the caller decides: report, or retry). */
export async function runAttempt<J extends Job>(worker: Worker<J>, job: J, jobId: string, options: AttemptOptions): Promise<JobOutcome> {
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      abandoned = true;
      resolve();
    }, options.deadlineMs);
  });
  const position = worker.supersession?.(job);
  const { supersession } = options;
  const control: JobControl = {
    confirmCurrent: async () => {
      if (position) await supersession.confirm(position.group, position.version);
    },
    superseded: async () => {
      if (!position) return undefined;
      const current = await supersession.current(position.group);
      return current !== undefined && current !== position.version ? current : undefined;
    },
    get abandoned() {
      return abandoned;
    },
    deadlineMs: options.deadlineMs,
    expired,
    finalAttempt: options.finalAttempt,
    exclusive: options.exclusive,
    resumed: options.resumed,
  };
  const { observe } = options;
  const started = performance.now();
  let status: JobOutcome['status'] = 'failed';
  observe?.started(job.kind);
  try {
    const github = await options.authenticate(job.installationId);
    observe?.github?.(github);
    const outcome = await worker.run(job, { github, control, log: options.log.child(jobBindings(job, jobId)) });
    status = outcome.status;
    return outcome;
  } finally {
    clearTimeout(timer);
    observe?.finished(job.kind, status, (performance.now() - started) / 1000);
  }
}

/** The bindings of every log line of a job: which delivery asked, which job, which repository. */
export function jobBindings(job: Job, jobId: string): Record<string, string> {
  return { deliveryId: job.deliveryId, jobId, repo: `${job.repo.owner}/${job.repo.repo}` };
}
