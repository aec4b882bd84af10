/** One change judged under two policies (a policy change's impact): files read once, facts looked up once. */
import { describe, expect, it } from '@jest/globals';
import { evaluateUnderPolicies } from '../../src/evaluation/pipeline.js';
import { memorySnapshot, type Snapshot } from '../../src/evaluation/snapshot.js';
import { memoryCache } from '../../src/metadata/cache.js';
import type { PackageFacts } from '../../src/facts/types.js';
import type { FactSource } from '../../src/metadata/types.js';
import { loadPolicy } from '../../src/policy/load.js';

const LOCK = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: { '': { name: 'app' }, 'node_modules/gpl': { version: '1.0.0' }, 'node_modules/mit': { version: '2.0.0' } },
});

function policy(text: string) {
  const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy;
}

/** A license source that counts the packages it is asked about. */
function countingSource(asked: string[]): FactSource {
  const licenses: Record<string, string> = { 'pkg:npm/gpl@1.0.0': 'GPL-3.0-only', 'pkg:npm/mit@2.0.0': 'MIT' };
  return {
    name: 'counting source',
    provides: ['license', 'vulnerabilities', 'deprecation'],
    supports: () => true,
    lookup: async (dependencies) => {
      asked.push(...dependencies.map((dependency) => dependency.purl));
      const factsOf = (purl: string): PackageFacts => ({ license: { value: licenses[purl] ?? 'MIT', source: 'counting source' }, vulnerabilities: { value: [], source: 'counting source' }, deprecation: { value: { deprecated: false }, source: 'counting source' } });
      return { answers: new Map(dependencies.map((dependency) => [dependency.purl, { facts: factsOf(dependency.purl) }])) };
    },
  };
}

/** A snapshot that counts the files read. */
function counted(snapshot: Snapshot, reads: string[]): Snapshot {
  return { sha: snapshot.sha, listing: snapshot.listing, read: async (paths) => (reads.push(...paths), snapshot.read(paths)) };
}

describe('evaluateUnderPolicies', () => {
  it('reads each file once and asks the sources once for both policies, each judged on its own', async () => {
    const asked: string[] = [];
    const reads: string[] = [];
    const reports = await evaluateUnderPolicies({
      base: memorySnapshot('empty', new Map()),
      head: counted(memorySnapshot('b'.repeat(40), new Map([['package-lock.json', LOCK]])), reads),
      policies: [policy('licenses:\n  unknown: allow\n'), policy('licenses:\n  deny: [GPL-3.0-only]\n  unknown: allow\n')],
      today: '2026-01-01',
      sources: [countingSource(asked)],
      cache: memoryCache(),
    });
    expect(reads).toEqual(['package-lock.json']);
    // Two packages, asked about once: the second evaluation found them in the cache.
    expect(asked.sort()).toEqual(['pkg:npm/gpl@1.0.0', 'pkg:npm/mit@2.0.0']);
    expect(reports.map((report) => report.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.rule} ${finding.name}`))).toEqual([[], ['license/denied gpl']]);
  });

  it('without a cache of the caller, still one lookup for both', async () => {
    const asked: string[] = [];
    await evaluateUnderPolicies({
      base: memorySnapshot('empty', new Map()),
      head: memorySnapshot('b'.repeat(40), new Map([['package-lock.json', LOCK]])),
      policies: [policy('licenses:\n  unknown: allow\n'), policy('licenses:\n  unknown: fail\n')],
      today: '2026-01-01',
      sources: [countingSource(asked)],
    });
    expect(asked).toHaveLength(2);
  });

  it('a path one policy ignores is still read for the other, and judged only by it', async () => {
    const files = new Map([
      ['package-lock.json', LOCK],
      ['vendor/package-lock.json', LOCK],
    ]);
    const reports = await evaluateUnderPolicies({
      base: memorySnapshot('empty', new Map()),
      head: memorySnapshot('b'.repeat(40), files),
      policies: [policy('licenses:\n  unknown: allow\npaths:\n  - match: "vendor/**"\n    ignore: true\n'), policy('licenses:\n  unknown: allow\n')],
      today: '2026-01-01',
      sources: [],
    });
    expect(reports.map((report) => report.manifests.map((manifest) => manifest.path))).toEqual([['package-lock.json'], ['package-lock.json', 'vendor/package-lock.json']]);
  });
});
