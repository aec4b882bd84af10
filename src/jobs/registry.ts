/**
 * The worker of each job kind, given what every worker shares (license sources, cache, clock,
 * limits). A new kind of job is a record type in job.ts, a file beside pull-request.ts, push.ts
 * and settings-audit.ts, and one entry here.
 */
import { runPullRequestJob, type PullRequestDeps } from './pull-request.js';
import { runPushJob } from './push.js';
import type { Job } from './job.js';
import { runOrgAuditJob } from './org-audit.js';
import { runSettingsAuditJob } from './settings-audit.js';
import { runPolicyMergeJob } from './policy-merge.js';
import { runReleaseSbomJob } from './release-sbom.js';
import { orgAuditKeys, policyMergeKeys, policyPushKeys, pullRequestKeys, releaseSbomKeys, settingsAuditKeys, type JobOutcome, type Workers } from './workers.js';

/** What every worker shares: the pull-request job's needs, less the logger (each job gets its own). */
export type WorkerDeps = Omit<PullRequestDeps, 'log'> & {
  /** Where a job that fans out (an org audit) submits its jobs: the runner, once it exists. */
  enqueue(job: Job): Promise<JobOutcome>;
  /** Repository audits an org audit runs at once. */
  auditConcurrency: number;
};

export function createWorkers(deps: WorkerDeps): Workers {
  return {
    'pull-request': {
      kind: 'pull-request',
      ...pullRequestKeys,
      run: (job, { github, control, log }) => runPullRequestJob(github, job, control, { ...deps, log }),
    },
    'policy-push': {
      kind: 'policy-push',
      ...policyPushKeys,
      run: (job, { github, log }) => runPushJob(github, job, { maxAnnotations: deps.maxAnnotations, enqueue: deps.enqueue, today: deps.today, log }),
    },
    'settings-audit': {
      kind: 'settings-audit',
      ...settingsAuditKeys,
      run: (job, { github, log }) => runSettingsAuditJob(github, job, { log }),
    },
    'org-audit': {
      kind: 'org-audit',
      ...orgAuditKeys,
      run: (job, { github, log }) => runOrgAuditJob(github, job, { enqueue: deps.enqueue, concurrency: deps.auditConcurrency, log }),
    },
    'policy-merge': {
      kind: 'policy-merge',
      ...policyMergeKeys,
      run: (job, { github, log }) => runPolicyMergeJob(github, job, { ...deps, log }),
    },
    'release-sbom': {
      kind: 'release-sbom',
      ...releaseSbomKeys,
      run: (job, { github, log }) => runReleaseSbomJob(github, job, { sourcesFor: deps.sourcesFor, cache: deps.cache, today: deps.today, log }),
    },
  };
}
