import { evaluateFiles } from '../helpers/evaluate-files.js';
import { describe, expect, it } from '@jest/globals';
import type { Dependency } from '../../src/deps/model.js';
import { addPackageIntelligence } from '../../src/evaluation/package-intelligence.js';
import type { ChangeRecord } from '../../src/evaluation/report.js';
import type { PackageFacts } from '../../src/facts/types.js';
import type { FactSource } from '../../src/metadata/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import { reporterById } from '../../src/report/reporter.js';
import { dep, factsOf, record } from '../rules/subject.js';

const scorecard = (repository: string, score: number) => ({ repository, score, checks: {} });
const bare = (dependency: Dependency): ChangeRecord => ({
  change: 'added',
  ecosystem: dependency.ecosystem,
  manifest: dependency.manifest,
  name: dependency.name,
  purl: dependency.purl,
  scope: dependency.scope,
  direct: dependency.direct,
});

describe('addPackageIntelligence', () => {
  it('records the scorecard, the governance of the source repository and the vulnerability ids', () => {
    const terraform = dep('terraform', '1.6.0');
    const facts = factsOf({
      'pkg:npm/terraform@1.6.0': { sourceRepository: 'github.com/hashicorp/terraform', scorecard: scorecard('github.com/hashicorp/terraform', 4.2), vulnerabilities: [record('GHSA-1'), record('MAL-2', { malicious: true })] },
    });
    const result = bare(terraform);
    addPackageIntelligence(result, terraform, facts);
    expect(result).toMatchObject({ scorecard: 4.2, governance: { kind: 'company', name: 'HashiCorp', owner: 'hashicorp' }, vulnerabilities: ['GHSA-1', 'MAL-2'] });
    expect(result.introducedBy).toBeUndefined(); // direct
  });

  it('an organization the table does not list is community-governed; a checked clean version has no ids, said as []', () => {
    const leftPad = dep('left-pad', '1.3.0');
    const result = bare(leftPad);
    addPackageIntelligence(result, leftPad, factsOf({ 'pkg:npm/left-pad@1.3.0': { sourceRepository: 'https://github.com/Stevemao/left-pad', vulnerabilities: [] } }));
    expect(result.governance).toEqual({ kind: 'community', owner: 'stevemao' });
    expect(result.vulnerabilities).toEqual([]);
    expect('scorecard' in result).toBe(false);
  });

  it('adds nothing when the package has no facts (offline)', () => {
    const qs = dep('qs', '6.11.0', { direct: false });
    const offline = bare(qs);
    addPackageIntelligence(offline, qs, factsOf({}));
    const otherPackage = bare(qs);
    addPackageIntelligence(otherPackage, qs, factsOf({ 'pkg:npm/other@1.0.0': { vulnerabilities: [] } }));
    expect([offline, otherPackage]).toEqual([bare(qs), bare(qs)]);
  });
});

/**
 * package-lock.json v3: the base holds removed-pkg only; the head app -> express (direct) -> qs
 * (transitive), and web/ adds removed-pkg (so its purl has facts, which the removal must not show).
 */
const BASE_LOCK = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { 'removed-pkg': '^1.0.0' } }, 'node_modules/removed-pkg': { version: '1.0.0', license: 'MIT' } } });
const HEAD_LOCK = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { express: '^4.18.2' } },
    'node_modules/express': { version: '4.18.2', license: 'MIT', dependencies: { qs: '6.11.0' } },
    'node_modules/qs': { version: '6.11.0', license: 'BSD-3-Clause' },
  },
});

/** Answers every package from a table, as a batch source would. */
function tableSource(table: Record<string, PackageFacts>): FactSource {
  return {
    name: 'table source',
    provides: ['vulnerabilities', 'sourceRepository', 'scorecard'],
    supports: () => true,
    lookup: async (dependencies) => ({ answers: new Map(dependencies.map((dependency) => [dependency.purl, { facts: table[dependency.purl] ?? {} }])) }),
  };
}

