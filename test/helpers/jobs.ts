/** Job records and workers for the runner tests (in process and durable). */
import type { Job, PullRequestJob } from '../../src/jobs/job.js';
import { orgAuditKeys, policyMergeKeys, policyPushKeys, pullRequestKeys, releaseSbomKeys, settingsAuditKeys, type JobContext, type JobOutcome, type Workers } from '../../src/jobs/workers.js';

/** A pull-request job of acme/app#12 at `headSha`. */
export const pullRequestJob = (headSha: string, extra: Partial<PullRequestJob> = {}): PullRequestJob => ({
  kind: 'pull-request',
  installationId: 7,
  repo: { owner: 'acme', repo: 'app' },
  pullNumber: 12,
  headSha,
  baseRef: 'main',
  trigger: 'pull_request.synchronize',
  deliveryId: `d-${headSha}`,
  force: false,
  ...extra,
});

/** Every kind's real keys, every kind run by `run`. */
export function workersRunning(run: (job: Job, context: JobContext) => Promise<JobOutcome>): Workers {
  return {
    'pull-request': { kind: 'pull-request', ...pullRequestKeys, run },
    'policy-push': { kind: 'policy-push', ...policyPushKeys, run },
    'settings-audit': { kind: 'settings-audit', ...settingsAuditKeys, run },
    'org-audit': { kind: 'org-audit', ...orgAuditKeys, run },
    'policy-merge': { kind: 'policy-merge', ...policyMergeKeys, run },
    'release-sbom': { kind: 'release-sbom', ...releaseSbomKeys, run },
  };
}
