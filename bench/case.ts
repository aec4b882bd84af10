/**
 * One measured case, in a child process of its own (so its peak RSS is its own): reads the case's
 * files and runs the one pipeline entry the CLI and the app call (evaluateChange over an empty
 * base and the files as head, offline, the permissive preset), with the modules of the build at
 * `spec.dist`, and prints one JSON line. With `stages` it runs the steps one by one instead
 * (collect -> diff -> judge, each timed with the RSS after it) to say where a heavy case spends;
 * that is also the way to measure an old build without pipeline.js. Started by child.ts; not
 * meant to be run by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface PipelineSpec {
  /** A dist folder holding src/ (this build's, or /tmp/before/dist). */
  dist: string;
  ecosystem: string;
  files: { path: string; file: string }[];
  /** A policy file loaded as the org layer; the permissive preset without it. */
  policy?: { path: string; file: string };
  /** Pipeline runs in this process (the first is cold; later ones stop once one run passes 10 s). */
  runs: number;
  /** Run the steps one by one, timing each (BENCH_STAGES=1), instead of the pipeline entry. */
  stages?: boolean;
}

export interface CaseOutput {
  ok: boolean;
  /** The first (cold) run, ms. */
  ms?: number;
  /** The fastest run, ms. */
  minMs?: number;
  runs?: number;
  readMs?: number;
  maxRssMb: number;
  packages?: number;
  problems?: number;
  /** The first few problems, as the user would read them. */
  problemSamples?: string[];
  findings?: number;
  conclusion?: string;
  /** Time of each stage of the last run, and the RSS right after it (not the peak). */
  stages?: Record<'collect' | 'diff' | 'judge', { ms: number; rssMb: number }>;
  /** What was thrown out of the pipeline (a crash the CLI would turn into a failure). */
  threw?: string;
  error?: string;
}

const TODAY = '2026-01-01';

// The build's modules are loaded at run time from `dist`, so their types are this tree's: an old
// build has the same module layout and the same entry points (checked on /tmp/before).
type Registry = typeof import('../src/ecosystems/registry.js');
type Collect = typeof import('../src/evaluation/collect.js');
type Diff = typeof import('../src/deps/diff.js');
type Judge = typeof import('../src/evaluation/judge.js');
type Load = typeof import('../src/policy/load.js');
type Pipeline = typeof import('../src/evaluation/pipeline.js');
type Snapshots = typeof import('../src/evaluation/snapshot.js');

async function load<T>(dist: string, module: string): Promise<T> {
  return (await import(pathToFileURL(join(dist, 'src', module)).href)) as T;
}

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const clip = (text: string): string => (text.length > 240 ? `${text.slice(0, 240)}…` : text);

async function runPipeline(spec: PipelineSpec): Promise<CaseOutput> {
  const [registry, collect, diff, judgeModule, policyLoad] = await Promise.all([
    load<Registry>(spec.dist, 'ecosystems/registry.js'),
    load<Collect>(spec.dist, 'evaluation/collect.js'),
    load<Diff>(spec.dist, 'deps/diff.js'),
    load<Judge>(spec.dist, 'evaluation/judge.js'),
    load<Load>(spec.dist, 'policy/load.js'),
  ]);
  const ecosystem = registry.ecosystemById(spec.ecosystem);
  if (!ecosystem) return { ok: false, error: `no ${spec.ecosystem} ecosystem in ${spec.dist}`, maxRssMb: rssMb() };
  const unowned = spec.files.filter((file) => !ecosystem.owns(file.path));
  if (unowned.length > 0) return { ok: false, error: `${spec.ecosystem} does not read ${unowned.map((file) => file.path).join(', ')}`, maxRssMb: rssMb() };
  const policyText = spec.policy ? { path: spec.policy.path, text: readFileSync(spec.policy.file, 'utf8') } : undefined;
  const loaded = policyLoad.loadPolicy(policyText ? { org: policyText } : {});
  if (!loaded.ok) return { ok: false, error: `policy did not load: ${loaded.errors.map((error) => error.message).join('; ')}`, maxRssMb: rssMb() };

  const readStart = performance.now();
  const files = spec.files.map((file) => ({ path: file.path, content: readFileSync(file.file, 'utf8') }));
  const readMs = performance.now() - readStart;

  const modules = { collect, diff, judge: judgeModule };
  const entry = spec.stages ? undefined : { pipeline: await load<Pipeline>(spec.dist, 'evaluation/pipeline.js'), snapshots: await load<Snapshots>(spec.dist, 'evaluation/snapshot.js') };
  const times: number[] = [];
  let last: CaseOutput = { ok: true, maxRssMb: 0 };
  for (let run = 0; run < Math.max(1, spec.runs); run++) {
    const start = performance.now();
    last = entry ? await entryOnce(entry.pipeline, entry.snapshots, files, loaded.policy) : stagesOnce(modules, ecosystem, files, loaded.policy);
    times.push(performance.now() - start);
    if (last.threw !== undefined || (times[times.length - 1] as number) > 10_000) break;
  }
  // `times` holds at most `spec.runs` entries: spreading it is safe.
  return { ...last, ms: round(times[0] as number), minMs: round(Math.min(...times)), runs: times.length, readMs: round(readMs), maxRssMb: rssMb() };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const rssNowMb = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);

