import { describe, expect, it } from '@jest/globals';
import type { ChangeRecord, Report } from '../../src/evaluation/report.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { intelligenceText } from '../../src/report/package-intelligence.js';
import { formatText } from '../../src/report/text.js';

const change = (name: string, version: string, license: string, extra: Partial<ChangeRecord> = {}): ChangeRecord => ({
  change: 'added',
  ecosystem: 'npm',
  manifest: 'package-lock.json',
  name,
  purl: `pkg:npm/${name}@${version}`,
  to: version,
  scope: 'runtime',
  direct: true,
  license,
  ...extra,
});

const terraform = change('terraform', '1.6.0', 'BUSL-1.1', { governance: { kind: 'company', name: 'HashiCorp', owner: 'hashicorp' }, scorecard: 4.2 });
// A development dependency: its facts are in the JSON, not in the table.
const jest = change('jest', '29.7.0', 'MIT', { scope: 'development', governance: { kind: 'community', owner: 'jestjs' }, scorecard: 6 });
const plainJest = change('jest', '29.7.0', 'MIT', { scope: 'development' });

const report = (changes: ChangeRecord[]): Report => ({ schemaVersion: 1, conclusion: 'success', base: 'a'.repeat(40), head: 'b'.repeat(40), manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 2 }], changes, findings: [] });

describe('intelligenceText', () => {
  it('governance in the words of the issue, then the Scorecard with one decimal', () => {
    expect(intelligenceText(terraform)).toBe('single-vendor (HashiCorp), Scorecard 4.2');
    expect(intelligenceText(change('express', '4.18.2', 'MIT', { governance: { kind: 'foundation', name: 'OpenJS Foundation', owner: 'expressjs' } }))).toBe('foundation (OpenJS Foundation)');
    expect(intelligenceText(change('left-pad', '1.3.0', 'WTFPL', { governance: { kind: 'community', owner: 'stevemao' }, scorecard: 3 }))).toBe('community, Scorecard 3.0');
    expect(intelligenceText(change('x', '1.0.0', 'MIT', { scorecard: 10 }))).toBe('Scorecard 10.0');
  });

  it('nothing for a development dependency, a removed one, or one without the facts', () => {
    expect(intelligenceText(jest)).toBeUndefined();
    expect(intelligenceText({ ...terraform, change: 'removed' })).toBeUndefined();
    expect(intelligenceText(change('x', '1.0.0', 'MIT'))).toBeUndefined();
    // An upgrade is shown like an addition.
    expect(intelligenceText({ ...terraform, change: 'upgraded', from: '1.5.0' })).toBe('single-vendor (HashiCorp), Scorecard 4.2');
  });
});

describe('the markdown changes table', () => {
  it('gets a Governance column when a runtime change has governance or a Scorecard', () => {
    const markdown = formatMarkdown(report([terraform, jest]));
    expect(markdown).toContain('| Change | Package | From | To | License | Scope | Governance | Manifest |\n|---|---|---|---|---|---|---|---|\n');
    expect(markdown).toContain('| added | `terraform` |  | 1.6.0 | BUSL-1.1 | runtime, direct | single-vendor (HashiCorp), Scorecard 4.2 | package-lock.json |');
    expect(markdown).toContain('| added | `jest` |  | 29.7.0 | MIT | development, direct | — | package-lock.json |');
  });

  it('keeps its offline shape when no change has any', () => {
    const markdown = formatMarkdown(report([plainJest, jest]));
    expect(markdown).not.toContain('Governance');
    expect(markdown).toContain('| Change | Package | From | To | License | Scope | Manifest |\n|---|---|---|---|---|---|---|\n');
    expect(markdown).toContain('| added | `jest` |  | 29.7.0 | MIT | development, direct | package-lock.json |');
  });
});

describe('the text changes list', () => {
  it('gets a column before the manifest when a runtime change has governance or a Scorecard', () => {
    const lines = formatText(report([terraform, jest]), { colour: false }).split('\n');
    expect(lines).toContain('  + added  terraform  1.6.0   BUSL-1.1  runtime, direct      single-vendor (HashiCorp), Scorecard 4.2  package-lock.json');
    expect(lines).toContain(`  + added  jest       29.7.0  MIT       development, direct  ${' '.repeat(40)}  package-lock.json`);
  });

  it('keeps its offline shape when no change has any', () => {
    const lines = formatText(report([plainJest, jest]), { colour: false }).split('\n');
    expect(lines.filter((line) => line.startsWith('  + added'))).toEqual(['  + added  jest  29.7.0  MIT  development, direct  package-lock.json', '  + added  jest  29.7.0  MIT  development, direct  package-lock.json']);
  });
});
