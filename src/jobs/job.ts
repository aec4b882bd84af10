/**
 * An evaluation is a job (DESIGN.md): judge pull request N of repo R at head SHA S against its
 * base branch. Handlers only build jobs; the runner deduplicates and orders them.
 */
import type { RepoRef } from '../github/octokit.js';

export interface PullRequestJob {
  repo: RepoRef;
  pullNumber: number;
  headSha: string;
  /** The base branch name: a base change (`pull_request.edited`) is a new job. */
  baseRef: string;
  /** The webhook that asked for it (`pull_request.opened`, `check_run.rerequested`...). */
  trigger: string;
  deliveryId: string;
  /** A re-run someone asked for: evaluate again even if this head was already judged. */
  force: boolean;
}

/** Same repository, pull request, head and base branch: the same job (a redelivery). */
export function jobKey(job: PullRequestJob): string {
  return `${job.repo.owner}/${job.repo.repo}#${job.pullNumber}@${job.headSha}:${job.baseRef}`;
}

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
