/** The diff of two Reports of one tree under two policies: findings that appear, disappear or change severity, per package. */
import { describe, expect, it } from '@jest/globals';
import type { Conclusion, Report } from '../../src/evaluation/report.js';
import type { Finding } from '../../src/findings.js';
import { verdictChanged, verdictChanges } from '../../src/report/verdict-changes.js';

const report = (conclusion: Conclusion, findings: Finding[]): Report => ({ schemaVersion: 1, conclusion, base: 'a', head: 'b', manifests: [], changes: [], findings, inventory: [] });

const gpl = (severity: Finding['severity'], message = 'gpl@1.0.0 is licensed GPL-3.0-only, which the policy denies'): Finding => ({ rule: 'license/denied', severity, message, purl: 'pkg:npm/gpl@1.0.0', name: 'gpl', version: '1.0.0', path: 'package.json' });
const unknown = (severity: Finding['severity']): Finding => ({ rule: 'license/unknown', severity, message: 'mystery@0.1.0 has no license the policy knows', purl: 'pkg:npm/mystery@0.1.0', name: 'mystery', version: '0.1.0', path: 'package-lock.json' });
const vuln = (id: string): Finding => ({ rule: 'vulnerability', severity: 'error', message: `${id}: bad`, purl: 'pkg:npm/gpl@1.0.0', name: 'gpl', version: '1.0.0', path: 'package.json' });
const locked: Finding = { rule: 'policy/locked', severity: 'error', message: '.github/ospo-gatekeeper.yml:3: licenses.deny is locked', path: '.github/ospo-gatekeeper.yml', line: 3 };

/** Each change as `package: change rule severity` (`-` for findings about no package), and the conclusions. */
function summary(before: Report, after: Report) {
  const changes = verdictChanges(before, after);
  return {
    conclusions: `${changes.before} -> ${changes.after}`,
    lines: [
      ...changes.packages.flatMap((entry) => entry.deltas.map((delta) => `${entry.id}: ${delta.change} ${delta.rule} ${delta.previousSeverity ? `${delta.previousSeverity}->` : ''}${delta.severity}`)),
      ...changes.other.map((delta) => `-: ${delta.change} ${delta.rule} ${delta.severity}`),
    ],
    changed: verdictChanged(changes),
  };
}

describe('verdictChanges', () => {
  it.each([
    ['nothing differs', report('success', [gpl('warning')]), report('success', [gpl('warning')]), 'success -> success', [], false],
    ['an error appears', report('success', []), report('failure', [gpl('error')]), 'success -> failure', ['pkg:npm/gpl@1.0.0: appears license/denied error'], true],
    ['an error disappears', report('failure', [gpl('error')]), report('success', []), 'failure -> success', ['pkg:npm/gpl@1.0.0: disappears license/denied error'], true],
    ['warning -> error, worded otherwise: one severity change', report('neutral', [unknown('warning')]), report('failure', [{ ...unknown('error'), message: 'mystery@0.1.0: unknown licenses fail' }]), 'neutral -> failure', ['pkg:npm/mystery@0.1.0: severity license/unknown warning->error'], true],
    ['only the wording differs: no change', report('failure', [gpl('error')]), report('failure', [gpl('error', 'gpl is denied')]), 'failure -> failure', [], false],
    ['notices are not verdicts: notice -> nothing', report('success', [gpl('notice')]), report('success', []), 'success -> success', [], false],
    ['notice -> error counts as appearing', report('success', [gpl('notice')]), report('failure', [gpl('error')]), 'success -> failure', ['pkg:npm/gpl@1.0.0: appears license/denied error'], true],
    ['two vulnerabilities of one package pair by message: one disappears', report('failure', [vuln('GHSA-1'), vuln('GHSA-2')]), report('failure', [vuln('GHSA-2')]), 'failure -> failure', ['pkg:npm/gpl@1.0.0: disappears vulnerability error'], true],
    ['a finding about no package goes apart', report('success', []), report('failure', [locked]), 'success -> failure', ['-: appears policy/locked error'], true],
    ['only the conclusion changes', report('success', []), report('neutral', []), 'success -> neutral', [], true],
  ])('%s', (_name, before, after, conclusions, lines, changed) => {
    expect(summary(before, after)).toEqual({ conclusions, lines, changed });
  });

  it('groups the changes of one package, naming it, version and file', () => {
    const changes = verdictChanges(report('success', []), report('failure', [gpl('error'), vuln('GHSA-1'), unknown('warning')]));
    expect(changes.packages.map((entry) => [entry.id, entry.name, entry.version, entry.path, entry.deltas.length])).toEqual([
      ['pkg:npm/gpl@1.0.0', 'gpl', '1.0.0', 'package.json', 2],
      ['pkg:npm/mystery@0.1.0', 'mystery', '0.1.0', 'package-lock.json', 1],
    ]);
  });
});
