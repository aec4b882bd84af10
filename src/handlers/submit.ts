/** What a handler hands its job record to (the runner, wired in src/index.ts): handlers only enqueue. */
import type { Job } from '../jobs/job.js';
import type { JobOutcome } from '../jobs/workers.js';

export type Enqueue = (job: Job) => Promise<JobOutcome>;

/** The installation a webhook came through: the id a job record carries so any worker can act as it. */
export function installationOf(payload: { installation?: { id: number } | null }): number | undefined {
  return payload.installation?.id ?? undefined;
}
