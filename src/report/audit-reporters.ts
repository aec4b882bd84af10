/** One reporter per format for the settings audit (`ospo-gatekeeper audit --format`); the default first. */
import type { AuditReport } from '../settings/audit.js';
import { formatAuditMarkdown } from './audit-markdown.js';
import { formatAuditText } from './audit-text.js';

export interface AuditRenderContext {
  policySources: readonly string[];
  sha?: string;
}

export interface AuditReporter {
  readonly id: string;
  render(report: AuditReport, context: AuditRenderContext): string;
}

export const AUDIT_REPORTERS: readonly AuditReporter[] = [
  { id: 'text', render: (report, context) => formatAuditText(report, context) },
  // The JSON of the audit: the report as the rules made it, with the schema version first.
  { id: 'json', render: (report, context) => `${JSON.stringify({ schemaVersion: 1, ...report, policySources: context.policySources, ...(context.sha ? { sha: context.sha } : {}) }, null, 2)}\n` },
  { id: 'markdown', render: (report, context) => `${formatAuditMarkdown(report, context, Number.MAX_SAFE_INTEGER)}\n` },
];

export function auditReporterById(id: string): AuditReporter | undefined {
  return AUDIT_REPORTERS.find((reporter) => reporter.id === id);
}
