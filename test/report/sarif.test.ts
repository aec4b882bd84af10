import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import type { Finding } from '../../src/findings.js';
import { FINGERPRINT_KEY, formatSarif, pathUri, repositoryUriFromRemote } from '../../src/report/sarif.js';
import { change, deniedLicense, everyRule, HEAD, report, transitiveFinding, uncheckedLicenses, vulnerable } from './sarif-fixtures.js';

/** The parts of the SARIF log these tests read (the schema test checks the whole shape). */
interface Location {
  id?: number;
  message?: { text: string };
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number; endColumn?: number } };
}
interface SarifRun {
  tool: { driver: { rules: Record<string, unknown>[] } };
  versionControlProvenance?: { repositoryUri: string; revisionId?: string }[];
  results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Location[]; relatedLocations?: Location[]; partialFingerprints: Record<string, string>; properties?: Record<string, unknown> }[];
}

const run = (input: Report, context?: Parameters<typeof formatSarif>[2]): SarifRun => (JSON.parse(formatSarif(input, '1.2.3', context)) as { runs: SarifRun[] }).runs[0] as SarifRun;
const primary = (input: Report, context?: Parameters<typeof formatSarif>[2]) =>
  run(input, context).results.map((result) => {
    const { artifactLocation, region } = (result.locations[0] as Location).physicalLocation;
    return [artifactLocation.uri, region?.startLine, region?.startColumn];
  });
const fingerprint = (finding: Finding) => run(report([finding])).results[0]?.partialFingerprints[FINGERPRINT_KEY];

describe('formatSarif: every result has a location', () => {
  it("uses the finding's own place, with its column, and lists its other places as related", () => {
    const sarif = run(report([deniedLicense('gpl-lib', '2.0.0', 16), { rule: 'policy/invalid', severity: 'error', message: 'bad', path: 'p.yml', line: 4, column: 7 }]));
    expect(sarif.results.map((result) => result.locations.length)).toEqual([1, 1]);
    expect(primary(report([deniedLicense('gpl-lib', '2.0.0', 16)]))).toEqual([['package.json', 5, undefined]]);
    expect(sarif.results[0]?.relatedLocations).toEqual([{ id: 1, physicalLocation: { artifactLocation: { uri: 'package-lock.json' }, region: { startLine: 16 } } }]);
    expect(sarif.results[1]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 4, startColumn: 7 });
  });

  it('points a finding without a file at the manifest of the package it names', () => {
    const finding: Finding = { rule: 'license/unknown', severity: 'warning', message: 'm', purl: 'pkg:npm/b@2.0.0' };
    const input = report([finding], {
      manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 1 }, { path: 'web/yarn.lock', ecosystem: 'yarn', packages: 1 }],
      changes: [change('a', '1.0.0', 3), change('b', '2.0.0', 9, 'web/yarn.lock')],
    });
    expect(primary(input)).toEqual([['web/yarn.lock', 9, undefined]]);
  });

  it('points a finding about no package at the first manifest, line 1 (GitHub places a result only with a start line)', () => {
    const input = report([uncheckedLicenses(3)], { manifests: [{ path: 'go.mod', ecosystem: 'go', packages: 4 }, { path: 'package-lock.json', ecosystem: 'npm', packages: 1 }] });
    expect(primary(input)).toEqual([['go.mod', 1, undefined]]);
    expect(run(input).results[0]?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'go.mod' }, region: { startLine: 1 } });
  });

  it('points at the policy file when the report has no manifest', () => {
    const input = report([uncheckedLicenses(3)], { manifests: [] });
    expect(primary(input)).toEqual([['.github/ospo-gatekeeper.yml', 1, undefined]]);
    expect(primary(input, { policyPath: 'policy/ospo.yml' })).toEqual([['policy/ospo.yml', 1, undefined]]);
  });

  it('never writes a line or column below 1: line 1 for the file as a whole, a column only with a known line', () => {
    expect(run(report([{ rule: 'manifest/unparsable', severity: 'error', message: 'm', path: 'a.lock', line: 0, column: 0 }])).results[0]?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'a.lock' }, region: { startLine: 1 } });
    expect(primary(report([{ rule: 'manifest/unparsable', severity: 'error', message: 'm', path: 'a.lock', column: 4 }]))).toEqual([['a.lock', 1, undefined]]);
    expect(primary(report([{ rule: 'manifest/unparsable', severity: 'error', message: 'm', path: 'a.lock', line: 3, column: 4 }]))).toEqual([['a.lock', 3, 4]]);
  });

  it('gives a finding on a file without a line the line of its change record in that file', () => {
    const finding: Finding = { rule: 'license/unknown', severity: 'warning', message: 'm', purl: 'pkg:npm/b@2.0.0', path: 'web/yarn.lock' };
    expect(primary(report([finding], { changes: [change('b', '2.0.0', 9, 'web/yarn.lock')] }))).toEqual([['web/yarn.lock', 9, undefined]]);
  });

  it('percent-encodes what a relative URI cannot hold, keeping @ and +', () => {
    expect(pathUri('apps/web app/yarn.lock')).toBe('apps/web%20app/yarn.lock');
    expect(pathUri('a#b/c?d/100%.json')).toBe('a%23b/c%3Fd/100%25.json');
    expect(pathUri('packages/@scope/c++/package.json')).toBe('packages/@scope/c++/package.json');
    expect(pathUri('c:d/x')).toBe('c%3Ad/x');
  });
});

