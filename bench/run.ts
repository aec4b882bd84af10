/**
 * Benchmark (`npm run bench`): one JSON object on stdout, progress on stderr. Three sections:
 *
 *   ratio    (top-level `results`, `goal`... as always) the pipeline on the perf corpus's largest
 *            lockfiles next to a bare parse of the same text, in this process (ratio.ts).
 *   huge     every format the engine reads, generated at 5 and 20 MB, each case in a child
 *            process: peak RSS <= 300 MB and linear time (suites.ts).
 *   hostile  issue 12's small hostile inputs, each in a child: <= 1 s and <= 200 MB.
 *
 * Environment:
 *   BENCH_ITERATIONS, BENCH_WARMUP  ratio runs. BENCH_ITERATIONS=1 is the CI smoke run: the huge
 *                    suite then uses 0.25 and 1 MB files and the two large hostile inputs are left
 *                    out (BENCH_HUGE=1 keeps the full sizes).
 *   BENCH_SIZES_MB   huge sizes, comma-separated (default 5,20).
 *   BENCH_ONLY       sections to run, comma-separated (ratio,huge,hostile; default all).
 *   BENCH_CASES      only the case ids containing one of these comma-separated strings.
 *   BENCH_DIST       the dist folder the children load (default this build's): point it at an old
 *                    build (/tmp/before/dist) for before/after; the ratio section is then skipped.
 *   BENCH_TIMEOUT_S  per huge case (default 60; hostile cases have their own, 10 s for the small).
 *   BENCH_RSS_CAP_MB a child above this is killed and reported (default 4096).
 *   BENCH_RUNS       pipeline runs per huge case (default 1, a cold run as the CLI does).
 *   BENCH_SEED       generator seed (default 12). BENCH_CACHE: where generated files go.
 * Exits 0 whatever the goals say (it reports them); non-zero only if the benchmark itself breaks.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  const wants = (section: string) => (only.length === 0 ? section !== 'ratio' || !env.BENCH_DIST : only.includes(section));
  const sizes = list(env.BENCH_SIZES_MB).map(Number).filter((size) => size > 0);
  const options: SuiteOptions = {
    dist,
    sizesMb: sizes.length > 0 ? sizes : smoke ? [0.25, 1] : [5, 20],
    seed: Number(env.BENCH_SEED) || 12,
    timeoutMs: (Number(env.BENCH_TIMEOUT_S) || 60) * 1000,
    rssCapMb: Number(env.BENCH_RSS_CAP_MB) || 4096,
    runs: Number(env.BENCH_RUNS) || 1,
    filter: list(env.BENCH_CASES),
    smoke,
    log: (line) => process.stderr.write(`${line}\n`),
  };

  // Loaded only when run: it imports this tree's src/, which a BENCH_DIST run never needs.
  const ratio = wants('ratio')
    ? (await import('./ratio.js')).runRatio(resolve(root, '..', 'shared', 'corpus', 'perf'))
    : { results: { skipped: 'ratio section not run' } };
  // Measured before the suites: their generators would otherwise count here.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const huge = wants('huge') ? await runHuge(options) : { skipped: 'huge section not run' };
  const hostile = wants('hostile') ? await runHostile(options) : { skipped: 'hostile section not run' };
  const output = { node: process.version, ...ratio, peakRssMb, dist, smoke, huge, hostile };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
