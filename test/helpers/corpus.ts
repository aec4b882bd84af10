/**
 * The real lockfiles in ../shared/corpus (beside the repository, never copied into it).
 * Only *.corpus.test.ts suites use this; `npm run test:corpus` runs them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Change } from '../../src/deps/diff.js';
import { parsePurl } from '../../src/deps/purl.js';
import type { Dependency } from '../../src/ecosystems/types.js';
import type { ChangeRecord, Report } from '../../src/evaluation/report.js';
import { memorySnapshot, type Snapshot } from '../../src/evaluation/snapshot.js';
import type { Policy } from '../../src/policy/types.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/** Reads `<ecosystem>/<slug>/<side>/<file>` from the corpus. */
export function readCorpus(relativePath: string): string {
  return readFileSync(`${CORPUS_DIR}${relativePath}`, 'utf8');
}

/** Every regular file under `<corpus>/<relativeDir>`, keyed by its `/`-separated path inside it. */
export function readCorpusTree(relativeDir: string): Map<string, string> {
  const root = `${CORPUS_DIR}${relativeDir}/`;
  const files = new Map<string, string>();
  for (const path of (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).sort()) {
    if (statSync(`${root}${path}`).isFile()) files.set(path.split('\\').join('/'), readFileSync(`${root}${path}`, 'utf8'));
  }
  return files;
}

/** A fixed date: nothing in a corpus report may depend on the clock. */
export const CORPUS_TODAY = '2026-01-01';

// The pipeline and the policy loader are imported on first use: the suites that only read files
// (most of the format ones) need not load the pipeline's modules, presets and license tables.
async function permissivePreset(): Promise<Policy> {
  const { loadPolicy } = await import('../../src/policy/load.js');
  const loaded = loadPolicy({});
  if (!loaded.ok) throw new Error(`the permissive preset did not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.policy;
}

export interface PairOptions {
  /** Defaults to the permissive preset (what a repository without a policy file gets). */
  policy?: Policy;
  /**
   * Where some of the pair's files lie upstream (`{ 'main.txt': 'requirements/main.txt' }`), when
   * the corpus keeps them flat and their place decides which ecosystem owns them.
   */
  at?: Readonly<Record<string, string>>;
}

/** One side of a pair as a snapshot, the files `at` names moved to their upstream paths. */
function sideSnapshot(pair: string, side: 'base' | 'head', at: Readonly<Record<string, string>>): Snapshot {
  const files = new Map([...readCorpusTree(`${pair}/${side}`)].map(([path, text]) => [at[path] ?? path, text] as const));
  return memorySnapshot(side, files);
}

// Per test file (jest gives each file its own module registry): each pair is evaluated once
// under the default policy, however many suites of the file ask for it.
const evaluated = new Map<string, Promise<Report>>();

/**
 * The Report of the one pipeline (`evaluateChange`, as the CLI and the app call it) for the pair
 * `<ecosystem>/<slug>`: every file of its base/ and head/ as two in-memory snapshots, offline, on
 * a fixed date, under the permissive preset unless `policy` is given.
 */
export function evaluateCorpusPair(pair: string, options: PairOptions = {}): Promise<Report> {
  const at = options.at ?? {};
  const run = async () => {
    const { evaluateChange } = await import('../../src/evaluation/pipeline.js');
    return evaluateChange({
      base: sideSnapshot(pair, 'base', at),
      head: sideSnapshot(pair, 'head', at),
      policy: options.policy ?? (await permissivePreset()),
      today: CORPUS_TODAY,
      sources: [],
    });
  };
  if (options.policy) return run();
  const key = `${pair} ${JSON.stringify(at)}`;
  let report = evaluated.get(key);
  if (!report) evaluated.set(key, (report = run()));
  return report;
}

/** The labels of summarizeChanges, sorted, one list per kind. */
export interface ChangeSummary {
  added: string[];
  removed: string[];
  upgraded: string[];
  downgraded: string[];
}

/**
 * Change sets as `name@version` (added, removed) and `name@from->to` (upgraded, downgraded),
 * sorted, for comparing with sets derived independently from the files. `nameOf` picks the
 * name (default: the purl's, i.e. normalised as the ecosystem's purl type says).
 */
export function summarizeChanges(changes: readonly Change[], nameOf: (dependency: Dependency) => string = (d) => parsePurl(d.purl)?.name ?? d.name): ChangeSummary {
  const label = (dependency: Dependency) => `${nameOf(dependency)}@${dependency.version ?? dependency.requirement}`;
  const move = (change: Change) => `${label(change.previous as Dependency)}->${change.dependency.version ?? change.dependency.requirement}`;
  const of = (kind: Change['change']) => changes.filter((change) => change.change === kind);
  return {
    added: of('added').map((change) => label(change.dependency)).sort(),
    removed: of('removed').map((change) => label(change.dependency)).sort(),
    upgraded: of('upgraded').map(move).sort(),
    downgraded: of('downgraded').map(move).sort(),
  };
}

export interface RecordFilter {
  ecosystem?: string;
  manifest?: string;
}

/** The Report's change records of one ecosystem and/or manifest (all of them without a filter). */
export function recordsOf(records: readonly ChangeRecord[], filter: RecordFilter = {}): ChangeRecord[] {
  return records.filter((record) => (filter.ecosystem === undefined || record.ecosystem === filter.ecosystem) && (filter.manifest === undefined || record.manifest === filter.manifest));
}

/** The purl's name (normalised as the ecosystem's purl type says), as summarizeChanges names by default. */
const purlName = (record: ChangeRecord): string => parsePurl(record.purl)?.name ?? record.name;

/**
 * summarizeChanges's labels from the Report's change records (filtered as `recordsOf` does), so
 * the same expected lists hold for the pipeline. A record has no requirement for the base side of
 * an upgrade or downgrade: `from` is a version or absent, and an absent one is written `?`.
 */
export function summarizeRecords(records: readonly ChangeRecord[], filter: RecordFilter & { nameOf?: (record: ChangeRecord) => string } = {}): ChangeSummary {
  const nameOf = filter.nameOf ?? purlName;
  const selected = recordsOf(records, filter);
  const label = (record: ChangeRecord, version: string | undefined) => `${nameOf(record)}@${version ?? record.requirement}`;
  const move = (record: ChangeRecord) => `${nameOf(record)}@${record.from ?? record.previousRequirement ?? '?'}->${record.to ?? record.requirement}`;
  const of = (kind: ChangeRecord['change']) => selected.filter((record) => record.change === kind);
  return {
    added: of('added').map((record) => label(record, record.to)).sort(),
    removed: of('removed').map((record) => label(record, record.from)).sort(),
    upgraded: of('upgraded').map(move).sort(),
    downgraded: of('downgraded').map(move).sort(),
  };
}