describe('formatSarif: introduced by', () => {
  it("relates a transitive dependency's result to its direct dependency's declaration, linked from the message", () => {
    const result = run(report([transitiveFinding()])).results[0];
    expect(result?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'package-lock.json' }, region: { startLine: 120 } });
    expect(result?.relatedLocations).toEqual([
      { id: 1, physicalLocation: { artifactLocation: { uri: 'package.json' }, region: { startLine: 8, startColumn: 5 } }, message: { text: 'introduced by: react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0' } },
    ]);
    expect(result?.message.text).toBe('terser@5.19.0 runs a script when it is installed. Introduced by: [react-scripts@5.0.1](1) → webpack@5.88.2 → terser@5.19.0.');
  });

  it('numbers the declaration after the other related places, and says "not recorded" without a link or a related place', () => {
    const both = { ...transitiveFinding(), help: 'Review it.', locations: [{ path: 'package-lock.json', line: 120 }, { path: 'other.lock', line: 3 }] };
    const result = run(report([both])).results[0];
    expect(result?.relatedLocations?.map((location) => [location.id, location.physicalLocation.artifactLocation.uri])).toEqual([[1, 'other.lock'], [2, 'package.json']]);
    expect(result?.message.text).toBe('terser@5.19.0 runs a script when it is installed. Introduced by: [react-scripts@5.0.1](2) → webpack@5.88.2 → terser@5.19.0. Review it.');
    const unrecorded: Finding = { rule: 'vulnerability', severity: 'error', message: 'certifi@2024.2.2 is affected by X', purl: 'pkg:pypi/certifi@2024.2.2', path: 'Pipfile.lock', line: 30, introductionNotRecordedIn: 'Pipfile.lock' };
    const plain = run(report([unrecorded])).results[0];
    expect([plain?.message.text, plain?.relatedLocations]).toEqual(['certifi@2024.2.2 is affected by X. Introduced by: not recorded in Pipfile.lock.', undefined]);
  });

  it('escapes brackets of the chain in the message, which SARIF would read as links', () => {
    const odd = { ...transitiveFinding(), introducedAt: undefined, introducedBy: ['pkg:npm/a%5Bx%5D@1.0.0', 'pkg:npm/terser@5.19.0'] };
    expect(run(report([odd])).results[0]?.message.text).toBe('terser@5.19.0 runs a script when it is installed. Introduced by: a\\[x\\]@1.0.0 → terser@5.19.0.');
  });
});

