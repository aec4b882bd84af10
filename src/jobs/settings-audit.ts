/**
 * A settings audit: read the repository and the policy on its default branch, gather the settings
 * the policy asks about (src/github/settings.ts), judge them (src/settings, pure), keep the
 * tracking issue in line (when `repository.issues`), and report the `ospo-gatekeeper / repository`
 * check run on the default branch's head. What could not be done is a neutral check run with the
 * reason, never silence and never a pass.
 */
import type { Logger } from 'pino';
import { createCompletedCheckRun, SETTINGS_CHECK_NAME } from '../github/checks.js';
import { readPolicyLayers } from '../github/policy-reader.js';
import { countCalls, errorLine, statusOf, type GitHub, type RepoRef } from '../github/octokit.js';
import { gatherSettings, readRepository, repositoryFacts } from '../github/settings.js';
import { syncTrackingIssue, type IssueSync } from '../github/tracking-issue.js';
import { loadPolicy } from '../policy/load.js';
import { auditsAnything, type RepositoryPolicy } from '../policy/repository.js';
import type { Policy } from '../policy/types.js';
import { formatAuditMarkdown, auditTitle } from '../report/audit-markdown.js';
import { auditRepository, outOfScope, type AuditReport } from '../settings/audit.js';
import type { SettingsAuditJob } from './job.js';
import type { JobOutcome } from './workers.js';

export interface SettingsAuditDeps {
  log: Logger;
}

/** An audit's result before anything is written: the report and what it was judged against. */
export type PreparedAudit =
  | { audited: true; report: AuditReport; policy: RepositoryPolicy; policySources: string[]; headSha: string }
  | { audited: false; reason: string; headSha?: string };

export interface AuditTarget {
  repo: RepoRef;
  /** The commit audited; default: the default branch's head, read first. */
  headSha?: string;
  defaultBranch?: string;
  /** The policy to audit against (the CLI's --policy); default: the org and repository files at the audited commit. */
  policy?: Policy;
}

/**
 * The audit, read-only: the policy first (a repository whose policy asks nothing of its settings
 * costs its two policy reads when the trigger names the commit and the default branch, as a push
 * does), then the repository, the scope and the settings it asks about. The
 * app's job and the CLI's `audit` both run this. A step that fails throws `AuditStepError`.
 */
export async function prepareAudit(github: GitHub, target: AuditTarget): Promise<PreparedAudit> {
  const { repo } = target;
  let headSha = target.headSha;
  const step = <T>(name: string, work: () => Promise<T>) => work().catch((error: unknown) => Promise.reject(new AuditStepError(name, error, headSha)));
  let data = target.defaultBranch === undefined ? await step('read the repository', () => readRepository(github, repo)) : undefined;
  const defaultBranch = target.defaultBranch ?? (data as NonNullable<typeof data>).default_branch;
  // The audited commit, so that the policy, the files and the check run are all of one commit.
  if (headSha === undefined) {
    // A repository just created has no commit yet (GitHub: 404 on its default branch): nothing to audit or report on.
    const head = await step('read the default branch', () => defaultBranchHead(github, repo, defaultBranch));
    if (head === undefined) return { audited: false, reason: `the default branch ${defaultBranch} has no commit yet` };
    headSha = head;
  }
  const at = headSha;
  const loaded = target.policy ? { ok: true as const, policy: target.policy } : loadPolicy(await step('read the policy', () => readPolicyLayers(github, repo, at)));
  // An invalid policy is reported by the policy check; auditing against part of it would mislead.
  if (!loaded.ok) return { audited: false, reason: 'the policy at the default branch is invalid (see the ospo-gatekeeper / policy check)', headSha };
  const policy = loaded.policy.repository;
  if (!auditsAnything(policy)) return { audited: false, reason: 'the policy asks nothing of the repository settings', headSha };
  data ??= await step('read the repository', () => readRepository(github, repo));
  const full = data;
  const excluded = outOfScope(repositoryFacts(full), policy.scope);
  if (excluded) return { audited: false, reason: `out of the audit's scope: ${excluded}`, headSha };
  const settings = await step('read the repository settings', () => gatherSettings(github, repo, full, policy, at));
  return { audited: true, report: auditRepository(settings, policy), policy, policySources: loaded.policy.sources, headSha };
}

