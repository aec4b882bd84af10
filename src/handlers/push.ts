/** `push` events to the default branch -> a policy validation job (the job decides whether the policy file changed). */
import type { Probot } from 'probot';
import { installationOf, type Enqueue } from './submit.js';

export function registerPush(app: Probot, enqueue: Enqueue): void {
  app.on('push', async (context) => {
    const { payload } = context;
    // Only the default branch holds the policy that applies; a deletion leaves nothing to validate.
    if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const installationId = installationOf(payload);
    if (installationId === undefined) return context.log.warn('ospo-gatekeeper: a push event without an installation; nothing to do');
    await enqueue({
      kind: 'policy-push',
      installationId,
      repo: context.repo(),
      before: payload.before,
      after: payload.after,
      commits: payload.commits,
      trigger: 'push',
      deliveryId: context.id,
    });
  });
}
