/**
 * The report as markdown: the check run summary in the app, `--format markdown` in the CLI.
 * Pure: a function of the Report and a little context.
 */
import type { ChangeRecord, Report } from '../evaluation/report.js';
import type { Finding, Severity } from '../findings.js';
import type { PolicyError } from '../policy/types.js';
import { plural } from '../words.js';
import { anyIntelligence, intelligenceText } from './package-intelligence.js';
import { introductionText, licenses, versions } from './wording.js';


export interface MarkdownContext {
  /** Where the policy came from (`preset:permissive`, `.github/ospo-gatekeeper.yml`...). */
  policySources?: readonly string[];
  /** Paths of policy files this change modifies (they take effect after merge). */
  policyChanges?: readonly string[];
  /** Extra lines shown under the verdict (e.g. "12 more annotations were not attached"). */
  notes?: readonly string[];
  /** Maximum length of the result (GitHub's check run summary holds 65,535 characters). */
  maxLength?: number;
}

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
const DEFAULT_MAX = 65_000;

export function summaryTitle(report: Report): string {
  const counts = countBySeverity(report.findings);
  const problems = [plural(counts.error, 'error'), plural(counts.warning, 'warning')].filter((part) => !part.startsWith('0 '));
  if (problems.length > 0) return problems.join(', ');
  if (report.changes.length === 0) return 'No dependency changes';
  return `${plural(report.changes.length, 'dependency change')}, no problems`;
}

export function verdictLine(report: Report): string {
  const counts = countBySeverity(report.findings);
  if (report.conclusion === 'failure') {
    return `### ❌ ${plural(counts.error, 'problem')} to fix before merging`;
  }
  if (report.conclusion === 'neutral') {
    const incomplete = report.findings.some((finding) => finding.incomplete);
    if (incomplete) return `### ⚠️ Not everything could be checked${report.conclusionReason ? `: ${cell(report.conclusionReason)}` : ': see the warnings below'}`;
    return `### ⚠️ ${plural(counts.warning, 'problem')} reported; the policy is in warn mode, so nothing is blocked`;
  }
  if (report.changes.length === 0) return '### ✅ No dependency changes';
  return counts.warning > 0
    ? `### ✅ Meets the policy, with ${plural(counts.warning, 'warning')}`
    : report.changes.length === 1
      ? '### ✅ The dependency change meets the policy'
      : `### ✅ All ${report.changes.length} dependency changes meet the policy`;
}

export function formatMarkdown(report: Report, context: MarkdownContext = {}): string {
  const max = context.maxLength ?? DEFAULT_MAX;
  const counts = countBySeverity(report.findings);
  const head: string[] = [verdictLine(report), ''];
  head.push(countsLine(report, counts));
  if (context.policySources && context.policySources.length > 0) {
    head.push('', `Policy: ${context.policySources.map((source) => `\`${source}\``).join(' → ')}`);
  }
  for (const path of context.policyChanges ?? []) {
    head.push('', `> **Policy change:** this pull request changes \`${path}\`. It takes effect after merge; this check used the policy on the base branch.`);
  }
  for (const note of context.notes ?? []) head.push('', `> ${note}`);

  const problems = report.findings.filter((finding) => finding.severity !== 'notice');
  const notices = report.findings.filter((finding) => finding.severity === 'notice');
  const sections: string[] = [];
  if (problems.length > 0) sections.push(problemTable(problems));
  if (notices.length > 0) sections.push(`<details><summary>${plural(notices.length, 'notice')}</summary>\n\n${notices.map(noticeLine).join('\n')}\n\n</details>`);
  if (report.changes.length > 0) sections.push(changesTable(report.changes));
  return fit([head.join('\n'), ...sections], max);
}

function countsLine(report: Report, counts: Record<Severity, number>): string {
  const kinds = new Map<ChangeRecord['change'], number>();
  for (const change of report.changes) kinds.set(change.change, (kinds.get(change.change) ?? 0) + 1);
  const changeParts = [...kinds].map(([kind, count]) => `${count} ${kind}`);
  const manifests = report.manifests.length;
  return [
    `**${plural(counts.error, 'error')}** · **${plural(counts.warning, 'warning')}**`,
    `${plural(report.changes.length, 'dependency change')}${changeParts.length > 0 ? ` (${changeParts.join(', ')})` : ''}`,
    `${plural(manifests, 'manifest')} checked`,
  ].join(' · ');
}

function problemTable(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => {
    const where = finding.path ? `<br><sub>${cell(finding.path)}${finding.line !== undefined ? `:${finding.line}` : ''}</sub>` : '';
    return `| ${ICON[finding.severity]} | ${finding.name ? `\`${cell(finding.name)}\`` : '—'}${where} | ${cell(finding.version ?? '—')} | ${cell(finding.license ?? '—')} | ${cell(finding.message)}${introductionCell(finding)} | ${cell(finding.help ?? '')} |`;
  });
  return ['| | Package | Version | License | Why | How to fix |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The chain under the message, in the same cell: `<br><sub>introduced by: a@1 → b@2</sub>`. */
function introductionCell(finding: Finding): string {
  const introduction = introductionText(finding);
  return introduction ? `<br><sub>${cell(introduction)}</sub>` : '';
}

function noticeLine(finding: Finding): string {
  const introduction = introductionText(finding);
  return `- ${cell(finding.message)}${introduction ? ` (${cell(introduction)})` : ''}`;
}

function changesTable(changes: readonly ChangeRecord[]): string {
  // The Governance column only when a change has something for it: offline reports keep their shape.
  const governance = anyIntelligence(changes);
  const governanceCell = (change: ChangeRecord) => (governance ? ` ${cell(intelligenceText(change) ?? '—')} |` : '');
  const rows = changes.map(
    (change) =>
      `| ${change.change} | \`${cell(change.name)}\` | ${cell(versions(change, 'from'))} | ${cell(versions(change, 'to'))} | ${cell(licenses(change))} | ${change.scope}${change.direct ? ', direct' : ''} |${governanceCell(change)} ${cell(change.manifest)} |`,
  );
  return [
    `<details><summary>${plural(changes.length, 'dependency change')}</summary>`,
    '',
    governance ? '| Change | Package | From | To | License | Scope | Governance | Manifest |' : '| Change | Package | From | To | License | Scope | Manifest |',
    governance ? '|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}

/** The policy errors as a summary (the check fails: nothing was judged). */
export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return fit(
    [
      `### ❌ The policy does not load: ${plural(errors.length, 'error')}`,
      '',
      'No dependency was judged. Fix the policy file (on the base branch, or in the organization\'s `.github` repository) and re-run this check.',
      '',
      policyErrorTable(errors),
    ],
    DEFAULT_MAX,
  );
}

/** The policy errors as a table: file, line:column, message. */
export function policyErrorTable(errors: readonly PolicyError[]): string {
  const lines = errors.map(
    (error) => `| \`${cell(error.path)}\` | ${error.line !== undefined ? `${error.line}:${error.column ?? 1}` : '—'} | ${cell(error.message)} |`,
  );
  return ['| File | Line:column | Error |', '|---|---|---|', ...lines].join('\n');
}

/** Joins sections, cutting table rows from the end when the text would be too long. */
export function fit(sections: string[], max = DEFAULT_MAX): string {
  let text = sections.join('\n\n');
  if (text.length <= max) return text;
  const notice = '\n\n_…cut to fit; the full list is in the annotations and the CLI output._';
  text = text.slice(0, max - notice.length);
  const lastRow = text.lastIndexOf('\n');
  return text.slice(0, lastRow > 0 ? lastRow : text.length) + notice;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