type Modules = { collect: Collect; diff: Diff; judge: Judge };
type Ecosystem = NonNullable<ReturnType<Registry['ecosystemById']>>;
type Policy = Extract<ReturnType<Load['loadPolicy']>, { ok: true }>['policy'];

/**
 * One run, as the CLI does it offline: projects from the paths, each extracted and merged (a
 * reader that throws becomes a problem there), then every dependency judged as added. Each stage's
 * time and the RSS after it say where a slow or heavy case spends.
 */
function stagesOnce(modules: Modules, ecosystem: Ecosystem, files: { path: string; content: string }[], policy: Policy): CaseOutput {
  const mark = (from: number) => ({ ms: round(performance.now() - from), rssMb: rssNowMb() });
  try {
    const contents = new Map(files.map((file) => [file.path, file.content]));
    let from = performance.now();
    const collected = modules.collect.collectDependencies(modules.collect.findProjects([...contents.keys()], [ecosystem]), (path) => contents.get(path));
    const collect = mark(from);
    from = performance.now();
    const changes = modules.diff.diffDependencies([], collected.dependencies);
    const diff = mark(from);
    from = performance.now();
    // As the CLI offline: a license the file does not record was not looked up (one grouped
    // license/unchecked finding, not one finding per package). This build reads `facts`; older
    // builds (BENCH_DIST) read the same map as `unchecked` and ignore `facts`.
    const unchecked = new Map<string, string>();
    for (const dependency of collected.dependencies) if (dependency.license === undefined) unchecked.set(dependency.purl, 'offline');
    const input = { changes, problems: collected.problems, policy, today: TODAY, facts: { packages: new Map(), unchecked }, unchecked };
    const judgement = modules.judge.judge(input);
    const judge = mark(from);
    return {
      ok: true,
      packages: collected.dependencies.length,
      problems: collected.problems.length,
      problemSamples: collected.problems.slice(0, 3).map((problem) => clip(`${problem.path}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`)),
      findings: judgement.findings.length,
      conclusion: judgement.conclusion,
      stages: { collect, diff, judge },
      maxRssMb: 0,
    };
  } catch (error) {
    return { ok: true, threw: clip(error instanceof Error ? `${error.name}: ${error.message}` : String(error)), maxRssMb: 0 };
  }
}

const MANIFEST_RULES = new Set(['manifest/unparsable', 'manifest/invalid-entry']);

/** One run of the pipeline entry, as `check --base empty --offline` does it after reading the files. */
async function entryOnce(pipeline: Pipeline, snapshots: Snapshots, files: { path: string; content: string }[], policy: Policy): Promise<CaseOutput> {
  try {
    const head = snapshots.memorySnapshot('head', new Map(files.map((file) => [file.path, file.content])));
    const report = await pipeline.evaluateChange({ base: snapshots.memorySnapshot('base', new Map()), head, policy, today: TODAY, sources: [] });
    const problems = report.findings.filter((finding) => MANIFEST_RULES.has(finding.rule));
    return {
      ok: true,
      packages: report.manifests.reduce((sum, manifest) => sum + manifest.packages, 0),
      problems: problems.length,
      problemSamples: problems.slice(0, 3).map((finding) => clip(`${finding.path ?? ''}${finding.line !== undefined ? `:${finding.line}` : ''}: ${finding.message}`)),
      findings: report.findings.length,
      conclusion: report.conclusion,
      maxRssMb: 0,
    };
  } catch (error) {
    return { ok: true, threw: clip(error instanceof Error ? `${error.name}: ${error.message}` : String(error)), maxRssMb: 0 };
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as PipelineSpec;
  let output: CaseOutput;
  try {
    output = await runPipeline(spec);
  } catch (error) {
    output = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), maxRssMb: rssMb() };
  }
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

void main();