async function defaultBranchHead(github: GitHub, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    return (await github.rest.repos.getBranch({ ...repo, branch })).data.commit.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** A step of the audit that failed, with the commit it was for when it was known by then. */
export class AuditStepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
    readonly headSha: string | undefined,
  ) {
    super(`could not ${step}: ${errorLine(cause)}`);
  }
}

export async function runSettingsAuditJob(github: GitHub, job: SettingsAuditJob, deps: SettingsAuditDeps): Promise<JobOutcome> {
  const calls = countCalls(github);
  const before = calls.count;
  const used = () => calls.count - before;
  const { repo } = job;
  let prepared: PreparedAudit;
  try {
    prepared = await prepareAudit(github, { repo, ...(job.headSha ? { headSha: job.headSha } : {}), ...(job.defaultBranch ? { defaultBranch: job.defaultBranch } : {}) });
  } catch (error) {
    const failed = error instanceof AuditStepError ? error : new AuditStepError('audit the repository', error, job.headSha);
    return reportFailure(github, repo, failed.headSha, failed.message, failed.cause, deps.log, used);
  }
  if (!prepared.audited) return { status: 'skipped', reason: prepared.reason, calls: used() };
  const { report, policy, policySources, headSha } = prepared;
  const context = { policySources, sha: headSha };
  const issue = policy.issues ? await syncIssue(github, repo, report, formatAuditMarkdown(report, context), deps.log) : undefined;
  try {
    const summary = `${formatAuditMarkdown(report, context, 60_000)}${issueLine(issue)}`;
    const id = await createCompletedCheckRun(github, repo, { name: SETTINGS_CHECK_NAME, headSha, conclusion: report.conclusion, title: auditTitle(report), summary, annotations: [] });
    return { status: 'done', conclusion: report.conclusion, checkRunId: id, calls: used() };
  } catch (error) {
    return reportFailure(github, repo, headSha, `could not create the repository check run: ${errorLine(error)}`, error, deps.log, used);
  }
}

/** The issue is extra: a failure to write it is said in the check run, not a reason to lose the audit. */
async function syncIssue(github: GitHub, repo: RepoRef, report: AuditReport, findings: string, log: Logger): Promise<IssueSync | { failed: string }> {
  try {
    return await syncTrackingIssue(github, repo, report, findings);
  } catch (error) {
    const status = statusOf(error);
    const reason = status === 403 ? 'GitHub refused (403): the app needs issues: write' : errorLine(error);
    log.warn({ err: error, repo }, `ospo-gatekeeper: the tracking issue could not be written: ${reason}`);
    return { failed: reason };
  }
}

function issueLine(issue: IssueSync | { failed: string } | undefined): string {
  if (!issue) return '';
  if ('failed' in issue) return `\n\n**Tracking issue:** could not be written (${issue.failed}).`;
  if (issue.number === undefined) return '';
  const verb = { created: 'opened', updated: 'updated', reopened: 'reopened', closed: 'closed', unchanged: 'unchanged', none: 'closed' }[issue.action];
  return `\n\n**Tracking issue:** [#${issue.number}](${issue.url}) (${verb}).`;
}

async function reportFailure(github: GitHub, repo: RepoRef, headSha: string | undefined, reason: string, error: unknown, log: Logger, used: () => number): Promise<JobOutcome> {
  log.error({ err: error, repo }, `ospo-gatekeeper: ${reason}`);
  if (!headSha) return { status: 'failed', reason, calls: used() };
  const summary = `### ⚪ The repository settings were not audited\n\n**What could not be done:** ${reason}.\n\nNothing was judged, so this is not a pass. Re-run this check once the cause is gone.`;
  const id = await createCompletedCheckRun(github, repo, { name: SETTINGS_CHECK_NAME, headSha, conclusion: 'neutral', title: 'Could not audit the repository settings', summary, annotations: [] }).catch(() => undefined);
  return { status: 'failed', reason, calls: used(), ...(id !== undefined ? { checkRunId: id } : {}) };
}
