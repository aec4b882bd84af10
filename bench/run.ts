/**
 * Benchmark (`npm run bench`): one JSON object on stdout, progress on stderr. Four sections:
 *
 *   ratio    (top-level `results`, `goal`... as always) the pipeline on the perf corpus's largest
 *            lockfiles next to a bare parse of the same text, in this process (ratio.ts); and its
 *            `floor` part: every format the engine reads, on its generated ~5 MB file and its
 *            corpus file, next to the fastest maintained parser of the same bytes, ratio <= 2
 *            (floor.ts, the candidates in floor-parsers.ts).
 *   peer     our whole offline check of each npm/yarn/pnpm corpus pair next to Snyk's
 *            snyk-nodejs-lockfile-parser diffing the same two commits, ratio < 1 (peer.ts).
 *   huge     every format the engine reads, generated at 5 and 20 MB, each case in a child
 *            process: peak RSS <= 300 MB and linear time (suites.ts).
 *   hostile  issue 12's small hostile inputs, each in a child: <= 1 s and <= 200 MB.
 *   facts    2,000 new packages through the pipeline against a local fake of deps.dev, OSV and
 *            ClearlyDefined with 50 ms per request: requests and wall time, then a second run
 *            over the same cache (facts.ts). Goal: <= 6 requests, < 1 s; then 0 requests.
 *   app      the typical pull request through the real server, Probot's throttling on, against
 *            the fake GitHub with 100 ms per answer: GitHub calls, routes, webhook -> completed
 *            check run (median of 5, 1 run in the smoke run; app-latency.ts). Goal: <= 8 calls, <= 1.5 s.
 * `sectionsMs` gives each section's wall time (the CI smoke run has a budget).
 *
 * Environment:
 *   BENCH_ITERATIONS, BENCH_WARMUP  ratio and floor runs (default 15 and 3; peer: at most 7 and 1).
 *                    BENCH_ITERATIONS=1 is the CI smoke run: the floor then reads 1 MB generated
 *                    files, the huge suite 0.25 and 1 MB ones, and the two large hostile inputs
 *                    are left out (BENCH_HUGE=1 keeps the full sizes).
 *   BENCH_FLOOR_MB   the floor's generated size (default 5; 1 in the smoke run).
 *   BENCH_PEER_ITERATIONS  peer runs (default the smaller of BENCH_ITERATIONS and 7).
 *   BENCH_SIZES_MB   huge sizes, comma-separated (default 5,20).
 *   BENCH_ONLY       sections to run, comma-separated (ratio,peer,huge,hostile,facts,app; default all).
 *   BENCH_CASES      only the case ids (floor: format ids; peer: pairs) containing one of these
 *                    comma-separated strings.
 *   BENCH_DIST       the dist folder the children load (default this build's): point it at an old
 *                    build (/tmp/before/dist) for before/after; ratio and peer (this tree's src/
 *                    in this process) are then skipped.
 *   BENCH_TIMEOUT_S  per huge case (default 60; hostile cases have their own, 10 s for the small).
 *   BENCH_RSS_CAP_MB a child above this is killed and reported (default 4096).
 *   BENCH_RUNS       pipeline runs per huge case (default 1, a cold run as the CLI does).
 *   BENCH_STAGES     1: huge and hostile cases run collect, diff and judge one by one, each timed
 *                    with the RSS after it, instead of the pipeline entry (and old builds need it).
 *   BENCH_FACTS_PACKAGES  packages in the facts section (default 2000).
 *   BENCH_SEED       generator seed (default 12). BENCH_CACHE: where generated files go.
 * Exits 0 whatever the goals say (it reports them); non-zero only if the benchmark itself breaks.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runHostile, runHuge, type SuiteOptions } from './suites.js';

const env = process.env;
const list = (value: string | undefined): string[] => (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/bench/run.js -> dist is one level up, the repository root two.
  const ownDist = resolve(here, '..');
  const root = resolve(ownDist, '..');
  const dist = env.BENCH_DIST ? resolve(env.BENCH_DIST) : ownDist;
  if (!existsSync(resolve(dist, 'src', 'ecosystems', 'registry.js'))) throw new Error(`no build at ${dist} (src/ecosystems/registry.js missing)`);
  const smoke = Number(env.BENCH_ITERATIONS) === 1 && env.BENCH_HUGE !== '1';
  const only = list(env.BENCH_ONLY);
  const inProcess = (section: string) => section === 'ratio' || section === 'peer';
  const wants = (section: string) => (only.length === 0 ? !inProcess(section) || !env.BENCH_DIST : only.includes(section));
  const sizes = list(env.BENCH_SIZES_MB).map(Number).filter((size) => size > 0);
  const options: SuiteOptions = {
    dist,
    sizesMb: sizes.length > 0 ? sizes : smoke ? [0.25, 1] : [5, 20],
    seed: Number(env.BENCH_SEED) || 12,
    timeoutMs: (Number(env.BENCH_TIMEOUT_S) || 60) * 1000,
    rssCapMb: Number(env.BENCH_RSS_CAP_MB) || 4096,
    runs: Number(env.BENCH_RUNS) || 1,
    stages: env.BENCH_STAGES === '1',
    filter: list(env.BENCH_CASES),
    smoke,
    log: (line) => process.stderr.write(`${line}\n`),
  };

  const corpus = resolve(root, '..', 'shared', 'corpus');
  // Each section's wall time, so a slow section shows (the CI smoke run has a budget).
  const sectionsMs: Record<string, number> = {};
  const timed = async <T>(section: string, run: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await run();
    sectionsMs[section] = Math.round(performance.now() - start);
    return result;
  };
  // Loaded only when run: they import this tree's src/, which a BENCH_DIST run never needs.
  const ratioModule = wants('ratio') ? await import('./ratio.js') : undefined;
  const ratio = ratioModule ? await timed('ratio', () => ratioModule.runRatio(resolve(corpus, 'perf'))) : { results: { skipped: 'ratio section not run' } };
  // Measured before the floor and the suites: their generators would otherwise count here.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const floorMb = Number(env.BENCH_FLOOR_MB) || (smoke ? 1 : 5);
  const floor = ratioModule
    ? await timed('floor', async () => (await import('./floor.js')).runFloor({ corpus, sizeMb: floorMb, seed: options.seed, iterations: ratioModule.ITERATIONS, warmup: ratioModule.WARMUP, filter: options.filter, goalRatio: ratioModule.GOAL_RATIO, log: options.log }))
    : { skipped: 'ratio section not run' };
  const peer = wants('peer') ? await timed('peer', () => runPeerSection(corpus, root, options)) : { skipped: 'peer section not run' };
  const huge = wants('huge') ? await timed('huge', () => runHuge(options)) : { skipped: 'huge section not run' };
  const hostile = wants('hostile') ? await timed('hostile', () => runHostile(options)) : { skipped: 'hostile section not run' };
  const facts = wants('facts') && !env.BENCH_DIST ? await timed('facts', async () => (await import('./facts.js')).runFacts({ packages: Number(env.BENCH_FACTS_PACKAGES) || 2000, latencyMs: 50, log: options.log })) : { skipped: 'facts section not run' };
  const app = wants('app') && !env.BENCH_DIST ? await timed('app', async () => (await import('./app-latency.js')).runAppLatency({ runs: smoke ? 1 : 5, latencyMs: 100, log: options.log })) : { skipped: 'app section not run' };
  const output = { node: process.version, ...ratio, floor, peakRssMb, dist, smoke, sectionsMs, peer, huge, hostile, facts, app };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

async function runPeerSection(corpus: string, root: string, options: SuiteOptions): Promise<Record<string, unknown>> {
  const iterations = Number(env.BENCH_PEER_ITERATIONS) || Math.min(Number(env.BENCH_ITERATIONS) || 15, 7);
  const warmup = Math.min(env.BENCH_WARMUP !== undefined ? Number(env.BENCH_WARMUP) : 1, 1);
  const { runPeer } = await import('./peer.js');
  return runPeer({ corpus, policyFile: resolve(root, 'policies', 'strict.yml'), iterations, warmup, filter: options.filter, log: options.log });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
