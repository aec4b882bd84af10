/** The settings audit as plain text for a terminal (`ospo-gatekeeper audit`, the default format). */
import type { AuditReport } from '../settings/audit.js';
import { auditTitle, orderedResults } from './audit-markdown.js';

const MARK = { pass: 'pass', fail: 'FAIL', 'not-verifiable': 'n/a ' } as const;

export function formatAuditText(report: AuditReport, context: { policySources: readonly string[] }): string {
  const { owner, name, defaultBranch } = report.repository;
  const lines = [`${owner}/${name} (default branch ${defaultBranch}): ${auditTitle(report)}`, `policy: ${context.policySources.join(' -> ')}`, ''];
  for (const result of orderedResults(report.results)) {
    lines.push(`${MARK[result.verdict]}  ${result.check}: ${result.found}`);
    if (result.verdict !== 'pass') {
      lines.push(`      wants: ${result.wanted}`);
      if (result.fix || result.link) lines.push(`      fix: ${[result.fix, result.link].filter(Boolean).join(' ')}`);
    }
  }
  if (report.counts.notVerifiable > 0) lines.push('', 'n/a: GitHub did not let the token read it (a permission, or a plan without the feature): neither a pass nor a fail.');
  return `${lines.join('\n')}\n`;
}
