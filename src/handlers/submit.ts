/** What a handler hands its job to (the runner, wired in src/index.ts). */
import type { Logger } from 'pino';
import type { GitHub } from '../github/octokit.js';
import type { PullRequestJob } from '../jobs/job.js';
import type { JobOutcome } from '../jobs/runner.js';

export type Submit = (github: GitHub, job: PullRequestJob, log: Logger) => Promise<JobOutcome>;
