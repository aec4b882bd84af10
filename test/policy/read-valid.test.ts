import { describe, expect, it } from '@jest/globals';
import { loadPolicy } from '../../src/policy/load.js';
import { date, list, object, readValid, text } from '../../src/policy/schema.js';

describe('readValid: checked data as the schema types it', () => {
  it('reads numbers written as text as that text, dates as YYYY-MM-DD, and leaves undeclared keys out', () => {
    const schema = object({ name: text(), entries: list(object({ id: text(), until: date }, ['id'])) });
    const read = readValid({ name: 2024, entries: [{ id: 7, until: new Date(Date.UTC(2027, 5, 30)) }, { id: 'x' }], stray: true }, schema);
    expect(read).toEqual({ name: '2024', entries: [{ id: '7', until: '2027-06-30' }, { id: 'x' }] });
    expect(Object.keys(read)).toEqual(['name', 'entries']);
  });

  it('gives the merged policy text where the file wrote numbers, and dates from a %YAML 1.1 file', () => {
    const loaded = loadPolicy({
      repo: {
        path: '.github/ospo-gatekeeper.yml',
        text: '%YAML 1.1\n---\npackages:\n  deny:\n    - purl: pkg:npm/left-pad\n      reason: 2024\nexceptions:\n  - package: pkg:npm/a\n    reason: legal\n    approved-by: 42\n    expires: 2027-06-30\nvulnerabilities:\n  ignore:\n    - id: GHSA-jfh8-c2jp-5v3q\n      reason: unreachable\n      until: 2027-03-31\n',
      },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.policy.packages.deny).toEqual([{ purl: 'pkg:npm/left-pad', reason: '2024' }]);
    expect(loaded.policy.exceptions).toEqual([{ package: 'pkg:npm/a', reason: 'legal', approvedBy: '42', expires: '2027-06-30', source: '.github/ospo-gatekeeper.yml' }]);
    expect(loaded.policy.vulnerabilities.ignore).toEqual([{ id: 'GHSA-jfh8-c2jp-5v3q', reason: 'unreachable', until: '2027-03-31' }]);
  });
});
