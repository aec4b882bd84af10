import { describe, expect, it } from '@jest/globals';
import { UncheckedFacts } from '../../src/rules/unchecked-facts.js';
import { dep } from './subject.js';

describe('UncheckedFacts', () => {
  it('groups by reason, says kinds with the same count together, and counts each package once per kind', () => {
    const unchecked = new UncheckedFacts();
    const packages = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => dep(name, '1.0.0'));
    for (const dependency of packages) {
      unchecked.add('vulnerabilities', dependency, 'offline');
      unchecked.add('vulnerabilities', dependency, 'offline'); // the malware rule asks too
      unchecked.add('deprecation', dependency, 'offline');
    }
    unchecked.add('scorecard', packages[0]!, 'offline');
    unchecked.add('vulnerabilities', dep('h', '2.0.0'), 'OSV (https://osv.test) unreachable');
    expect(unchecked.summaries()).toEqual(['vulnerabilities and deprecation not checked for 7 packages, Scorecard scores for 1 package: offline', 'vulnerabilities not checked for 1 package: OSV (https://osv.test) unreachable']);
    expect(unchecked.findings()).toEqual([
      {
        rule: 'facts/unchecked',
        severity: 'warning',
        message: 'vulnerabilities and deprecation not checked for 7 packages, Scorecard scores for 1 package: offline — a@1.0.0, b@1.0.0, c@1.0.0, d@1.0.0, e@1.0.0, and 2 more',
        help: 'Run the check online (without --offline / OSPO_OFFLINE) so these facts are looked up.',
        incomplete: true,
      },
      {
        rule: 'facts/unchecked',
        severity: 'warning',
        message: 'vulnerabilities not checked for 1 package: OSV (https://osv.test) unreachable — h@2.0.0',
        help: 'Re-run the check when the source is back, or point its OSPO_<SOURCE>_URL variable at a reachable mirror.',
        incomplete: true,
      },
    ]);
  });

  it('lists three kinds with commas and "and"', () => {
    const unchecked = new UncheckedFacts();
    for (const kind of ['scorecard', 'publishedAt', 'vulnerabilities'] as const) unchecked.add(kind, dep('a', '1.0.0'), 'offline');
    expect(unchecked.summaries()).toEqual(['vulnerabilities, publish dates and Scorecard scores not checked for 1 package: offline']);
  });
});