describe('formatSarif: versionControlProvenance', () => {
  it('has the repository URI and the head revision when the caller knows the URI', () => {
    expect(run(report([]), { repositoryUri: 'https://github.com/acme/app' }).versionControlProvenance).toEqual([{ repositoryUri: 'https://github.com/acme/app', revisionId: HEAD }]);
  });

  it('is left out without a URI, and for a remote that is a local path', () => {
    expect('versionControlProvenance' in run(report([]))).toBe(false);
    expect('versionControlProvenance' in run(report([]), { repositoryUri: '../elsewhere' })).toBe(false);
  });

  it('reads git remotes as https URIs and drops credentials', () => {
    expect(repositoryUriFromRemote('git@github.com:acme/app.git')).toBe('https://github.com/acme/app');
    expect(repositoryUriFromRemote('https://x-access-token:ghs_secret@github.com/acme/app.git')).toBe('https://github.com/acme/app');
    expect(repositoryUriFromRemote('ssh://git@ghe.acme.example:2222/acme/app.git')).toBe('https://ghe.acme.example/acme/app');
    expect(repositoryUriFromRemote('http://localhost:8080/acme/app/')).toBe('http://localhost:8080/acme/app');
    expect(repositoryUriFromRemote('/srv/git/app.git')).toBeUndefined();
    expect(repositoryUriFromRemote('C:\\src\\app')).toBeUndefined();
    expect(repositoryUriFromRemote('file:///srv/git/app.git')).toBeUndefined();
    expect(formatSarif(report([]), '1', { repositoryUri: 'https://u:ghs_secret@github.com/acme/app.git' })).not.toContain('ghs_secret');
  });
});

