/**
 * The facts section (issue 15): a pull request that adds 2,000 npm packages (lockfile v1, so no
 * license is in the file), evaluated by the one pipeline with the app's sources pointed at a local
 * fake of deps.dev, OSV and ClearlyDefined that answers every request after 50 ms. Every kind of
 * fact is wanted (a policy with Scorecard, cooldown and governance on). Measured: requests made
 * and wall time of the first evaluation, then of a second one over the same cache.
 * Goal: <= 6 requests and < 1 s the first time; 0 requests the second.
 */
import { performance } from 'node:perf_hooks';
import { evaluateChange } from '../src/evaluation/pipeline.js';
import { memorySnapshot } from '../src/evaluation/snapshot.js';
import { memoryCache, type FactCache } from '../src/metadata/cache.js';
import { factSourcesFromEnv } from '../src/metadata/config.js';
import { loadPolicy } from '../src/policy/load.js';
import { startFakeSources, withRecords, type FakeWorld, type OsvRecord } from './fake-sources.js';

export interface FactsOptions {
  packages: number;
  latencyMs: number;
  log: (line: string) => void;
}

const POLICY = `vulnerabilities:
  fail-on: high
  warn-on: low
scorecard:
  warn-below: 4
supply-chain:
  cooldown-days: 3
governance:
  single-vendor: warn
`;

/** Every package licensed MIT by deps.dev except every 100th (ClearlyDefined knows those); every 500th vulnerable; one repository per 40 packages. */
function world(count: number): { world: FakeWorld; records: OsvRecord[] } {
  const records: OsvRecord[] = [];
  const vulnerable = new Map<string, OsvRecord>();
  for (let i = 0; i < count; i += 500) {
    const record: OsvRecord = {
      id: `GHSA-fake-${String(i).padStart(4, '0')}-xxxx`,
      modified: '2026-01-01T00:00:00Z',
      summary: `Prototype pollution in pkg-${i}`,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ package: { ecosystem: 'npm', name: `pkg-${i}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
    };
    records.push(record);
    vulnerable.set(`pkg-${i}`, record);
  }
  const fake: FakeWorld = {
    package: (system, name) => {
      const index = Number(name.slice('pkg-'.length));
      if (!name.startsWith('pkg-') || !Number.isInteger(index)) return undefined;
      const record = vulnerable.get(name);
      return {
        ...(system === 'npm' && index % 100 === 0 ? { licenses: ['Apache-2.0'] } : system === 'NPM' && index % 100 !== 0 ? { licenses: ['MIT'] } : {}),
        publishedAt: '2025-06-01T00:00:00Z',
        repository: `github.com/org-${Math.floor(index / 40)}/pkg`,
        ...(record ? { vulns: [record] } : {}),
      };
    },
    scorecard: (repository) => ({ overallScore: 6.5, checks: [{ name: 'Maintained', score: 8 }], date: '2026-01-01', repository }),
  };
  return { world: withRecords(fake, records), records };
}

function lockfileV1(count: number): string {
  const dependencies = Object.fromEntries(Array.from({ length: count }, (_, i) => [`pkg-${i}`, { version: '1.0.0', resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz` }]));
  return `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies }, null, 2)}\n`;
}

export async function runFacts(options: FactsOptions): Promise<Record<string, unknown>> {
  const { world: fake } = world(options.packages);
  const server = await startFakeSources(fake, { latencyMs: options.latencyMs });
  try {
    const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text: POLICY } });
    if (!loaded.ok) throw new Error(`facts policy did not load: ${JSON.stringify(loaded.errors)}`);
    const env = { OSPO_DEPSDEV_URL: server.url, OSPO_OSV_URL: server.url, OSPO_CLEARLYDEFINED_URL: server.url, OSPO_NPM_REGISTRY_URL: server.url, OSPO_PYPI_URL: server.url, OSPO_CRATES_URL: server.url };
    const sources = factSourcesFromEnv(env);
    const head = memorySnapshot('head', new Map([['package-lock.json', lockfileV1(options.packages)]]));
    const base = memorySnapshot('base', new Map());
    const cache = memoryCache();
    const once = async (label: string, shared: FactCache) => {
      options.log(`bench: facts ${label} (${options.packages} packages, ${options.latencyMs} ms per request)...`);
      const before = new Map(server.requests);
      const start = performance.now();
      const report = await evaluateChange({ base, head, policy: loaded.policy, today: '2026-01-15', sources, cache: shared });
      const ms = Math.round(performance.now() - start);
      const byRoute = Object.fromEntries([...server.requests].map(([route, count]) => [route, count - (before.get(route) ?? 0)]).filter(([, count]) => Number(count) > 0));
      const requests = Object.values(byRoute).reduce((sum: number, count) => sum + Number(count), 0);
      const rules = new Map<string, number>();
      for (const finding of report.findings) rules.set(finding.rule, (rules.get(finding.rule) ?? 0) + 1);
      return { ms, requests, byRoute, conclusion: report.conclusion, findings: Object.fromEntries(rules) };
    };
    const first = await once('first run', cache);
    const second = await once('second run, same cache', cache);
    const met = first.requests <= 6 && first.ms < 1000 && second.requests === 0;
    return { goal: 'first run <= 6 requests and < 1 s; second run 0 requests', packages: options.packages, latencyMs: options.latencyMs, first, second, met };
  } finally {
    await server.close();
  }
}
