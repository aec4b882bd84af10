import { describe, expect, it } from '@jest/globals';
import { evaluateChange } from '../../src/evaluation/pipeline.js';
import { memorySnapshot } from '../../src/evaluation/snapshot.js';
import { loadPolicy } from '../../src/policy/load.js';
import { formatText } from '../../src/report/text.js';

const lockfile = (packages: Record<string, { version: string; license: string }>) =>
  JSON.stringify({
    name: 'app',
    lockfileVersion: 3,
    packages: { '': { name: 'app' }, ...Object.fromEntries(Object.entries(packages).map(([name, entry]) => [`node_modules/${name}`, entry])) },
  });

function policy(text: string) {
  const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy;
}

const run = (base: Record<string, string>, head: Record<string, string>, policyText: string) =>
  evaluateChange({
    base: memorySnapshot('a'.repeat(40), new Map(Object.entries(base))),
    head: memorySnapshot('b'.repeat(40), new Map(Object.entries(head))),
    policy: policy(policyText),
    today: '2026-01-01',
    sources: [],
  });

describe('evaluateChange', () => {
  it('judges only the projects whose files changed between the snapshots', async () => {
    const same = lockfile({ gpl: { version: '1.0.0', license: 'GPL-3.0-only' } });
    const report = await run(
      { 'old/package-lock.json': same, 'package-lock.json': lockfile({}) },
      { 'old/package-lock.json': same, 'package-lock.json': lockfile({ mit: { version: '1.0.0', license: 'MIT' } }) },
      'licenses:\n  deny: [GPL-3.0-only]\n',
    );
    expect(report.changes.map((change) => `${change.change} ${change.manifest} ${change.name}`)).toEqual(['added package-lock.json mit']);
    expect(report.manifests.map((manifest) => manifest.path)).toEqual(['package-lock.json']);
    // No sources: the vulnerabilities and deprecation the policy judges were not looked up.
    expect([report.conclusion, report.conclusionReason]).toEqual(['neutral', 'vulnerabilities and deprecation not checked for 1 package: offline']);
  });

  it('an empty base counts every head project as changed', async () => {
    const report = await run({}, { 'package-lock.json': lockfile({ mit: { version: '1.0.0', license: 'MIT' } }) }, 'licenses:\n  allow: [MIT]\n');
    expect(report.changes.map((change) => change.change)).toEqual(['added']);
  });

  it('leaves manifests under an ignored path out entirely: never read, so a broken one is no problem either', async () => {
    const report = await run(
      {},
      {
        'test/fixtures/npm/package-lock.json': lockfile({ gpl: { version: '1.0.0', license: 'GPL-3.0-only' } }),
        'test/fixtures/broken/package-lock.json': '{ not json',
        'package-lock.json': lockfile({ gpl: { version: '1.0.0', license: 'GPL-3.0-only' } }),
      },
      'licenses:\n  deny: [GPL-3.0-only]\npaths:\n  - match: "test/fixtures/**"\n    ignore: true\n',
    );
    expect(report.findings.map((finding) => [finding.rule, finding.path])).toEqual([['license/denied', 'package-lock.json'], ['facts/unchecked', undefined]]);
    expect(report.manifests.map((manifest) => manifest.path)).toEqual(['package-lock.json']);
  });

  it('an upgrade off an unresolved base keeps the base requirement (previousRequirement) and shows it as the from side', async () => {
    // Pipfile.lock: the base pins nothing for legacy-cgi ("version": "*"), the head pins 2.6.4.
    const lock = (version: string) => JSON.stringify({ _meta: { sources: [] }, default: { 'legacy-cgi': { version } }, develop: {} }, null, 4);
    const report = await run({ 'Pipfile.lock': lock('*') }, { 'Pipfile.lock': lock('==2.6.4') }, 'licenses:\n  unknown: allow\n');
    expect(report.changes).toEqual([expect.objectContaining({ change: 'upgraded', name: 'legacy-cgi', to: '2.6.4', previousRequirement: '*' })]);
    expect(report.changes[0]?.from).toBeUndefined();
    expect(formatText(report, { colour: false, policySources: [] })).toContain('* (unresolved) → 2.6.4');
  });
});
