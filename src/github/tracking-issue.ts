/**
 * The settings audit's tracking issue: at most one per repository, found by its label and a hidden
 * marker in its body (never by title, which people edit). Opened on the first failure; its body
 * rewritten only when the findings change (their digest sits in the body, so a redelivery or a
 * second replica writes nothing); reopened with a comment when a fixed problem returns; closed
 * with a comment when the repository complies again. Two replicas that both create one converge:
 * the lowest-numbered issue stays, the other is closed as its duplicate.
 */
import { createHash } from 'node:crypto';
import type { AuditReport } from '../settings/audit.js';
import type { GitHub, RepoRef } from './octokit.js';

export const TRACKING_LABEL = 'ospo-gatekeeper';
const MARKER = '<!-- ospo-gatekeeper:settings-audit -->';
const DIGEST = /<!-- ospo-gatekeeper:digest=([0-9a-f]+) -->/;
const TITLE = 'Repository settings do not meet the organization policy';

export type IssueAction = 'created' | 'updated' | 'reopened' | 'closed' | 'unchanged' | 'none';

export interface IssueSync {
  action: IssueAction;
  number?: number;
  url?: string;
}

/** What the issue tracks: the requirements not met (fails and the unverifiable), as a stable digest. */
export function findingsDigest(report: AuditReport): string {
  const open = report.results.filter((result) => result.verdict !== 'pass').map((result) => `${result.verdict}\u0000${result.check}\u0000${result.found}`);
  return createHash('sha256').update(open.sort().join('\n')).digest('hex').slice(0, 16);
}

interface TrackedIssue {
  number: number;
  state: string;
  body?: string | null;
  html_url: string;
}

async function trackedIssues(github: GitHub, repo: RepoRef): Promise<TrackedIssue[]> {
  const issues = await github.paginate(github.rest.issues.listForRepo, { ...repo, labels: TRACKING_LABEL, state: 'all', per_page: 100 });
  return issues.filter((issue) => !issue.pull_request && (issue.body ?? '').includes(MARKER)).sort((a, b) => a.number - b.number);
}

/** Brings the tracking issue in line with `report`; `body` is the findings as markdown (the marker and digest are added here). */
export async function syncTrackingIssue(github: GitHub, repo: RepoRef, report: AuditReport, findings: string): Promise<IssueSync> {
  const digest = findingsDigest(report);
  const body = `${MARKER}\n<!-- ospo-gatekeeper:digest=${digest} -->\n${findings}\n\n_This issue is kept up to date by ospo-gatekeeper after every audit; it closes itself when the repository meets the policy._`;
  const failing = report.conclusion === 'failure';
  const [issue] = await trackedIssues(github, repo);
  if (!issue) {
    if (!failing) return { action: 'none' };
    const { data } = await github.rest.issues.create({ ...repo, title: TITLE, body, labels: [TRACKING_LABEL] });
    await closeDuplicates(github, repo);
    return { action: 'created', number: data.number, url: data.html_url };
  }
  const same = DIGEST.exec(issue.body ?? '')?.[1] === digest;
  const at = { number: issue.number, url: issue.html_url };
  if (issue.state === 'closed') {
    if (!failing) return { action: 'none', ...at };
    await github.rest.issues.update({ ...repo, issue_number: issue.number, state: 'open', body });
    await github.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'The repository no longer meets the policy: reopened. The description lists what is not met.' });
    return { action: 'reopened', ...at };
  }
  if (report.conclusion === 'success') {
    await github.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'The repository meets the policy again: every requirement passed. Closing.' });
    await github.rest.issues.update({ ...repo, issue_number: issue.number, state: 'closed', state_reason: 'completed', body });
    return { action: 'closed', ...at };
  }
  if (same) return { action: 'unchanged', ...at };
  await github.rest.issues.update({ ...repo, issue_number: issue.number, body });
  return { action: 'updated', ...at };
}

/** A second replica may have created one at the same moment: keep the first, close the rest as its duplicates. */
async function closeDuplicates(github: GitHub, repo: RepoRef): Promise<void> {
  const open = (await trackedIssues(github, repo)).filter((issue) => issue.state === 'open');
  const [kept, ...duplicates] = open;
  for (const duplicate of duplicates) {
    await github.rest.issues.createComment({ ...repo, issue_number: duplicate.number, body: `Duplicate of #${kept?.number}: ospo-gatekeeper keeps one tracking issue per repository.` });
    await github.rest.issues.update({ ...repo, issue_number: duplicate.number, state: 'closed', state_reason: 'not_planned' });
  }
}
