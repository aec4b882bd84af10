/**
 * The worker of each job kind, given what every worker shares (license sources, cache, clock,
 * limits). A new kind of job (a settings audit) is a record type in job.ts, a file beside
 * pull-request.ts and push.ts, and one entry here.
 */
import type { GitHub } from '../github/octokit.js';
import type { FactCache } from '../metadata/cache.js';
import type { FactSource } from '../metadata/types.js';
import { runPullRequestJob } from './pull-request.js';
import { runPushJob } from './push.js';
import { policyPushKeys, pullRequestKeys, type Workers } from './workers.js';

export interface WorkerDeps {
  /** The license sources for one job: the GitHub one reads through this job's installation client. */
  sourcesFor(github: GitHub): readonly FactSource[];
  cache: FactCache;
  today(): string;
  now(): number;
  takeOverAfterMs: number;
  maxAnnotations: number;
}

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
