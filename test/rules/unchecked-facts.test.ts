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

  it('counts a package in two manifests once, and keeps each reason apart when reasons alternate', () => {
    const unchecked = new UncheckedFacts();
    const inApp = dep('a', '1.0.0');
    const inTools = dep('a', '1.0.0', { manifest: 'tools/package-lock.json' });
    const other = dep('b', '1.0.0');
    unchecked.add('vulnerabilities', inApp, 'offline');
    unchecked.add('vulnerabilities', other, 'deps.dev (https://deps.test) unreachable');
    unchecked.add('vulnerabilities', inTools, 'offline');
    unchecked.add('deprecation', inTools, 'offline');
    unchecked.add('vulnerabilities', inApp, 'offline'); // asked again after another package came between
    expect(unchecked.summaries()).toEqual(['vulnerabilities and deprecation not checked for 1 package: offline', 'vulnerabilities not checked for 1 package: deps.dev (https://deps.test) unreachable']);
    expect(unchecked.findings().map((finding) => finding.message)).toEqual([
      'vulnerabilities and deprecation not checked for 1 package: offline — a@1.0.0',
      'vulnerabilities not checked for 1 package: deps.dev (https://deps.test) unreachable — b@1.0.0',
    ]);
  });

  it('counts packages in all when kinds cover different packages', () => {
    const unchecked = new UncheckedFacts();
    const packages = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => dep(name, '1.0.0'));
    for (const dependency of packages.slice(0, 4)) unchecked.add('vulnerabilities', dependency, 'offline');
    for (const dependency of packages.slice(2)) unchecked.add('publishedAt', dependency, 'offline');
    expect(unchecked.summaries()).toEqual(['vulnerabilities and publish dates not checked for 4 packages: offline']);
    expect(unchecked.findings()[0]?.message).toBe('vulnerabilities and publish dates not checked for 4 packages: offline — a@1.0.0, b@1.0.0, c@1.0.0, d@1.0.0, e@1.0.0, and 1 more');
  });

  it('counts unresolved entries of one purl once, whatever their requirements', () => {
    const unchecked = new UncheckedFacts();
    const caret = dep('a', '1.0.0', { version: undefined, purl: 'pkg:npm/a', requirement: '^1.0.0' });
    const tilde = dep('a', '1.0.0', { version: undefined, purl: 'pkg:npm/a', requirement: '~1.0.0' });
    unchecked.add('vulnerabilities', caret, 'offline');
    unchecked.add('vulnerabilities', tilde, 'offline');
    expect(unchecked.summaries()).toEqual(['vulnerabilities not checked for 1 package: offline']);
  });
});
