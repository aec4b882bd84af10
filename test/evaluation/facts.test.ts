import { describe, expect, it } from '@jest/globals';
import type { Dependency } from '../../src/ecosystems/types.js';
import { judge } from '../../src/evaluation/judge.js';
import { licenseOf, type Facts, type PackageFacts } from '../../src/facts/types.js';
import { memoryCache } from '../../src/metadata/cache.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';

function policy(text: string): Policy {
  const result = loadPolicy({ repo: { path: 'policy.yml', text } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

const dep = (name: string, version: string, extra: Partial<Dependency> = {}): Dependency => ({
  ecosystem: 'npm',
  name,
  version,
  purl: `pkg:npm/${name}@${version}`,
  manifest: 'package-lock.json',
  line: 4,
  scope: 'runtime',
  direct: false,
  ...extra,
});

const REGISTRY = 'npm registry (https://registry.test)';
const factsOf = (licenses: Record<string, string>): Facts => ({
  packages: new Map(Object.entries(licenses).map(([purl, value]): [string, PackageFacts] => [purl, { license: { value, source: REGISTRY } }])),
  unchecked: new Map(),
});

describe('facts', () => {
  it("a dependency's license is its file's (the file is the source), else the looked-up fact", () => {
    const facts = factsOf({ 'pkg:npm/a@1.0.0': 'ISC' });
    expect(licenseOf(dep('a', '1.0.0'), facts)).toEqual({ value: 'ISC', source: REGISTRY });
    expect(licenseOf(dep('a', '1.0.0', { license: 'MIT' }), facts)).toEqual({ value: 'MIT', source: 'package-lock.json' });
    expect(licenseOf(dep('b', '1.0.0'), facts)).toBeUndefined();
  });

  it('the judge reads looked-up licenses from the facts: denied, changed, and in the finding', () => {
    const strict = policy('licenses:\n  deny: [GPL-3.0-only]\n  changed: fail\n');
    const facts = factsOf({ 'pkg:npm/g@2.0.0': 'GPL-3.0-only', 'pkg:npm/g@1.0.0': 'MIT' });
    const result = judge({ changes: [{ change: 'upgraded', dependency: dep('g', '2.0.0'), previous: dep('g', '1.0.0') }], problems: [], policy: strict, today: '2026-01-01', facts });
    expect(result.findings.map((finding) => [finding.rule, finding.license])).toEqual([
      ['license/denied', 'GPL-3.0-only'],
      ['license/changed', 'GPL-3.0-only'],
    ]);
    // Without the facts nothing is known, and nothing is said to be denied.
    expect(judge({ changes: [{ change: 'added', dependency: dep('g', '2.0.0') }], problems: [], policy: strict, today: '2026-01-01' }).findings.map((finding) => finding.rule)).toEqual(['license/unknown']);
  });

  it("an exception bound to a license holds while the looked-up license is that one, and not once it is another", () => {
    const withException = policy(
      'licenses:\n  deny: [GPL-3.0-only]\nexceptions:\n  - package: pkg:npm/g\n    license: GPL-3.0-only\n    reason: approved by legal\n',
    );
    const run = (license: string) => judge({ changes: [{ change: 'added', dependency: dep('g', '2.0.0') }], problems: [], policy: withException, today: '2026-01-01', facts: factsOf({ 'pkg:npm/g@2.0.0': license }) });
    expect(run('GPL-3.0-only').findings).toEqual([]);
    const denied = judge({ changes: [{ change: 'added', dependency: dep('g', '2.0.0') }], problems: [], policy: policy('licenses:\n  deny: [GPL-3.0-only, AGPL-3.0-only]\nexceptions:\n  - package: pkg:npm/g\n    license: GPL-3.0-only\n    reason: approved\n'), today: '2026-01-01', facts: factsOf({ 'pkg:npm/g@2.0.0': 'AGPL-3.0-only' }) });
    expect(denied.findings.map((finding) => finding.rule)).toEqual(['license/denied']);
  });
});

describe('the in-memory fact cache', () => {
  it('answers many keys at once and treats a cached null ("no license anywhere") as a hit', async () => {
    const cache = memoryCache();
    await cache.setMany('license', new Map<string, unknown>([['pkg:npm/a@1', null], ['pkg:npm/b@1', { license: 'MIT' }]]));
    const found = await cache.getMany('license', ['pkg:npm/a@1', 'pkg:npm/b@1', 'pkg:npm/c@1']);
    expect([...found]).toEqual([['pkg:npm/a@1', null], ['pkg:npm/b@1', { license: 'MIT' }]]);
    expect(await cache.get('license', 'pkg:npm/c@1')).toBeUndefined();
    await cache.set('license', 'pkg:npm/c@1', 'x');
    expect(await cache.get('license', 'pkg:npm/c@1')).toBe('x');
  });

  it('is bounded: the least recently used entries go first', async () => {
    const cache = memoryCache(2);
    await cache.set('license', 'a', 1);
    await cache.set('license', 'b', 2);
    await cache.get('license', 'a');
    await cache.set('license', 'c', 3);
    expect([...(await cache.getMany('license', ['a', 'b', 'c'])).keys()]).toEqual(['a', 'c']);
  });
});
