/** `push` events to the default branch -> a policy validation job (the job decides whether the policy file changed). */
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import type { GitHub } from '../github/octokit.js';
import type { PushJob } from '../jobs/push.js';
import type { JobOutcome } from '../jobs/runner.js';

export type RunPush = (github: GitHub, job: PushJob, log: Logger) => Promise<JobOutcome>;

export function registerPush(app: Probot, run: RunPush): void {
  app.on('push', async (context) => {
    const { payload } = context;
    // Only the default branch holds the policy that applies; a deletion leaves nothing to validate.
    if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const job: PushJob = {
      repo: context.repo(),
      before: payload.before,
      after: payload.after,
      commits: payload.commits,
      deliveryId: context.id,
    };
    await run(context.octokit, job, context.log);
  });
}
