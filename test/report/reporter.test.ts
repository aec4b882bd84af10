import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import { planEvaluatedRun, planPolicyFailure } from '../../src/report/check-run.js';
import { REPORTERS, reporterById } from '../../src/report/reporter.js';

const report: Report = {
  schemaVersion: 1,
  conclusion: 'failure',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 1 }],
  changes: [{ change: 'added', ecosystem: 'npm', manifest: 'package-lock.json', name: 'left-pad', purl: 'pkg:npm/left-pad@1.3.0', to: '1.3.0', scope: 'runtime', direct: true, license: 'GPL-3.0-only', line: 7 }],
  findings: Array.from({ length: 3 }, (_, index) => ({
    rule: 'license/denied',
    severity: 'error' as const,
    message: `denied ${index}`,
    name: `p${index}`,
    path: 'package-lock.json',
    line: 7 + index,
  })),
};

describe('the reporter registry', () => {
  it('has one reporter per --format, text first (the default)', () => {
    expect(REPORTERS.map((reporter) => reporter.id)).toEqual(['text', 'json', 'markdown', 'sarif']);
    expect(reporterById('xml')).toBeUndefined();
  });

  it('renders the JSON contract as the report itself', () => {
    const json = reporterById('json')?.render(report, { toolVersion: '1.0.0', policySources: [] });
    expect(JSON.parse(json ?? '')).toEqual(report);
  });

  it('only SARIF asks for the repository URI', () => {
    expect(REPORTERS.filter((reporter) => reporter.wantsRepositoryUri).map((reporter) => reporter.id)).toEqual(['sarif']);
    const sarif = JSON.parse(reporterById('sarif')?.render(report, { toolVersion: '1.0.0', policySources: [], repositoryUri: 'https://github.com/o/r.git' }) ?? '');
    expect(sarif.runs[0].versionControlProvenance[0].repositoryUri).toBe('https://github.com/o/r');
    expect(sarif.runs[0].tool.driver.version).toBe('1.0.0');
  });
});

describe('the check run plan', () => {
  it('caps the annotations and says how many were left out', () => {
    const plan = planEvaluatedRun({ report, diff: new Map(), policySources: ['preset:strict'], policyChanges: [], notes: [], maxAnnotations: 2 });
    expect(plan.annotations).toHaveLength(2);
    expect(plan.summary).toContain('1 more annotations were not attached');
    expect(plan.conclusion).toBe('failure');
  });

  it('fails on an invalid policy change whatever the dependencies say, its annotations first', () => {
    const clean: Report = { ...report, conclusion: 'success', findings: [] };
    const proposed = { errors: [{ path: '.github/ospo-gatekeeper.yml', line: 3, column: 5, message: 'unknown key "lisences"' }], ownPath: '.github/ospo-gatekeeper.yml', orgDefault: false };
    const plan = planEvaluatedRun({ report: clean, diff: new Map(), policySources: [], policyChanges: ['.github/ospo-gatekeeper.yml'], proposed, notes: [], maxAnnotations: 50 });
    expect(plan.conclusion).toBe('failure');
    expect(plan.title).toMatch(/^Policy change: 1 error · /);
    expect(plan.annotations[0]).toMatchObject({ path: '.github/ospo-gatekeeper.yml', start_line: 3, start_column: 5, title: 'policy/invalid' });
  });

  it('a policy that does not load fails the run with the errors of this repository\'s file', () => {
    const errors = [
      { path: '.github/ospo-gatekeeper.yml', line: 2, message: 'bad' },
      { path: 'acme/.github:.github/ospo-gatekeeper.yml', line: 9, message: 'org file' },
    ];
    const plan = planPolicyFailure(errors, '.github/ospo-gatekeeper.yml', undefined, 50);
    expect(plan).toMatchObject({ title: 'The policy does not load', conclusion: 'failure' });
    expect(plan.annotations.map((annotation) => annotation.start_line)).toEqual([2]);
  });
});
