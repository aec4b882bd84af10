/**
 * The terminal report: verdict first, problems grouped by severity and aligned, then the changes.
 * Colour only when asked (the CLI asks when stdout is a TTY and NO_COLOR is unset).
 */
import type { Finding, Severity } from '../findings.js';
import type { ChangeRecord, Report } from '../evaluation/report.js';
import { appendAll } from '../deps/arrays.js';
import { plural, shortSha } from '../words.js';
import { anyIntelligence, intelligenceText } from './package-intelligence.js';
import { introductionText, licenses, printable, versions } from './wording.js';

interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const COLOURS: Style = { bold: ansi(1), dim: ansi(2), red: ansi(31), yellow: ansi(33), green: ansi(32), cyan: ansi(36) };
const PLAIN: Style = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t, cyan: (t) => t };

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', notice: 'Notices' };
const CHANGE_MARK: Record<ChangeRecord['change'], string> = { added: '+', removed: '-', upgraded: '↑', downgraded: '↓' };

export interface TextOptions {
  colour: boolean;
  /** Where the policy came from, shown under the verdict. */
  policySources?: string[];
  /** The folder evaluated, when not the whole repository (`crates/index/`). */
  subtree?: string;
}

export function formatText(report: Report, options: TextOptions): string {
  const s = options.colour ? COLOURS : PLAIN;
  const out: string[] = [];
  const count = (severity: Severity) => report.findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const verdictColour = report.conclusion === 'failure' ? s.red : report.conclusion === 'neutral' ? s.yellow : s.green;
  out.push(
    `${s.bold(verdictColour(report.conclusion.toUpperCase()))}  ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(report.changes.length, 'dependency change')} across ${plural(report.manifests.length, 'manifest')}`,
  );
  if (report.conclusionReason && report.conclusion !== 'success') out.push(verdictColour(printable(report.conclusionReason)));
  const subtree = options.subtree ? ` · only ${printable(options.subtree)}` : '';
  const policy = options.policySources ? ` · policy: ${printable(options.policySources.join(' + '))}` : '';
  out.push(s.dim(`base ${shortSha(report.base)} → head ${shortSha(report.head)}${subtree}${policy}`));

  for (const severity of ['error', 'warning', 'notice'] as const) {
    const findings = report.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    const colour = severity === 'error' ? s.red : severity === 'warning' ? s.yellow : s.cyan;
    out.push('', s.bold(colour(`${HEADINGS[severity]} (${findings.length})`)));
    const rows = table(findings.map((finding) => [finding.rule, where(finding), finding.message])).map((row, i) => {
      const finding = findings[i] as Finding;
      const introduction = introductionText(finding);
      return `  ${colour(row)}${introduction ? `\n    ${s.dim(printable(introduction))}` : ''}${finding.help ? `\n    ${s.dim(`↳ ${printable(finding.help)}`)}` : ''}`;
    });
    appendAll(out, rows); // a spread overflows the stack on huge reports
  }

  if (report.changes.length > 0) {
    out.push('', s.bold(`Changes (${report.changes.length})`));
    // Governance and Scorecard get a column only when some change has them (never offline).
    const intelligence = anyIntelligence(report.changes);
    const rows = report.changes.map((change) => {
      const row = [`${CHANGE_MARK[change.change]} ${change.change}`, change.name, versions(change), licenses(change), `${change.scope}${change.direct ? ', direct' : ''}`];
      if (intelligence) row.push(intelligenceText(change) ?? '');
      row.push(change.manifest);
      return row;
    });
    appendAll(out, table(rows).map((row) => `  ${row}`));
  } else if (report.manifests.length === 0) {
    out.push('', s.dim('No dependency manifest changed between these refs.'));
  }
  return `${out.join('\n')}\n`;
}

function where(finding: Finding): string {
  if (!finding.path) return '';
  return finding.line !== undefined ? `${finding.path}:${finding.line}` : finding.path;
}

/** Pads every column but the last to its widest cell; cells hold text from the files, so each is made printable. */
function table(cells: string[][]): string[] {
  const rows = cells.map((row) => row.map(printable));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd());
}
