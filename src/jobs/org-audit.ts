/**
 * Many repositories audited, an audit job each, a few at a time (GitHub's secondary rate limits
 * punish bursts): those a new installation or an added batch names, or every repository of the
 * installation when the organization's `repository:` requirements changed.
 */
import type { Logger } from 'pino';
import { mapConcurrently } from '../deps/arrays.js';
import { fetchPolicyFile, orgPolicyPath } from '../github/files.js';
import { countCalls, type GitHub } from '../github/octokit.js';
import { githubPolicyReader } from '../github/policy-reader.js';
import { resolveExtends } from '../policy/chain.js';
import { POLICY_FILE } from '../policy/definition.js';
import { loadPolicy } from '../policy/load.js';
import type { Job, OrgAuditJob, SettingsAuditJob } from './job.js';
import { policyTouched } from './push.js';
import type { JobOutcome } from './workers.js';

export interface OrgAuditDeps {
  /** Where each repository's audit job goes (the runner). */
  enqueue(job: Job): Promise<JobOutcome>;
  /** Audits in flight at once. */
  concurrency: number;
  log: Logger;
}

export async function runOrgAuditJob(github: GitHub, job: OrgAuditJob, deps: OrgAuditDeps): Promise<JobOutcome> {
  const calls = countCalls(github);
  const before = calls.count;
  const used = () => calls.count - before;
  if (job.policyPush && !(await repositoryRequirementsChanged(github, job))) return { status: 'skipped', reason: "the push does not change the organization policy's repository requirements", calls: used() };
  const names = job.repositories ?? (await github.paginate(github.rest.apps.listReposAccessibleToInstallation, { per_page: 100 })).filter((repo) => repo.owner.login === job.repo.owner).map((repo) => repo.name);
  const outcomes = await mapConcurrently(names, deps.concurrency, (name) => deps.enqueue(auditJob(job, name)));
  const failed = outcomes.filter((outcome) => outcome.status === 'failed').length;
  deps.log.info({ owner: job.repo.owner, audited: names.length, failed }, 'ospo-gatekeeper: org audit done');
  // Each audit reports its own calls (the runner logs its outcome): these are the org audit's own.
  return { status: 'done', conclusion: failed > 0 ? 'neutral' : 'success', calls: used() };
}

function auditJob(job: OrgAuditJob, name: string): SettingsAuditJob {
  return { kind: 'settings-audit', installationId: job.installationId, repo: { owner: job.repo.owner, repo: name }, trigger: job.trigger, deliveryId: `${job.deliveryId}:${name}`, force: true };
}

/** The org policy's `repository:` at `before` and `after`, compared as the audit reads them. */
async function repositoryRequirementsChanged(github: GitHub, job: OrgAuditJob): Promise<boolean> {
  const push = job.policyPush as NonNullable<OrgAuditJob['policyPush']>;
  if (policyTouched(push.commits) === 'no') return false;
  const orgRepo = { owner: job.repo.owner, repo: '.github' };
  const at = async (ref: string) => {
    if (/^0+$/.test(ref)) return undefined;
    const file = await fetchPolicyFile(github, orgRepo, POLICY_FILE, ref);
    if (!file || !('text' in file)) return undefined;
    // Requirements a parent of the org file sets count too.
    const org = await resolveExtends({ path: orgPolicyPath(job.repo.owner), text: file.text }, githubPolicyReader(github));
    const loaded = loadPolicy({ org });
    return loaded.ok ? JSON.stringify(loaded.policy.repository) : undefined;
  };
  const [was, is] = await Promise.all([at(push.before), at(push.after)]);
  return is !== undefined && was !== is;
}
