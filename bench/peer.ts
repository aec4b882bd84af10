/**
 * The peer section (issue 13): our whole offline check of a real change next to Snyk's parser
 * diffing the same two commits, on the npm, yarn and pnpm corpus pairs (../shared/corpus/
 * {npm,yarn,pnpm}/<pair>/{base,head}).
 *
 *   ours = evaluateChange() (src/evaluation/pipeline.ts) over both sides, no fact sources (offline) and the
 *          strict preset, as `check --offline --policy policies/strict.yml` runs once the files
 *          are read: both sides collected, diffed, judged, the report shaped.
 *   snyk = snyk-nodejs-lockfile-parser's entry for the lockfile version on base and on head
 *          (peer-snyk.ts), then the set difference of their (name, version) pairs.
 *
 * Runs are interleaved (measure.ts compareAsync); goal: ours/snyk median ratio < 1. Snyk's
 * single-project entries keep the packages reachable from the root package.json, ours every
 * package of the lockfile (workspaces too): ours.headPackages next to snyk.headPairs shows the
 * difference. A lockfile Snyk cannot read is reported, with its error, never left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateChange } from '../src/evaluation/pipeline.js';
import { memorySnapshot } from '../src/evaluation/snapshot.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/types.js';
import { compareAsync, type Timing } from './measure.js';
import { snykChange } from './peer-snyk.js';

export interface PeerOptions {
  /** ../shared/corpus */
  corpus: string;
  /** policies/strict.yml */
  policyFile: string;
  iterations: number;
  warmup: number;
  filter: string[];
  log: (line: string) => void;
}

const ECOSYSTEMS = ['npm', 'yarn', 'pnpm'];
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];
const TODAY = '2026-06-01';

type Side = Map<string, string>;

function readSide(dir: string): Side {
  return new Map(readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, readFileSync(join(dir, entry.name), 'utf8')]));
}

/** Our whole offline check of the two sides: the one pipeline entry the CLI and the app call. */
function ours(base: Side, head: Side, policy: Policy) {
  return () =>
    evaluateChange({ base: memorySnapshot('base', base), head: memorySnapshot('head', head), policy, today: TODAY, sources: [] });
}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error));

const single = (ms: number): Timing => ({ medianMs: ms, minMs: ms, samples: 1 });

async function timedRun<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: Math.round((performance.now() - start) * 100) / 100 };
}

async function runPair(pair: string, dir: string, policy: Policy, options: PeerOptions): Promise<Record<string, unknown>> {
  const base = readSide(join(dir, 'base'));
  const head = readSide(join(dir, 'head'));
  const lockfile = LOCKFILES.find((name) => head.has(name) && base.has(name));
  const baseManifest = base.get('package.json');
  const headManifest = head.get('package.json');
  if (!lockfile || baseManifest === undefined || headManifest === undefined) return { skipped: 'no package.json + lockfile on both sides' };
  options.log(`bench: peer ${pair}...`);
  const runOurs = ours(base, head, policy);
  const sides = { base: { manifest: baseManifest, lock: base.get(lockfile) ?? '' }, head: { manifest: headManifest, lock: head.get(lockfile) ?? '' } };
  const runSnyk = () => snykChange(lockfile, sides.base, sides.head);
  // A first run of each, cold as the CLI runs: it also tells whether Snyk reads the lockfile.
  const oursFirst = await timedRun(runOurs);
  const report = oursFirst.result;
  const headPackages = report.manifests.reduce((sum, manifest) => sum + manifest.packages, 0);
  const oursSummary = { changes: report.changes.length, findings: report.findings.length, conclusion: report.conclusion, headPackages };
  let snykFirst;
  try {
    snykFirst = await timedRun(runSnyk);
  } catch (error) {
    return { lockfile, ours: { ...oursSummary, firstRunMs: oursFirst.ms }, snyk: { skipped: `snyk-nodejs-lockfile-parser could not read it: ${errorText(error)}` } };
  }
  const change = snykFirst.result;
  const snykSummary = { lockfileVersion: change.after.version, entry: change.after.entry, basePairs: change.before.pairs.size, headPairs: change.after.pairs.size, added: change.added, removed: change.removed };
  // One iteration (the CI smoke run): those first runs are the samples. Else they were the first warm-up round.
  const timings =
    options.iterations <= 1
      ? { a: single(oursFirst.ms), b: single(snykFirst.ms) }
      : await compareAsync(runOurs, runSnyk, options.iterations, Math.max(0, options.warmup - 1));
  const ratio = Math.round((timings.a.medianMs / timings.b.medianMs) * 100) / 100;
  return {
    lockfile,
    bytes: { base: Buffer.byteLength(sides.base.lock), head: Buffer.byteLength(sides.head.lock) },
    ours: { ...oursSummary, ...timings.a },
    snyk: { ...snykSummary, ...timings.b },
    ratio,
    met: ratio < 1,
  };
}

export async function runPeer(options: PeerOptions): Promise<Record<string, unknown>> {
  const loaded = loadPolicy({ repo: { path: 'policies/strict.yml', text: readFileSync(options.policyFile, 'utf8') } });
  if (!loaded.ok) throw new Error(`strict policy did not load: ${JSON.stringify(loaded.errors)}`);
  const pairs: Record<string, unknown> = {};
  const met: string[] = [];
  const notMet: string[] = [];
  for (const ecosystem of ECOSYSTEMS) {
    const root = join(options.corpus, ecosystem);
    if (!existsSync(root)) continue;
    for (const slug of readdirSync(root).sort()) {
      const pair = `${ecosystem}/${slug}`;
      const dir = join(root, slug);
      if (!existsSync(join(dir, 'base')) || !existsSync(join(dir, 'head'))) continue;
      if (options.filter.length > 0 && !options.filter.some((part) => pair.includes(part))) continue;
      const result = await runPair(pair, dir, loaded.policy, options);
      pairs[pair] = result;
      if (result.met !== undefined) (result.met === true ? met : notMet).push(pair);
    }
  }
  return {
    goal: 'our whole offline check (evaluateChange, strict preset) median < snyk-nodejs-lockfile-parser parsing both sides + their (name, version) set difference (ratio < 1)',
    peer: `snyk-nodejs-lockfile-parser ${snykVersion()}`,
    scope: 'snyk: packages reachable from the root package.json (its single-project entries); ours: every package the lockfile records, workspaces included',
    iterations: options.iterations,
    warmup: options.warmup,
    pairs,
    met,
    notMet,
  };
}

function snykVersion(): string {
  const url = new URL(import.meta.resolve('snyk-nodejs-lockfile-parser/package.json'));
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
