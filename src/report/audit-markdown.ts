/**
 * The settings audit as markdown: the `ospo-gatekeeper / repository` check run's title and
 * summary, the tracking issue's body and the CLI's `--format markdown`. One line per requirement
 * (✅ pass, ❌ fail, ⚪ not verifiable) with what was found, what the policy wants and how to fix it.
 */
import type { AuditReport } from '../settings/audit.js';
import type { SettingsResult, Verdict } from '../settings/rules/rule.js';
import { plural } from '../words.js';
import { cell, fit } from './markdown.js';

export const VERDICT_ICON: Record<Verdict, string> = { pass: '✅', fail: '❌', 'not-verifiable': '⚪' };
const ORDER: Record<Verdict, number> = { fail: 0, 'not-verifiable': 1, pass: 2 };

export function auditTitle(report: AuditReport): string {
  const { pass, fail, notVerifiable } = report.counts;
  const total = pass + fail + notVerifiable;
  if (total === 0) return 'The policy asks nothing of the repository settings';
  if (fail > 0) return `${plural(fail, 'requirement')} of ${total} not met${notVerifiable > 0 ? `, ${notVerifiable} not verifiable` : ''}`;
  if (notVerifiable > 0) return `${plural(notVerifiable, 'requirement')} of ${total} could not be verified`;
  return `All ${plural(total, 'requirement')} met`;
}

/** Fails first, then the unverifiable, then the passes; in rule order within each. */
export function orderedResults(results: readonly SettingsResult[]): SettingsResult[] {
  return results.map((result, index) => ({ result, index })).sort((a, b) => ORDER[a.result.verdict] - ORDER[b.result.verdict] || a.index - b.index).map(({ result }) => result);
}

function row(result: SettingsResult): string {
  const fix = result.verdict === 'pass' ? '' : [result.fix, result.link ? `[settings](${result.link})` : undefined].filter(Boolean).join(' ');
  return `| ${VERDICT_ICON[result.verdict]} | ${cell(result.check)} | ${cell(result.found)} | ${cell(result.wanted)} | ${cell(fix)} |`;
}

export function auditTable(results: readonly SettingsResult[]): string {
  return ['| | Requirement | Found | Policy wants | How to fix |', '|---|---|---|---|---|', ...orderedResults(results).map(row)].join('\n');
}

export interface AuditMarkdownContext {
  policySources: readonly string[];
  /** The commit audited (the default branch's head). */
  sha?: string;
}

export function formatAuditMarkdown(report: AuditReport, context: AuditMarkdownContext, max?: number): string {
  const { owner, name, defaultBranch } = report.repository;
  const heading = `### ${report.conclusion === 'failure' ? '❌' : report.conclusion === 'neutral' ? '⚪' : '✅'} ${auditTitle(report)}`;
  const about = `Repository settings of **${owner}/${name}** (default branch \`${defaultBranch}\`${context.sha ? ` at ${context.sha.slice(0, 7)}` : ''}) against the policy (${context.policySources.join(' → ')}).`;
  const note =
    report.counts.notVerifiable > 0
      ? '⚪ **Not verifiable** means GitHub did not let the app read it (a permission the installation lacks, or a plan without the feature): it is neither a pass nor a fail.'
      : undefined;
  const sections = [heading, about, ...(note ? [note] : []), ...(report.results.length > 0 ? [auditTable(report.results)] : [])];
  return fit(sections, max);
}
