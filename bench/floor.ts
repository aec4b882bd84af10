/**
 * The floor part of the ratio section (issue 13): for every format the engine reads, our
 * extract -> merge -> diff(empty base) -> judge offline (ratio.ts's pipeline, through the projects of the
 * case's files as the CLI finds them) next to the fastest maintained parser of the same bytes
 * (floor-parsers.ts: every candidate is timed on the text and the fastest that reads it is the
 * floor). Measured on the generated file of the format (~5 MB; 1 MB in the CI smoke run,
 * BENCH_FLOOR_MB to change) and on the head side of its corpus pair, where there is one.
 * Goal: ratio <= 2. Reported, never failed on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectDependencies, diffCollected, findProjects } from '../src/evaluation/collect.js';

import { ecosystemById } from '../src/ecosystems/registry.js';
import type { Ecosystem, SourceFile } from '../src/ecosystems/types.js';
import { judge } from '../src/evaluation/judge.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/types.js';
import { FLOOR_CANDIDATES, type FloorCandidate } from './floor-parsers.js';
import { FORMATS, materialize, type Format } from './generate/index.js';
import { compare, timeAlone, type Timing } from './measure.js';
import { OFFLINE_FACTS } from './offline-facts.js';

export interface FloorOptions {
  /** ../shared/corpus */
  corpus: string;
  sizeMb: number;
  seed: number;
  iterations: number;
  warmup: number;
  /** Format ids to run (substring match); all when empty. */
  filter: string[];
  goalRatio: number;
  log: (line: string) => void;
}

/** The head side of the corpus pair of each format (the folder holds the lockfile and its manifests). */
const CORPUS_HEADS: Readonly<Record<string, string>> = {
  'npm-v1': 'npm/mochajs-mocha-lockv1/head',
  'npm-v3': 'npm/aws-aws-toolkit-vscode-lockv3/head',
  'pnpm-v6': 'pnpm/vitejs-vite-lockv6/head',
  'pnpm-v9': 'pnpm/vitejs-vite-lockv9/head',
  'yarn-classic': 'yarn/webpack-webpack-classic/head',
  'yarn-berry': 'yarn/prettier-prettier-berry/head',
  bun: 'bun/honojs-hono/head',
  'go-mod': 'go/cli-cli/head',
  composer: 'php/composer-composer/head',
  'gemfile-lock': 'ruby/rubygems-rubygems.org/head',
  'maven-pom': 'java/spring-projects-spring-petclinic/head',
  'gradle-lockfile': 'java/DataBiosphere-terra-workspace-manager/head',
  nuget: 'dotnet/Azure-bicep/head',
  'requirements-txt': 'python/sigstore-sigstore-python-requirements/head',
  poetry: 'python/python-poetry-poetry/head',
  pipenv: 'python/pypa-pipenv/head',
  uv: 'python/fastapi-fastapi-uv/head',
  cargo: 'rust/sharkdp-bat-lockv4/head',
};

interface FloorInput {
  source: string;
  /** What the pipeline reads: the measured file(s) and their companion manifests. */
  files: SourceFile[];
  /** The texts the floor parses: the measured file(s) alone. */
  measured: string[];
}

const TODAY = '2026-01-01';

/** Our side: the projects of `files`, each extracted and merged, every package judged as added. */
function pipeline(ecosystem: Ecosystem, files: readonly SourceFile[], policy: Policy): { packages: number; problems: number; findings: number } {
  const contents = new Map(files.map((file) => [file.path, file.content]));
  const collected = collectDependencies(findProjects([...contents.keys()], [ecosystem]), (path) => contents.get(path));
  const changes = diffCollected([], collected.dependencies);
  const judgement = judge({ changes, problems: collected.problems, policy, today: TODAY, facts: OFFLINE_FACTS });
  return { packages: collected.dependencies.length, problems: collected.problems.length, findings: judgement.findings.length };
}

const parseAll = (candidate: FloorCandidate, texts: readonly string[]) => texts.map((text) => candidate.parse(text));

/** A candidate slower than this many times the fastest so far is not run again. */
const CLEARLY_SLOWER = 3;