async function evaluateWith(sources: FactSource[]) {
  const base = new Map([['package-lock.json', BASE_LOCK]]);
  const head = new Map([
    ['package-lock.json', HEAD_LOCK],
    ['web/package-lock.json', BASE_LOCK],
  ]);
  const loaded = loadPolicy({ repo: { path: 'policy.yml', text: 'governance:\n  single-vendor: warn\n' } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return evaluateFiles(base, head, loaded.policy, sources);
}

const source = (value: unknown) => ({ value, source: 'table source' }) as never;

describe('evaluate: the change records carry the package intelligence', () => {
  it('online: introducedBy for the transitive qs, governance and Scorecard for express, nothing on the removed package', async () => {
    const report = await evaluateWith([
      tableSource({
        'pkg:npm/express@4.18.2': { sourceRepository: source('github.com/expressjs/express'), scorecard: source(scorecard('github.com/expressjs/express', 7.4)), vulnerabilities: source([]) },
        'pkg:npm/qs@6.11.0': { vulnerabilities: source([record('GHSA-hrpp-h998-j3pp', { score: 7.5 })]) },
        'pkg:npm/removed-pkg@1.0.0': { vulnerabilities: source([record('GHSA-old')]) },
      }),
    ]);
    const byName = new Map(report.changes.map((change) => [`${change.change} ${change.name}`, change]));
    expect(byName.get('added express')).toMatchObject({ change: 'added', scorecard: 7.4, governance: { kind: 'foundation', name: 'OpenJS Foundation', owner: 'expressjs' }, vulnerabilities: [] });
    expect(byName.get('added express')?.introducedBy).toBeUndefined();
    expect(byName.get('added qs')).toMatchObject({ change: 'added', introducedBy: ['pkg:npm/express@4.18.2', 'pkg:npm/qs@6.11.0'], vulnerabilities: ['GHSA-hrpp-h998-j3pp'] });
    expect(byName.get('added removed-pkg')).toMatchObject({ manifest: 'web/package-lock.json', vulnerabilities: ['GHSA-old'] });
    const removed = byName.get('removed removed-pkg');
    expect(removed?.manifest).toBe('package-lock.json');
    for (const key of ['introducedBy', 'scorecard', 'governance', 'vulnerabilities']) expect(removed && key in removed).toBe(false);
    // The vulnerability finding carries the score for SARIF, and the JSON contract the new fields.
    expect(report.findings.find((finding) => finding.rule === 'vulnerability')).toMatchObject({ purl: 'pkg:npm/qs@6.11.0', securitySeverity: 7.5 });
    const json = JSON.parse(reporterById('json')?.render(report, { toolVersion: '0', policySources: [] }) ?? '{}') as { changes: Record<string, unknown>[] };
    expect(json.changes.find((change) => change.name === 'qs')?.introducedBy).toEqual(['pkg:npm/express@4.18.2', 'pkg:npm/qs@6.11.0']);
  });

  it('offline: only the chain, read from the lockfile, on the transitive qs; none of the looked-up fields', async () => {
    const report = await evaluateWith([]);
    expect(report.changes.map((change) => `${change.change} ${change.name}`).sort()).toEqual(['added express', 'added qs', 'added removed-pkg', 'removed removed-pkg']);
    for (const change of report.changes) for (const key of ['scorecard', 'governance', 'vulnerabilities']) expect(key in change).toBe(false);
    const chains = report.changes.map((change) => [`${change.change} ${change.name}`, change.introducedBy]);
    expect(chains.filter(([, chain]) => chain !== undefined)).toEqual([['added qs', ['pkg:npm/express@4.18.2', 'pkg:npm/qs@6.11.0']]]);
    const json = JSON.parse(reporterById('json')?.render(report, { toolVersion: '0', policySources: [] }) ?? '{}') as { changes: Record<string, unknown>[] };
    expect(json.changes.find((change) => change.name === 'qs')?.introducedBy).toEqual(['pkg:npm/express@4.18.2', 'pkg:npm/qs@6.11.0']);
  });
});
