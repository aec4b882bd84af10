/**
 * The worker of each job kind, given what every worker shares (license sources, cache, clock,
 * limits). A new kind of job (a settings audit) is a record type in job.ts, a file beside
 * pull-request.ts and push.ts, and one entry here.
 */
import { runPullRequestJob, type PullRequestDeps } from './pull-request.js';
import { runPushJob } from './push.js';
import { policyPushKeys, pullRequestKeys, type Workers } from './workers.js';

/** What every worker shares: the pull-request job's needs, less the logger (each job gets its own). */
export type WorkerDeps = Omit<PullRequestDeps, 'log'>;

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
      run: (job, { github, log }) => runPushJob(github, job, { maxAnnotations: deps.maxAnnotations, log }),
    },
  };
}
