import { describe, expect, it } from '@jest/globals';
import type { Change } from '../../src/deps/diff.js';
import { judge } from '../../src/evaluation/judge.js';
import { evaluateChange } from '../../src/evaluation/pipeline.js';
import { memorySnapshot } from '../../src/evaluation/snapshot.js';
import type { Facts } from '../../src/facts/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { added, dep, factsOf, record, TODAY, upgraded } from '../rules/subject.js';

// TODAY is 2026-11-25: November has 30 days, so 2026-12-24 is 29 days away, 12-25 30, 12-26 31.

function policy(text: string): Policy {
  const result = loadPolicy({ repo: { path: 'policy.yml', text } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

const rules = (result: ReturnType<typeof judge>) => result.findings.map((finding) => [finding.rule, finding.severity]);
const NO_RECORDS: Facts = { packages: new Map(), unchecked: new Map() };

function licenseException(expires: string | undefined, license = 'GPL-3.0-only'): string {
  return `licenses:\n  deny: [GPL-3.0-only, SSPL-1.0]\nexceptions:\n  - package: pkg:npm/copyleft-lib@^1.0.0\n    license: ${license}\n    reason: LEG-123\n${expires ? `    expires: ${expires}\n` : ''}`;
}

/** Facts saying no package has a record or is deprecated, so only the license rules speak. */
function cleanFacts(...purls: string[]): Facts {
  return factsOf(Object.fromEntries(purls.map((purl) => [purl, { vulnerabilities: [], deprecation: { deprecated: false } }])));
}

describe('judge: exception expiry', () => {
  const gpl = dep('copyleft-lib', '1.4.0', { license: 'GPL-3.0-only' });
  const facts = cleanFacts(gpl.purl);
  it.each([
    ['expired yesterday', '2026-11-24', [['license/denied', 'error'], ['exception/expired', 'warning']], undefined],
    ['its last day today', '2026-11-25', [['exception/expiring', 'notice']], 'today is its last day'],
    ['29 days away', '2026-12-24', [['exception/expiring', 'notice']], '29 days left'],
    ['30 days away (inclusive)', '2026-12-25', [['exception/expiring', 'notice']], '30 days left'],
    ['31 days away', '2026-12-26', [], undefined],
    ['without an expiry', undefined, [], undefined],
  ])('an exception %s', (_, expires, expected, left) => {
    const result = judge({ changes: [added(gpl)], problems: [], policy: policy(licenseException(expires)), today: TODAY, facts });
    expect(rules(result)).toEqual(expected);
    if (left) {
      expect(result.findings[0]?.message).toBe(`the exception for pkg:npm/copyleft-lib@^1.0.0 under GPL-3.0-only expires on ${expires} (${left}; LEG-123; in policy.yml): it covers copyleft-lib@1.4.0 (package-lock.json)`);
      expect(result.conclusion).toBe('success');
    }
  });

  it('gives one notice per exception for the whole evaluation, naming every package it covered', () => {
    const other = dep('copyleft-lib', '1.5.0', { license: 'GPL-3.0-only', manifest: 'app/package-lock.json' });
    const result = judge({ changes: [added(gpl), added(other), added(gpl)], problems: [], policy: policy(licenseException('2026-12-24')), today: TODAY, facts: cleanFacts(gpl.purl, other.purl) });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'the exception for pkg:npm/copyleft-lib@^1.0.0 under GPL-3.0-only expires on 2026-12-24 (29 days left; LEG-123; in policy.yml): it covers copyleft-lib@1.4.0 (package-lock.json), copyleft-lib@1.5.0 (app/package-lock.json)',
    ]);
  });

  it('says nothing of an expiring exception that applied to no change', () => {
    const mit = dep('other', '1.0.0', { license: 'MIT' });
    expect(rules(judge({ changes: [added(mit)], problems: [], policy: policy(licenseException('2026-12-24')), today: TODAY, facts: cleanFacts(mit.purl) }))).toEqual([]);
  });

  it('warns of an expired package-wide exception in a scope the license rules leave out, where it covered the package rules', () => {
    const dev = dep('old-tool', '1.0.0', { license: 'MIT', scope: 'development' });
    const text = 'licenses:\n  scopes: [runtime]\nexceptions:\n  - package: pkg:npm/old-tool\n    reason: migrating (OPS-7)\n    expires: 2026-11-01\n';
    const facts = factsOf({ [dev.purl]: { vulnerabilities: [], deprecation: { deprecated: true, reason: 'use new-tool' } } });
    expect(rules(judge({ changes: [added(dev)], problems: [], policy: policy(text), today: TODAY, facts }))).toEqual([
      ['exception/expired', 'warning'],
      ['package/deprecated', 'warning'],
    ]);
  });
});

describe('judge: license-bound exceptions', () => {
  const before = dep('copyleft-lib', '1.4.0', { license: 'GPL-3.0-only' });
  it.each([
    ['keeps the same license', 'GPL-3.0-only', []],
    ['keeps it in a deprecated spelling', 'GPL-3.0', []],
    ['is relicensed to SSPL', 'SSPL-1.0', [['license/denied', 'error'], ['license/changed', 'warning']]],
  ])('holds across an upgrade that %s only while the license is the approved one', (_, license, expected) => {
    const after = dep('copyleft-lib', '1.5.0', { license });
    const result = judge({ changes: [upgraded(before, after)], problems: [], policy: policy(licenseException(undefined)), today: TODAY, facts: cleanFacts(before.purl, after.purl) });
    expect(rules(result)).toEqual(expected);
  });
});

describe('judge: id-bound exceptions', () => {
  const parser = dep('old-parser', '2.1.0', { license: 'MIT' });
  const sibling = dep('other-parser', '1.0.0', { license: 'MIT' });
  const high = (id: string, aliases: string[] = []) => record(id, { aliases, severity: 'high' });
  const exceptionFor = (id: string, expires = '2027-06-30', pkg = 'pkg:npm/old-parser@2.1.0') =>
    `exceptions:\n  - package: ${pkg}\n    id: ${id}\n    reason: not reachable (SEC-42)\n    expires: ${expires}\n`;
  const withRecords = (...records: ReturnType<typeof high>[]) =>
    factsOf({ [parser.purl]: { vulnerabilities: records, deprecation: { deprecated: false } }, [sibling.purl]: { vulnerabilities: records, deprecation: { deprecated: false } } });

  it.each([
    ['covers the record it names, by id', exceptionFor('GHSA-jfh8-c2jp-5v3q'), [high('GHSA-jfh8-c2jp-5v3q')], []],
    ['covers it by an alias of the record, in any case', exceptionFor('CVE-2021-23337'), [high('GHSA-35jh-r3h4-6jhm', ['cve-2021-23337'])], []],
    ['covers no other record of the package', exceptionFor('GHSA-jfh8-c2jp-5v3q'), [high('GHSA-jfh8-c2jp-5v3q'), high('GHSA-35jh-r3h4-6jhm')], ['GHSA-35jh-r3h4-6jhm']],
    ['covers no other version than the one it names', exceptionFor('GHSA-jfh8-c2jp-5v3q', '2027-06-30', 'pkg:npm/old-parser@2.0.0'), [high('GHSA-jfh8-c2jp-5v3q')], ['GHSA-jfh8-c2jp-5v3q']],
  ])('%s', (_, text, records, stillReported) => {
    const result = judge({ changes: [added(parser)], problems: [], policy: policy(text), today: TODAY, facts: withRecords(...records) });
    expect(result.findings.filter((finding) => finding.rule === 'vulnerability').map((finding) => finding.message.split(' ')[4]?.replace(',', ''))).toEqual(stillReported);
  });

  it('covers the record for the package it names only: another package with the same record is judged', () => {
    const result = judge({ changes: [added(parser), added(sibling)], problems: [], policy: policy(exceptionFor('GHSA-jfh8-c2jp-5v3q')), today: TODAY, facts: withRecords(high('GHSA-jfh8-c2jp-5v3q')) });
    expect(result.findings.map((finding) => [finding.rule, finding.name])).toEqual([['vulnerability', 'other-parser']]);
  });

  it('covers no license and no package rule', () => {
    const gplParser = dep('old-parser', '2.1.0', { license: 'GPL-3.0-only' });
    const text = `licenses:\n  deny: [GPL-3.0-only]\n${exceptionFor('GHSA-jfh8-c2jp-5v3q')}`;
    const facts = factsOf({ [gplParser.purl]: { vulnerabilities: [high('GHSA-jfh8-c2jp-5v3q')], deprecation: { deprecated: true, reason: 'unmaintained' } } });
    expect(rules(judge({ changes: [added(gplParser)], problems: [], policy: policy(text), today: TODAY, facts }))).toEqual([
      ['license/denied', 'error'],
      ['package/deprecated', 'warning'],
    ]);
  });

  it('lets a malware record it names through (a reviewed false positive), as an ignore entry would', () => {
    const facts = factsOf({ [parser.purl]: { vulnerabilities: [record('MAL-2024-1', { malicious: true })], deprecation: { deprecated: false } } });
    expect(rules(judge({ changes: [added(parser)], problems: [], policy: policy(''), today: TODAY, facts }))).toEqual([['malware', 'error']]);
    expect(rules(judge({ changes: [added(parser)], problems: [], policy: policy(exceptionFor('MAL-2024-1')), today: TODAY, facts }))).toEqual([]);
  });

  it('once expired, judges the record again with an exception/expired warning', () => {
    const result = judge({ changes: [added(parser)], problems: [], policy: policy(exceptionFor('GHSA-jfh8-c2jp-5v3q', '2026-11-24')), today: TODAY, facts: withRecords(high('GHSA-jfh8-c2jp-5v3q')) });
    expect(rules(result)).toEqual([
      ['vulnerability', 'error'],
      ['exception/expired', 'warning'],
    ]);
    expect(result.findings[1]?.message).toBe('the exception for old-parser@2.1.0 and GHSA-jfh8-c2jp-5v3q expired on 2026-11-24 (not reachable (SEC-42)), so GHSA-jfh8-c2jp-5v3q is judged again');
  });

  it('announces its expiry within 30 days when it let a record through', () => {
    const result = judge({ changes: [added(parser)], problems: [], policy: policy(exceptionFor('GHSA-jfh8-c2jp-5v3q', '2026-12-01')), today: TODAY, facts: withRecords(high('GHSA-jfh8-c2jp-5v3q')) });
    expect(result.findings.map((finding) => [finding.rule, finding.message])).toEqual([
      ['exception/expiring', 'the exception for pkg:npm/old-parser@2.1.0 and GHSA-jfh8-c2jp-5v3q expires on 2026-12-01 (6 days left; not reachable (SEC-42); in policy.yml): it covers old-parser@2.1.0 (package-lock.json)'],
    ]);
    // The same exception on a package without that record applied to nothing: no notice.
    expect(rules(judge({ changes: [added(parser)], problems: [], policy: policy(exceptionFor('GHSA-jfh8-c2jp-5v3q', '2026-12-01')), today: TODAY, facts: withRecords() }))).toEqual([]);
  });
});

describe('judge: unused exceptions', () => {
  const a = dep('a', '1.0.0', { license: 'MIT' });
  const b = dep('b', '1.0.0', { license: 'MIT' });
  const text = [
    'exceptions:',
    '  - package: pkg:npm/a', // matches the change
    '    reason: changed here',
    '  - package: pkg:npm/b', // b is in the tree, unchanged
    '    reason: in the tree',
    '  - package: pkg:npm/b@^2.0.0', // b is 1.0.0: no match
    '    reason: a later major',
    '  - package: pkg:npm/c', // nowhere
    '    reason: gone',
    '',
  ].join('\n');
  const inventory = [{ path: 'package-lock.json', ecosystem: 'npm', dependencies: [a, b] }];
  const changes: Change[] = [added(a)];

  it.each([
    ['the whole tree is evaluated', true, ['pkg:npm/b@^2.0.0', 'pkg:npm/c']],
    ['only the touched projects are (a pull request)', false, []],
  ])('when %s: notices for the exceptions that match no package', (_, wholeTree, unused) => {
    const result = judge({ changes, problems: [], policy: policy(text), today: TODAY, facts: cleanFacts(a.purl), inventory, wholeTree });
    expect(result.findings.filter((finding) => finding.rule === 'exception/unused').map((finding) => finding.message.split(' ')[3])).toEqual(unused);
    expect(result.conclusion).toBe('success');
  });

  it('words the notice with the exception, its reason, its file and what was evaluated', () => {
    const result = judge({ changes, problems: [], policy: policy(text), today: TODAY, facts: cleanFacts(a.purl), inventory, wholeTree: true });
    expect(result.findings.find((finding) => finding.message.includes('pkg:npm/c'))).toMatchObject({
      rule: 'exception/unused',
      severity: 'notice',
      message: 'the exception for pkg:npm/c (gone; in policy.yml) matches no package in the whole tree (1 manifest evaluated)',
    });
  });

  it('says every exception is unused in a tree with no manifests, and nothing without exceptions', () => {
    expect(rules(judge({ changes: [], problems: [], policy: policy(text), today: TODAY, facts: NO_RECORDS, inventory: [], wholeTree: true }))).toEqual(Array(4).fill(['exception/unused', 'notice']));
    expect(rules(judge({ changes: [], problems: [], policy: policy(''), today: TODAY, facts: NO_RECORDS, inventory: [], wholeTree: true }))).toEqual([]);
  });
});

describe('evaluateChange: unused exceptions', () => {
  const lockfile = (packages: Record<string, string>) =>
    JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...Object.fromEntries(Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version, license: 'MIT' }])) } });
  const text = 'exceptions:\n  - package: pkg:npm/left-pad\n    reason: kept\n  - package: pkg:npm/gone\n    reason: removed long ago\n';
  const run = (base: Record<string, string>, head: Record<string, string>) =>
    evaluateChange({ base: memorySnapshot('a'.repeat(40), new Map(Object.entries(base))), head: memorySnapshot('b'.repeat(40), new Map(Object.entries(head))), policy: policy(text), today: TODAY, sources: [] });
  const unused = (report: Awaited<ReturnType<typeof run>>) => report.findings.filter((finding) => finding.rule === 'exception/unused').map((finding) => finding.message);

  it('are told for an empty base (every project evaluated), over the packages changed or not', async () => {
    const report = await run({}, { 'package-lock.json': lockfile({ 'left-pad': '1.3.0' }), 'other/package-lock.json': lockfile({ 'right-pad': '1.0.0' }) });
    expect(unused(report)).toEqual(['the exception for pkg:npm/gone (removed long ago; in policy.yml) matches no package in the whole tree (2 manifests evaluated)']);
  });

  it('are not told for a change that touches some projects only', async () => {
    const lock = lockfile({ 'left-pad': '1.3.0' });
    const report = await run({ 'package-lock.json': lock, 'other/package-lock.json': lockfile({}) }, { 'package-lock.json': lock, 'other/package-lock.json': lockfile({ 'right-pad': '1.0.0' }) });
    expect(report.changes.map((change) => change.name)).toEqual(['right-pad']);
    expect(unused(report)).toEqual([]);
  });
});
