/**
 * SARIF 2.1.0, so code-scanning UIs and other CI tools can show the findings on manifest lines.
 */
import type { Finding, Severity } from '../findings.js';
import type { Report } from '../evaluation/report.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

export function formatSarif(report: Report, toolVersion: string): string {
  const rules = [...new Set(report.findings.map((finding) => finding.rule))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ospo-gatekeeper',
            version: toolVersion,
            informationUri: 'https://github.com/ospo-gatekeeper/ospo-gatekeeper',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        versionControlProvenance: [{ revisionId: report.head }],
        results: report.findings.map((finding) => result(finding, rules)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function result(finding: Finding, rules: string[]) {
  return {
    ruleId: finding.rule,
    ruleIndex: rules.indexOf(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: finding.help ? `${finding.message}. ${finding.help}` : finding.message },
    ...(finding.path
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.path },
                ...(finding.line !== undefined ? { region: { startLine: finding.line, ...(finding.column !== undefined ? { startColumn: finding.column } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
    ...(finding.purl ? { partialFingerprints: { 'ospo-gatekeeper/purl': `${finding.rule}:${finding.purl}` } } : {}),
  };
}
