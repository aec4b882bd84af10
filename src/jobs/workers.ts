/**
 * One worker per job kind: how to name a job (the same key is the same job: a redelivery), how it
 * supersedes older jobs of its group, and how to run it. A worker is given a client authenticated
 * for the job's installation, so it can run anywhere the record can travel.
 */
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { Job, JobKind } from './job.js';
import { pullKey } from './job.js';

export interface JobControl {
  /** Record that GitHub confirmed this job's version (its head) as its group's current one. */
  confirmCurrent(): Promise<void>;
  /** The newer version of the group confirmed since, if any: the job must not write group-level results. */
  superseded(): Promise<string | undefined>;
  /** True once the deadline passed: the job must stop writing. */
  readonly abandoned: boolean;
  readonly deadlineMs: number;
  /** Settles when the deadline passes. */
  readonly expired: Promise<void>;
  /** False while another attempt follows if this one throws (the durable queue retries): a failure is not reported yet, it is thrown. */
  readonly finalAttempt: boolean;
  /**
   * True when no other run of the same job can exist at the same time (the durable queue's job id
   * is the job's key): a check run of this job left in progress is this job's own earlier attempt
   * (a crash, a retry), taken over at any age.
   */
  readonly exclusive: boolean;
  /**
   * An earlier attempt of this job started (a retry, or a worker that died mid-job): it may have
   * completed its check run and died before posting the review, which this attempt then posts.
   */
  readonly resumed: boolean;
}

export type JobOutcome =
  /** `checkRunId`: the check run the job wrote (a job that fans out, the org audit, writes none). */
  | { status: 'done'; conclusion: string; checkRunId?: number; calls: number; superseded?: string }
  | { status: 'skipped'; reason: string; calls: number }
  | { status: 'failed'; checkRunId?: number; reason: string; calls: number }
  /** Handed to the durable queue (REDIS_URL): a worker in some replica runs it; `jobId` is its id there. */
  | { status: 'queued'; jobId: string; calls: number };

export interface JobContext {
  /** A client for the job's installation. */
  github: GitHub;
  control: JobControl;
  log: Logger;
}

export interface Worker<J extends Job> {
  readonly kind: J['kind'];
  /** Same key, same job: a redelivery joins the one in flight, or is skipped when just done. */
  key(job: J): string;
  /** Jobs of one group (one pull request) where the newest confirmed `version` (its head) wins. */
  supersession?(job: J): { group: string; version: string };
  /** A job that runs even if the same key was just done (a re-run someone asked for). */
  forced?(job: J): boolean;
  /** Fields that say which job a log line is about. */
  describe(job: J): Record<string, unknown>;
  run(job: J, context: JobContext): Promise<JobOutcome>;
}

/** One worker per kind, checked by the compiler: a new kind without a worker does not build. */
export type Workers = { [K in JobKind]: Worker<Extract<Job, { kind: K }>> };

export function workerFor<J extends Job>(workers: Workers, job: J): Worker<J> {
  // The mapped type pairs each kind with its worker; TypeScript can't narrow the index by J itself.
  return workers[job.kind] as unknown as Worker<J>;
}

/** The keys of a pull-request job: same repository, pull request, head and base branch. */
export const pullRequestKeys = {
  key: (job: Extract<Job, { kind: 'pull-request' }>) => `${pullKey(job)}@${job.headSha}:${job.baseRef}`,
  supersession: (job: Extract<Job, { kind: 'pull-request' }>) => ({ group: pullKey(job), version: job.headSha }),
  forced: (job: Extract<Job, { kind: 'pull-request' }>) => job.force,
  describe: (job: Extract<Job, { kind: 'pull-request' }>) => ({ ...job.repo, pull: job.pullNumber, head: job.headSha, trigger: job.trigger }),
};

/** The keys of a policy push job: one validation per pushed commit. */
export const policyPushKeys = {
  key: (job: Extract<Job, { kind: 'policy-push' }>) => `${job.repo.owner}/${job.repo.repo}@${job.after}:policy`,
  // Not "just done" in memory: the job looks for its completed check run on the commit itself,
  // which holds across restarts and replicas (and a deleted run is validated again).
  forced: () => true,
  describe: (job: Extract<Job, { kind: 'policy-push' }>) => ({ ...job.repo, after: job.after, trigger: job.trigger }),
};

/** The keys of a settings audit: per pushed head, or per event for settings changes (the head did not move). */
export const settingsAuditKeys = {
  key: (job: Extract<Job, { kind: 'settings-audit' }>) => `${job.repo.owner}/${job.repo.repo}:audit@${job.headSha ?? job.deliveryId}`,
  forced: (job: Extract<Job, { kind: 'settings-audit' }>) => job.force,
  describe: (job: Extract<Job, { kind: 'settings-audit' }>) => ({ ...job.repo, head: job.headSha, trigger: job.trigger }),
};

/** The keys of an org audit: one per webhook delivery. */
export const orgAuditKeys = {
  key: (job: Extract<Job, { kind: 'org-audit' }>) => `${job.repo.owner}:org-audit:${job.deliveryId}`,
  describe: (job: Extract<Job, { kind: 'org-audit' }>) => ({ owner: job.repo.owner, repositories: job.repositories?.length ?? 'all', trigger: job.trigger }),
};

/** The keys of a policy merge: one re-evaluation per pushed commit. */
export const policyMergeKeys = {
  key: (job: Extract<Job, { kind: 'policy-merge' }>) => `${job.repo.owner}/${job.repo.repo}@${job.after}:policy-merge`,
  describe: (job: Extract<Job, { kind: 'policy-merge' }>) => ({ ...job.repo, before: job.before, after: job.after, trigger: job.trigger }),
};

/** The keys of a release's SBOMs: one job per release (a redelivery finds the assets attached). */
export const releaseSbomKeys = {
  key: (job: Extract<Job, { kind: 'release-sbom' }>) => `${job.repo.owner}/${job.repo.repo}:release-sbom:${job.releaseId}`,
  describe: (job: Extract<Job, { kind: 'release-sbom' }>) => ({ ...job.repo, release: job.releaseId, tag: job.tag, trigger: job.trigger }),
};