/** One timed run of `fn`, its error if it throws (a candidate that cannot read the text is no floor). */
function firstRun(fn: () => unknown): { ms: number } | { rejected: string } {
  const start = performance.now();
  try {
    fn();
  } catch (error) {
    return { rejected: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
  return { ms: Math.round((performance.now() - start) * 100) / 100 };
}

/**
 * Every candidate timed alone on the texts; the fastest that parses them all is the floor. The
 * first run also checks that the candidate reads the text; one clearly slower than the best so
 * far stops there (a yaml parse of 5 MB takes seconds and would never be the floor). With one
 * iteration (the CI smoke run, there to catch breakage) the first candidate that reads it is taken.
 */
function pickFloor(candidates: readonly FloorCandidate[], texts: readonly string[], options: FloorOptions) {
  const tried: Record<string, Timing | { firstRunMs: number; notRepeated: string } | { rejected: string } | { notRun: string }> = {};
  let best: { candidate: FloorCandidate; medianMs: number } | undefined;
  for (const candidate of candidates) {
    if (best && options.iterations <= 1) {
      tried[candidate.name] = { notRun: 'one iteration (smoke run): the first candidate that reads the file is the floor' };
      continue;
    }
    const first = firstRun(() => parseAll(candidate, texts));
    if ('rejected' in first) {
      tried[candidate.name] = first;
      continue;
    }
    if (best && first.ms > CLEARLY_SLOWER * best.medianMs) {
      tried[candidate.name] = { firstRunMs: first.ms, notRepeated: `over ${CLEARLY_SLOWER}x the fastest` };
      continue;
    }
    // A few runs are enough to rank parsers that differ by multiples.
    const timing = options.iterations > 1 ? timeAlone(() => parseAll(candidate, texts), Math.min(options.iterations, 5), Math.min(options.warmup, 1)) : single(first.ms);
    tried[candidate.name] = timing;
    if (!best || timing.medianMs < best.medianMs) best = { candidate, medianMs: timing.medianMs };
  }
  return { best, tried };
}

const single = (ms: number): Timing => ({ medianMs: ms, minMs: ms, samples: 1 });

function measure(format: Format, ecosystem: Ecosystem, input: FloorInput, policy: Policy, options: FloorOptions): Record<string, unknown> {
  const bytes = input.measured.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  options.log(`bench: floor ${format.id} ${input.source} (${(bytes / 1e6).toFixed(2)} MB)...`);
  const { best, tried } = pickFloor(FLOOR_CANDIDATES[format.id] ?? [], input.measured, options);
  const start = performance.now();
  const read = pipeline(ecosystem, input.files, policy);
  const firstMs = performance.now() - start;
  const base = { source: input.source, bytes, ...read, candidates: tried };
  if (!best) return { ...base, skipped: 'no floor candidate parses this file' };
  // One iteration (the CI smoke run): the first runs above are the samples, nothing runs twice.
  const floorFirst = tried[best.candidate.name];
  const timings =
    options.iterations <= 1 && floorFirst && 'medianMs' in floorFirst
      ? { a: single(Math.round(firstMs * 100) / 100), b: floorFirst }
      : compare(() => pipeline(ecosystem, input.files, policy), () => parseAll(best.candidate, input.measured), options.iterations, options.warmup);
  const ratio = Math.round((timings.a.medianMs / timings.b.medianMs) * 100) / 100;
  return { ...base, floor: best.candidate.name, pipeline: timings.a, floorTiming: timings.b, ratio, met: ratio <= options.goalRatio };
}

function generatedInput(format: Format, options: FloorOptions): FloorInput {
  const generated = materialize(format, Math.round(options.sizeMb * 1e6), options.seed);
  const counts = format.measures ?? ((path: string) => path === format.lockfile);
  const files = generated.files.map(({ path, file }) => ({ path, content: readFileSync(file, 'utf8') }));
  return { source: `generated ${options.sizeMb} MB`, files, measured: files.filter((file) => counts(file.path)).map((file) => file.content) };
}

function corpusInput(format: Format, ecosystem: Ecosystem, options: FloorOptions): FloorInput | string {
  const head = CORPUS_HEADS[format.id];
  if (!head) return 'no corpus file of this format';
  const dir = join(options.corpus, head);
  const names = readdirSync(dir).filter((name) => ecosystem.owns(name));
  const lockfile = format.lockfile.slice(format.lockfile.lastIndexOf('/') + 1);
  if (!names.includes(lockfile)) return `${head} holds no ${lockfile}`;
  const files = names.map((name) => ({ path: name, content: readFileSync(join(dir, name), 'utf8') }));
  return { source: `corpus ${head}/${lockfile}`, files, measured: files.filter((file) => file.path === lockfile).map((file) => file.content) };
}

export function runFloor(options: FloorOptions): Record<string, unknown> {
  // The permissive preset, as ratio.ts: every package judged, offline (OFFLINE_FACTS), as `check --offline` judges.
  const loaded = loadPolicy({});
  if (!loaded.ok) throw new Error(`permissive policy did not load: ${JSON.stringify(loaded.errors)}`);
  const formats: Record<string, unknown> = {};
  const met: string[] = [];
  const notMet: string[] = [];
  for (const format of FORMATS) {
    if (options.filter.length > 0 && !options.filter.some((part) => format.id.includes(part))) continue;
    const ecosystem = ecosystemById(format.ecosystem);
    if (!ecosystem) {
      formats[format.id] = { skipped: `${format.ecosystem} ecosystem not registered` };
      continue;
    }
    const generated = measure(format, ecosystem, generatedInput(format, options), loaded.policy, options);
    const corpusFiles = corpusInput(format, ecosystem, options);
    const corpus = typeof corpusFiles === 'string' ? { skipped: corpusFiles } : measure(format, ecosystem, corpusFiles, loaded.policy, options);
    const rows = [generated, corpus].filter((row) => row.met !== undefined);
    const allMet = rows.length > 0 && rows.every((row) => row.met === true);
    (allMet ? met : notMet).push(format.id);
    formats[format.id] = { ecosystem: format.ecosystem, generated, corpus, met: allMet };
  }
  return {
    goal: `our extract + merge + diff + judge median <= ${options.goalRatio}x the fastest parser of the same bytes, per format`,
    sizeMb: options.sizeMb,
    iterations: options.iterations,
    warmup: options.warmup,
    formats,
    met,
    notMet,
  };
}
