/**
 * Events that can change how a repository stands against the policy's `repository:` section ->
 * settings audit jobs: settings and rule changes of one repository, a re-run of the audit's check,
 * repositories added to the installation, and organization-wide changes (an org ruleset).
 * Pushes are handled in push.ts (one handler per event). Handlers only enqueue.
 */
import type { Probot } from 'probot';
import { SETTINGS_CHECK_NAME } from '../github/checks.js';
import type { OrgAuditJob, SettingsAuditJob } from '../jobs/job.js';
import { installationOf, type Enqueue } from './submit.js';

/** `repository` actions after which the settings may differ (deleted and archived repositories are not audited). */
const REPOSITORY_ACTIONS = ['created', 'edited', 'renamed', 'publicized', 'privatized', 'transferred', 'unarchived'] as const;

interface RepositoryPayload {
  repository?: { name: string; owner: { login: string } | null; default_branch: string } | null;
  installation?: { id: number } | null;
}

/** The audit job of the event's repository (undefined without a repository or an installation). */
export function auditOf(payload: RepositoryPayload, trigger: string, deliveryId: string, extra: Partial<SettingsAuditJob> = {}): SettingsAuditJob | undefined {
  const installationId = installationOf(payload);
  const repository = payload.repository;
  if (installationId === undefined || !repository?.owner) return undefined;
  return { kind: 'settings-audit', installationId, repo: { owner: repository.owner.login, repo: repository.name }, defaultBranch: repository.default_branch, trigger, deliveryId, force: false, ...extra };
}

export function registerSettings(app: Probot, enqueue: Enqueue): void {
  app.on(
    REPOSITORY_ACTIONS.map((action) => `repository.${action}` as const),
    async (context) => {
      const job = auditOf(context.payload, `repository.${context.payload.action}`, context.id);
      if (job) await enqueue(job);
    },
  );

  app.on(['branch_protection_rule', 'repository_ruleset'], async (context) => {
    const trigger = `${context.name}.${context.payload.action}`;
    const job = auditOf(context.payload, trigger, context.id);
    if (job) return void (await enqueue(job));
    // An organization ruleset: every repository of the installation may be affected.
    const installationId = installationOf(context.payload);
    const owner = 'organization' in context.payload ? context.payload.organization?.login : undefined;
    if (installationId === undefined || !owner) return context.log.warn(`ospo-gatekeeper: a ${trigger} event without a repository or an organization; nothing to audit`);
    void enqueueOrgAudit(enqueue, { kind: 'org-audit', installationId, repo: { owner, repo: '.github' }, trigger, deliveryId: context.id }, context.log);
  });

  app.on('check_run.rerequested', async (context) => {
    const run = context.payload.check_run;
    if (run.name !== SETTINGS_CHECK_NAME) return;
    const job = auditOf(context.payload, 'check_run.rerequested', context.id, { headSha: run.head_sha, force: true });
    if (job) await enqueue(job);
  });

  app.on(['installation.created', 'installation_repositories.added'], async (context) => {
    const { payload } = context;
    const added = 'repositories_added' in payload ? payload.repositories_added : (payload.repositories ?? []);
    const owner = payload.installation.account && 'login' in payload.installation.account ? payload.installation.account.login : undefined;
    if (!owner || added.length === 0) return;
    const job: OrgAuditJob = { kind: 'org-audit', installationId: payload.installation.id, repo: { owner, repo: '.github' }, repositories: added.map((repo) => repo.name), trigger: `${context.name}.${payload.action}`, deliveryId: context.id };
    void enqueueOrgAudit(enqueue, job, context.log);
  });
}

/**
 * Not awaited by the handler: many audits take longer than the 10 s GitHub waits for the webhook's
 * answer. The job's own outcome is logged by the runner; a rejection here is logged too.
 */
export function enqueueOrgAudit(enqueue: Enqueue, job: OrgAuditJob, log: { error: (object: object, message: string) => void }): Promise<void> {
  return enqueue(job).then(
    () => undefined,
    (error: unknown) => log.error({ err: error }, `ospo-gatekeeper: the org audit of ${job.repo.owner} failed`),
  );
}
