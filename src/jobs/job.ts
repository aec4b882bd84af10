/**
 * Every trigger becomes a job record (DESIGN.md): plain data, serialisable as JSON, naming the
 * installation it runs as, so a worker in another process (a durable queue later) can
 * re-authenticate and run it. Handlers only build records; the runner deduplicates and orders them
 * and hands each to the worker of its `kind` (workers.ts).
 */
import type { RepoRef } from '../github/octokit.js';

interface JobRecord {
  /** The installation the job acts as: a worker gets its client from this id, never from a closure. */
  installationId: number;
  repo: RepoRef;
  /** The webhook that asked for it (`pull_request.opened`, `check_run.rerequested`, `push`...). */
  trigger: string;
  deliveryId: string;
}

/** Judge pull request N of repo R at head SHA S against its base branch. */
export interface PullRequestJob extends JobRecord {
  kind: 'pull-request';
  pullNumber: number;
  headSha: string;
  /** The base branch name: a base change (`pull_request.edited`) is a new job. */
  baseRef: string;
  /** A re-run someone asked for: evaluate again even if this head was already judged. */
  force: boolean;
}

/** The file lists of one commit of a push payload. */
export interface PushedCommit {
  added?: readonly string[];
  modified?: readonly string[];
  removed?: readonly string[];
}

/** Validate the policy a push to the default branch leaves (if the push changed it). */
export interface PolicyPushJob extends JobRecord {
  kind: 'policy-push';
  /** The default branch pushed to (the payload names it): a repository's policy governs pull requests into it. */
  branch?: string;
  before: string;
  after: string;
  /** The payload's commits (GitHub lists 20 at most). */
  commits?: readonly PushedCommit[];
}

/** Audit the repository's settings against its policy; the verdict goes on the default branch's head. */
export interface SettingsAuditJob extends JobRecord {
  kind: 'settings-audit';
  /** The default branch's head when the trigger names it (a push); otherwise the worker reads it. */
  headSha?: string;
  /** The default branch, when the payload says it (the policy is read there before anything else). */
  defaultBranch?: string;
  /** A re-run someone asked for: audit again even if this trigger was just handled. */
  force: boolean;
}

/**
 * Audit many repositories of an installation, an audit job each: those named (a new installation,
 * repositories added to it), or all of them when the org policy's `repository:` changed (a push to
 * `<org>/.github`, between `before` and `after`) or an organization ruleset changed.
 */
export interface OrgAuditJob extends JobRecord {
  kind: 'org-audit';
  /** Repository names of `repo.owner`; absent: every repository of the installation. */
  repositories?: readonly string[];
  /** A push to the org's `.github` repository: audit only if `repository:` of its policy changed. */
  policyPush?: { before: string; after: string; commits?: readonly PushedCommit[] };
}

/**
 * After a push left a valid, changed policy on the default branch (a merge): the open pull
 * requests it governs (of every repository, for the org's `.github`) whose verdict the change
 * affects get their check re-requested, a bounded number of them. Submitted by the validation.
 */
export interface PolicyMergeJob extends JobRecord {
  kind: 'policy-merge';
  /** The default branch; absent, every open pull request of the repository counts. */
  branch?: string;
  before: string;
  after: string;
  commits?: readonly PushedCommit[];
}

/** Attach SBOMs of the release's tag to a published release, when the policy there asks (`sbom.release-asset`). */
export interface ReleaseSbomJob extends JobRecord {
  kind: 'release-sbom';
  releaseId: number;
  tag: string;
  /** The release's publication time: the SBOMs' timestamp, so the same release gives the same bytes ('' if the payload has none). */
  publishedAt: string;
  /** Where its assets go (the payload's `upload_url` without its `{?name,label}`): GitHub Enterprise has its own. */
  uploadUrl: string;
}

/** Every kind of job: a new one is one more member here (and one more worker). */
export type Job = PullRequestJob | PolicyPushJob | SettingsAuditJob | OrgAuditJob | PolicyMergeJob | ReleaseSbomJob;
export type JobKind = Job['kind'];

export function pullKey(job: PullRequestJob): string {
  return `${job.repo.owner}/${job.repo.repo}#${job.pullNumber}`;
}

const EXTERNAL_ID = /^ospo-gatekeeper:v1:pr=(\d+):head=([0-9a-f]+):base=(.+)$/;

/** The check run's `external_id`: names the job, so a re-run or a redelivery can find it again. */
export function externalIdFor(job: PullRequestJob): string {
  return `ospo-gatekeeper:v1:pr=${job.pullNumber}:head=${job.headSha}:base=${job.baseRef}`;
}

export function parseExternalId(externalId: string | null | undefined): { pullNumber: number; headSha: string; baseRef: string } | undefined {
  const match = EXTERNAL_ID.exec(externalId ?? '');
  if (!match) return undefined;
  return { pullNumber: Number(match[1]), headSha: match[2] as string, baseRef: match[3] as string };
}

/**
 * A check run started longer than `ms` before `now`: left by a job that can no longer be running.
 * The job's take-over and the sweeper both ask this, so they agree; without a start time, never.
 */
export function leftLongerThan(startedAt: string | undefined, now: number, ms: number): boolean {
  const started = Date.parse(startedAt ?? '');
  return Number.isFinite(started) && now - started > ms;
}
