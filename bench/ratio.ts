/**
 * The ratio benchmark: how long our whole pipeline takes on the largest lockfiles of the perf
 * corpus (../shared/corpus/perf), next to the bare parse of the same text, in this process.
 *
 *   pipeline = ecosystem.extract -> mergeDuplicates -> diffDependencies(empty base, head) -> judge
 *              (permissive policy, today = 2026-01-01, offline facts as `check --offline`): every
 *              package is "added" and judged.
 *   baseline = JSON.parse (npm), js-yaml load (pnpm: the parser pnpm itself uses, and the fastest
 *              maintained one), parseSyml from @yarnpkg/parsers (yarn).
 *
 * Goal: the pipeline's median time is at most 2x the bare parse's median (ratio <= 2).
 * Progress goes to stderr. Run with `node --expose-gc` for steadier timings and the heap figure
 * (not required). run.ts puts its result under the output's top-level keys, as before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import { load as loadYaml } from 'js-yaml';
import { mergeDuplicates } from '../src/deps/merge.js';
import { diffCollected } from '../src/evaluation/collect.js';
import { ecosystemById } from '../src/ecosystems/registry.js';
import type { Ecosystem } from '../src/ecosystems/types.js';
import { judge, type Judgement } from '../src/evaluation/judge.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/types.js';
import { compare, gcExposed, heapDeltaMb } from './measure.js';
import { OFFLINE_FACTS } from './offline-facts.js';

export const GOAL_RATIO = 2;
// BENCH_ITERATIONS / BENCH_WARMUP shrink the run (CI smoke-runs it once to catch breakage).
export const ITERATIONS = Number(process.env.BENCH_ITERATIONS) || 15;
export const WARMUP = process.env.BENCH_WARMUP !== undefined ? Number(process.env.BENCH_WARMUP) : 3;
const TODAY = '2026-01-01';

interface Case {
  name: string;
  ecosystem: string;
  /** Relative to the perf corpus. */
  file: string;
  baseline: { name: string; parse: (text: string) => unknown };
}

const CASES: Case[] = [
  {
    name: 'npm',
    ecosystem: 'npm',
    file: 'open-telemetry-opentelemetry-js-contrib/package-lock.json',
    baseline: { name: 'JSON.parse', parse: (text) => JSON.parse(text) },
  },
  {
    name: 'pnpm',
    ecosystem: 'pnpm',
    file: 'TanStack-query/pnpm-lock.yaml',
    baseline: { name: 'js-yaml load', parse: (text) => loadYaml(text) },
  },
  {
    name: 'yarn',
    ecosystem: 'yarn',
    file: 'getsentry-sentry-javascript/yarn.lock',
    baseline: { name: 'parseSyml', parse: (text) => parseSyml(text) },
  },
];

interface PipelineResult {
  packages: number;
  extracted: number;
  changes: number;
  problems: number;
  judgement: Judgement;
}

function pipeline(ecosystem: Ecosystem, path: string, content: string, policy: Policy): PipelineResult {
  const extraction = ecosystem.extract([{ path, content }]);
  const head = mergeDuplicates(extraction.dependencies);
  const changes = diffCollected([], head);
  const judgement = judge({ changes, problems: extraction.problems, policy, today: TODAY, facts: OFFLINE_FACTS });
  return { packages: head.length, extracted: extraction.dependencies.length, changes: changes.length, problems: extraction.problems.length, judgement };
}

function runCase(corpus: string, benchCase: Case, policy: Policy): Record<string, unknown> {
  const ecosystem = ecosystemById(benchCase.ecosystem);
  if (!ecosystem) return { skipped: `${benchCase.ecosystem} ecosystem not registered` };
  const full = join(corpus, benchCase.file);
  if (!existsSync(full)) return { skipped: `missing ${benchCase.file}` };
  const content = readFileSync(full, 'utf8');
  const path = benchCase.file.slice(benchCase.file.lastIndexOf('/') + 1); // the lockfile at the repository root

  process.stderr.write(`bench: ${benchCase.name} (${(content.length / 1e6).toFixed(2)} MB)...\n`);
  const result = pipeline(ecosystem, path, content, policy);
  const timings = compare(
    () => pipeline(ecosystem, path, content, policy),
    () => benchCase.baseline.parse(content),
    ITERATIONS,
    WARMUP,
  );
  const ratio = Math.round((timings.a.medianMs / timings.b.medianMs) * 100) / 100;
  const heapMb = heapDeltaMb(() => pipeline(ecosystem, path, content, policy));
  return {
    file: benchCase.file,
    bytes: Buffer.byteLength(content),
    pipeline: timings.a,
    baseline: { parser: benchCase.baseline.name, ...timings.b },
    ratio,
    goal: GOAL_RATIO,
    met: ratio <= GOAL_RATIO,
    packages: result.packages,
    extractedEntries: result.extracted,
    changes: result.changes,
    extractionProblems: result.problems,
    findings: result.judgement.findings.length,
    conclusion: result.judgement.conclusion,
    ...(heapMb !== undefined ? { pipelineHeapRetainedMb: heapMb } : {}),
  };
}

/** The ratio section of the output: its keys are the ones `npm run bench` has always printed. */
export function runRatio(corpus: string): Record<string, unknown> {
  const header = { iterations: ITERATIONS, warmup: WARMUP, gcExposed: gcExposed(), goal: `pipeline median <= ${GOAL_RATIO}x bare parse median` };
  if (!existsSync(corpus)) return { ...header, results: { skipped: `perf corpus not found at ${corpus}` } };
  const loaded = loadPolicy({});
  if (!loaded.ok) throw new Error(`permissive policy did not load: ${JSON.stringify(loaded.errors)}`);
  const results: Record<string, unknown> = {};
  for (const benchCase of CASES) results[benchCase.name] = runCase(corpus, benchCase, loaded.policy);
  return { ...header, results };
}
