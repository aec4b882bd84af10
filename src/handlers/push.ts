/**
 * `push` events to the default branch -> a policy validation job (the job decides whether the
 * policy file changed; a valid change then re-evaluates the open pull requests it affects) and a
 * settings audit of the pushed head; a push to the organization's `.github` repository may also
 * change what every repository is audited against (an org audit, which decides whether
 * `repository:` changed).
 */
import type { Probot } from 'probot';
import { isOrgPolicyRepo } from '../github/files.js';
import { auditOf, enqueueOrgAudit } from './settings.js';
import { installationOf, type Enqueue } from './submit.js';

export function registerPush(app: Probot, enqueue: Enqueue): void {
  app.on('push', async (context) => {
    const { payload } = context;
    // Only the default branch holds the policy that applies; a deletion leaves nothing to validate.
    if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const installationId = installationOf(payload);
    if (installationId === undefined) return context.log.warn('ospo-gatekeeper: a push event without an installation; nothing to do');
    const repo = context.repo();
    const validation = { kind: 'policy-push', installationId, repo, branch: payload.repository.default_branch, before: payload.before, after: payload.after, commits: payload.commits, trigger: 'push', deliveryId: context.id } as const;
    if (isOrgPolicyRepo(repo)) {
      const policyPush = { before: payload.before, after: payload.after, commits: payload.commits };
      void enqueueOrgAudit(enqueue, { kind: 'org-audit', installationId, repo, policyPush, trigger: 'push', deliveryId: context.id }, context.log);
    }
    const audit = auditOf(payload, 'push', context.id, { headSha: payload.after });
    await Promise.all([enqueue(validation), ...(audit ? [enqueue(audit)] : [])]);
  });
}
