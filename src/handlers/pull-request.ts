/** `pull_request` events -> a job for the PR's head. */
import type { Probot } from 'probot';
import { installationOf, type Enqueue } from './submit.js';

const ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited'] as const;

export function registerPullRequest(app: Probot, enqueue: Enqueue): void {
  app.on(
    ACTIONS.map((action) => `pull_request.${action}` as const),
    async (context) => {
      const { payload } = context;
      // `edited` matters only when the base branch changed (a title edit changes nothing).
      if (payload.action === 'edited' && !('base' in (payload.changes ?? {}))) return;
      const pull = payload.pull_request;
      const installationId = installationOf(payload);
      if (installationId === undefined) return context.log.warn('ospo-gatekeeper: a pull_request event without an installation; nothing to do');
      await enqueue({
        kind: 'pull-request',
        installationId,
        repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
        pullNumber: pull.number,
        headSha: pull.head.sha,
        baseRef: pull.base.ref,
        trigger: `pull_request.${payload.action}`,
        deliveryId: context.id,
        force: false,
      });
    },
  );
}
