import { describe, expect, it } from '@jest/globals';
import { loadPolicy } from '../../src/policy/load.js';

const FILE = '.github/ospo-gatekeeper.yml';
const load = (text: string) => loadPolicy({ repo: { path: FILE, text } });
const errorsOf = (text: string) => {
  const result = load(text);
  return result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message]);
};

describe('policy exceptions: id', () => {
  it('reads an exception bound to a vulnerability id', () => {
    const result = load('exceptions:\n  - package: pkg:npm/old-parser@2.1.0\n    id: GHSA-jfh8-c2jp-5v3q\n    reason: not reachable\n    approved-by: security\n    expires: 2027-01-31\n');
    expect(result.ok ? result.policy.exceptions : result.errors).toEqual([
      { package: 'pkg:npm/old-parser@2.1.0', id: 'GHSA-jfh8-c2jp-5v3q', reason: 'not reachable', approvedBy: 'security', expires: '2027-01-31', source: FILE },
    ]);
  });

  it.each([
    [
      'id and license together, at the id',
      'exceptions:\n  - package: pkg:npm/a\n    reason: ok\n  - package: pkg:npm/b\n    license: GPL-3.0-only\n    id: CVE-2021-44228\n    reason: two things\n',
      [[6, 5, 'exceptions[1]: id and license together: an exception with id covers only that vulnerability record, one with license only the license rules; write two exceptions']],
    ],
    ['an id in the wrong case', 'exceptions:\n  - package: pkg:npm/b\n    id: cve-2021-44228\n    reason: r\n', [[3, 9, 'exceptions[0].id: "cve-2021-44228": write it CVE-2021-44228, as the advisory databases do']]],
    ['a text that is no id', 'exceptions:\n  - package: pkg:npm/b\n    id: log4shell\n    reason: r\n', [[3, 9, 'exceptions[0].id: "log4shell" is not a vulnerability id (an OSV id or alias like GHSA-jfh8-c2jp-5v3q or CVE-2021-44228)']]],
  ])('refuses %s', (_, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });
});