describe('formatSarif: rules', () => {
  const sarif = run(report(everyRule()));
  const rules = sarif.tool.driver.rules;

  it('describes each rule used, once, and results point at it by index', () => {
    const ids = rules.map((rule) => rule.id);
    expect(ids).toEqual([...new Set(everyRule().map((finding) => finding.rule))].sort());
    for (const result of sarif.results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('gives every rule descriptions, help in text and markdown, and a README link', () => {
    for (const rule of rules) {
      expect(rule).toMatchObject({
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: { text: expect.any(String), markdown: expect.any(String) },
        helpUri: `https://github.com/ospo-gatekeeper/ospo-gatekeeper/blob/main/README.md#rule-${String(rule.id).replace('/', '-')}`,
      });
    }
    expect(rules.find((rule) => rule.id === 'license/denied')).toMatchObject({
      helpUri: 'https://github.com/ospo-gatekeeper/ospo-gatekeeper/blob/main/README.md#rule-license-denied',
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['license']) },
      help: { markdown: expect.stringContaining('**How to fix:**') },
    });
  });

  it('gives a rule without a doc a generic one, with no level or tags invented', () => {
    const rule = rules.find((candidate) => candidate.id === 'settings/not-yet');
    expect(rule).toMatchObject({ shortDescription: { text: 'ospo-gatekeeper rule settings/not-yet' } });
    expect(rule && ('defaultConfiguration' in rule || 'properties' in rule)).toBe(false);
  });

  it('has no security-severity without a vulnerability finding that has a score', () => {
    expect(formatSarif(report(everyRule()), '1')).not.toContain('security-severity');
    expect(formatSarif(report([vulnerable('qs', '6.11.0', 12, 'GHSA-hrpp-h998-j3pp')]), '1')).not.toContain('security-severity');
  });

  it('maps severities to levels and appends the help to the message', () => {
    const levels = Object.fromEntries(sarif.results.map((result) => [result.ruleId, result.level]));
    expect(levels).toMatchObject({ 'license/denied': 'error', 'license/unknown': 'warning', 'settings/not-yet': 'note' });
    expect(sarif.results[0]?.message.text).toBe('gpl-lib@2.0.0 is licensed GPL-3.0-only, which the policy denies. Use an alternative under an allowed license, or add an exception for pkg:npm/gpl-lib@2.0.0 with a reason.');
  });
});

describe('formatSarif: security-severity', () => {
  const findings = [vulnerable('qs', '6.11.0', 12, 'GHSA-a', 7.5), vulnerable('minimist', '1.2.5', 30, 'GHSA-b', 9.8), vulnerable('tar', '6.1.0', 44, 'GHSA-c'), deniedLicense('gpl-lib', '2.0.0', 16)];
  const sarif = run(report(findings));

  it("stands the vulnerability rule at its worst result's CVSS score, as a string with one decimal, beside its tags", () => {
    const rule = sarif.tool.driver.rules.find((candidate) => candidate.id === 'vulnerability');
    expect(rule?.properties).toEqual({ tags: ['security', 'vulnerability', 'dependencies'], 'security-severity': '9.8' });
    expect(sarif.tool.driver.rules.find((candidate) => candidate.id === 'license/denied')?.properties).toEqual({ tags: ['license', 'compliance'] });
  });

  it("gives each scored result its own score, and none to the others", () => {
    expect(sarif.results.map((result) => [result.ruleId, result.properties?.['security-severity']])).toEqual([
      ['vulnerability', '7.5'],
      ['vulnerability', '9.8'],
      ['vulnerability', undefined],
      ['license/denied', undefined],
    ]);
    // A whole score keeps its decimal (GitHub's examples: "10.0", "5.0").
    expect(run(report([vulnerable('x', '1.0.0', 3, 'GHSA-d', 5)])).tool.driver.rules[0]?.properties).toMatchObject({ 'security-severity': '5.0' });
  });
});

describe('formatSarif: partialFingerprints', () => {
  it('keeps a package finding the same alert across an upgrade and a line move', () => {
    expect(fingerprint(deniedLicense('gpl-lib', '2.1.0', 40, 9))).toBe(fingerprint(deniedLicense('gpl-lib', '2.0.0', 16, 5)));
  });

  it('hashes rule, lockfile and purl without version (checked with python3 hashlib)', () => {
    // python3 -c "import hashlib; print(hashlib.sha256(b'license/denied\npackage-lock.json\npkg:npm/gpl-lib').hexdigest())"
    expect(fingerprint(deniedLicense('gpl-lib', '2.0.0', 16))).toBe('2be4750bc2222a5799631952794a4f7e6b0fe7c24401e7129432685de7f4d9d7');
  });

  it('tells apart another package, another rule and another manifest', () => {
    const base = deniedLicense('gpl-lib', '2.0.0', 16);
    const fingerprints = [
      base,
      deniedLicense('agpl-lib', '2.0.0', 16),
      { ...base, rule: 'license/changed' },
      { ...base, locations: [{ path: 'web/package.json', line: 5 }, { path: 'web/package-lock.json', line: 16 }] },
    ].map(fingerprint);
    expect(new Set(fingerprints).size).toBe(4);
  });

  it('keeps a finding about no package when only numbers in its message change', () => {
    expect(fingerprint(uncheckedLicenses(53))).toBe(fingerprint(uncheckedLicenses(7)));
    // python3: sha256 of 'license/unchecked\n\n0 licenses not checked: offline — a@0.0.0' (digits masked, no path)
    expect(fingerprint(uncheckedLicenses(53))).toBe('d7a911b228f1bbf21a1408600ef6a04fcc00582c61a8f172b8b1bb3d32ef07b2');
    expect(fingerprint({ ...uncheckedLicenses(53), message: '53 licenses not checked: deps.dev unreachable' })).not.toBe(fingerprint(uncheckedLicenses(53)));
  });

  it('keeps two identical findings in one run distinct, and stable from run to run', () => {
    const twice: Finding = { rule: 'actions/unpinned', severity: 'error', message: 'm', purl: 'pkg:github/actions/checkout@v4', path: '.github/workflows/ci.yml', line: 12 };
    const once = run(report([twice, { ...twice, line: 30 }])).results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    const again = run(report([{ ...twice, line: 14 }, { ...twice, line: 33 }])).results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(once).size).toBe(2);
    expect(again).toEqual(once);
  });
});
