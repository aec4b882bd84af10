import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import type { Finding } from '../../src/findings.js';
import { planEvaluatedRun } from '../../src/report/check-run.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { reporterById } from '../../src/report/reporter.js';
import { formatText } from '../../src/report/text.js';
import { chainLabel, introductionText } from '../../src/report/wording.js';

const CHAIN = 'introduced by: react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0';

const terser: Finding = {
  rule: 'package/install-script',
  severity: 'warning',
  message: 'terser@5.19.0 runs install scripts when it is installed',
  help: 'Read the scripts.',
  purl: 'pkg:npm/terser@5.19.0',
  name: 'terser',
  version: '5.19.0',
  path: 'package-lock.json',
  line: 120,
  locations: [{ path: 'package-lock.json', line: 120 }],
  introducedBy: ['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0'],
  introducedAt: { path: 'package.json', line: 8 },
};
const certifi: Finding = { rule: 'package/deprecated', severity: 'notice', message: 'certifi@2024.2.2 is deprecated', purl: 'pkg:pypi/certifi@2024.2.2', path: 'Pipfile.lock', line: 30, introductionNotRecordedIn: 'Pipfile.lock' };
const direct: Finding = { rule: 'license/denied', severity: 'error', message: 'gpl@1.0.0 is licensed GPL-3.0-only', purl: 'pkg:npm/gpl@1.0.0', path: 'package.json', line: 9 };

const report: Report = {
  schemaVersion: 1,
  conclusion: 'failure',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 3 }],
  changes: [{ change: 'added', ecosystem: 'npm', manifest: 'package-lock.json', name: 'terser', purl: 'pkg:npm/terser@5.19.0', to: '5.19.0', scope: 'runtime', direct: false, line: 120, introducedBy: ['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0'] }],
  findings: [direct, terser, certifi],
};

describe('introduced by: one wording', () => {
  it('names@versions from the purls, scoped names decoded; "not recorded" for a file with no chain; nothing for a direct dependency', () => {
    expect(chainLabel(['pkg:npm/%40scope/outer@2.0.0', 'pkg:cargo/inner@1.0.0'])).toBe('@scope/outer@2.0.0 → inner@1.0.0');
    expect([introductionText(terser), introductionText(certifi), introductionText(direct)]).toEqual([CHAIN, 'introduced by: not recorded in Pipfile.lock', undefined]);
  });
});

describe('introduced by in every reporter', () => {
  it('text: a line under the finding, before its help', () => {
    const lines = formatText(report, { colour: false }).split('\n');
    const at = lines.findIndex((line) => line.includes('terser@5.19.0 runs install scripts'));
    expect(lines.slice(at + 1, at + 3)).toEqual([`    ${CHAIN}`, '    ↳ Read the scripts.']);
    expect(lines).toContain('    introduced by: not recorded in Pipfile.lock');
    expect(lines.filter((line) => line.includes('introduced by'))).toHaveLength(2); // none for the direct gpl
  });

  it('markdown (the check-run summary): under the message in the Why cell; in the notices list', () => {
    const markdown = formatMarkdown(report);
    expect(markdown).toContain(`| terser@5.19.0 runs install scripts when it is installed<br><sub>${CHAIN}</sub> | Read the scripts. |`);
    expect(markdown).toContain('- certifi@2024.2.2 is deprecated (introduced by: not recorded in Pipfile.lock)');
    expect(markdown).toContain('| gpl@1.0.0 is licensed GPL-3.0-only |  |');
    const plan = planEvaluatedRun({ report, diff: new Map(), policySources: [], policyChanges: [], notes: [], maxAnnotations: 50 });
    expect(plan.summary).toContain(`<br><sub>${CHAIN}</sub>`);
    expect(plan.annotations.find((annotation) => annotation.title.includes('terser'))?.message).toBe(`terser@5.19.0 runs install scripts when it is installed\n\n${CHAIN}\n\nHow to fix: Read the scripts.`);
  });

  it('json: the purls on the finding and the change record', () => {
    const json = JSON.parse(reporterById('json')?.render(report, { toolVersion: '0', policySources: [] }) ?? '{}') as Report;
    expect(json.findings[1]).toMatchObject({ introducedBy: ['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0'], introducedAt: { path: 'package.json', line: 8 } });
    expect(json.findings[2]?.introductionNotRecordedIn).toBe('Pipfile.lock');
    expect(json.changes[0]?.introducedBy).toEqual(['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0']);
  });
});
