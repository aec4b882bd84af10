/**
 * The facts an evaluation needs that the files do not carry, gathered through the batch sources
 * in order (a package one source can't answer for goes to the next), through the cache shared
 * across evaluations. Every package that could not be looked up is said to be so, with the
 * reason, and each failing source gives one finding, not one per package.
 */
import type { Dependency } from '../deps/model.js';
import type { FactKind, Facts, PackageFacts } from '../facts/types.js';
import type { Finding } from '../findings.js';
import { plural } from '../words.js';
import { memoryCache, type FactCache } from './cache.js';
import type { FactSource } from './types.js';

export const OFFLINE_REASON = 'offline';

const LICENSE_ONLY: ReadonlySet<FactKind> = new Set(['license']);

/** A cached license answer: the license with its source, or null when every source said it has none. */
interface CachedLicense {
  license: string | null;
  source: string;
}

export interface Gathered {
  facts: Facts;
  /** One `metadata/unavailable` finding per source that failed. */
  findings: Finding[];
}

export interface GatherOptions {
  cache?: FactCache;
  /** Requests in flight at once per source (default 8). */
  concurrency?: number;
  /** Called after each package is settled (the CLI shows progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

/** What one gathering run knows so far. */
interface Run {
  packages: Map<string, PackageFacts>;
  unchecked: Map<string, string>;
  /** Why a package was not answered, by the first source that failed for it. */
  notChecked: Map<string, string>;
  settled: Set<string>;
  total: number;
  onProgress?: (done: number, total: number) => void;
}

export async function gatherFacts(dependencies: readonly Dependency[], sources: readonly FactSource[], options: GatherOptions = {}): Promise<Gathered> {
  if (sources.length === 0) return { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: OFFLINE_REASON }, findings: [] };
  const wanted = new Map<string, Dependency>();
  for (const dependency of dependencies) {
    if (dependency.license === undefined && dependency.version !== undefined && !wanted.has(dependency.purl)) wanted.set(dependency.purl, dependency);
  }
  const run: Run = { packages: new Map(), unchecked: new Map(), notChecked: new Map(), settled: new Set(), total: wanted.size, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const cache = options.cache ?? memoryCache();
  const cached = await cache.getMany<CachedLicense>('license', [...wanted.keys()]);
  for (const [purl, entry] of cached) {
    if (entry.license !== null) run.packages.set(purl, { license: { value: entry.license, source: entry.source } });
    settle(run, purl);
  }
  let open = [...wanted.values()].filter((dependency) => !run.settled.has(dependency.purl));
  const failures: SourceFailures[] = [];
  const found = new Map<string, CachedLicense>();
  for (const source of sources) {
    const asked = open.filter((dependency) => source.supports(dependency));
    if (asked.length === 0) continue;
    const answered = await ask(source, asked, run, options.concurrency ?? 8);
    for (const [purl, fact] of answered.licenses) found.set(purl, fact);
    if (answered.failures) failures.push(answered.failures);
    open = open.filter((dependency) => !run.settled.has(dependency.purl));
  }
  // Only a clean "no license anywhere" is cached; a failure is asked again next time.
  const none = new Map<string, CachedLicense>();
  for (const { purl } of open) {
    const reason = run.notChecked.get(purl);
    if (reason !== undefined) run.unchecked.set(purl, reason);
    else none.set(purl, { license: null, source: 'none' });
    settle(run, purl);
  }
  await cache.setMany('license', new Map([...found, ...none]));
  return { facts: { packages: run.packages, unchecked: run.unchecked }, findings: failures.map((failure) => sourceFinding(failure, run.unchecked)) };
}

function settle(run: Run, purl: string): void {
  if (run.settled.has(purl)) return;
  run.settled.add(purl);
  run.onProgress?.(run.settled.size, run.total);
}

/** The packages a source failed for (or skipped once down), and why. */
interface SourceFailures {
  source: FactSource;
  missed: string[];
  down?: string;
  lastFailure?: string;
}

/** One source over the packages still open: licenses found settle them; failures are remembered for the "not checked" reason. */
async function ask(source: FactSource, asked: readonly Dependency[], run: Run, concurrency: number): Promise<{ licenses: Map<string, CachedLicense>; failures?: SourceFailures }> {
  const licenses = new Map<string, CachedLicense>();
  if (source.unavailable !== undefined) {
    for (const { purl } of asked) if (!run.notChecked.has(purl)) run.notChecked.set(purl, source.unavailable);
    return { licenses };
  }
  const answers = await source.lookup(asked, {
    concurrency,
    kinds: LICENSE_ONLY,
    onAnswer: (purl, answer) => {
      if ('facts' in answer && answer.facts.license) settle(run, purl);
    },
  });
  const missed: string[] = [];
  for (const [purl, answer] of answers.answers) {
    if ('failed' in answer) {
      missed.push(purl);
      if (!run.notChecked.has(purl)) run.notChecked.set(purl, answer.failed);
      continue;
    }
    const license = answer.facts.license;
    if (!license) continue;
    run.packages.set(purl, { ...run.packages.get(purl), license });
    licenses.set(purl, { license: license.value, source: license.source });
    settle(run, purl);
  }
  if (missed.length === 0) return { licenses };
  return { licenses, failures: { source, missed, ...(answers.down !== undefined ? { down: answers.down } : {}), ...(answers.lastFailure !== undefined ? { lastFailure: answers.lastFailure } : {}) } };
}

/** One finding per source that failed: incomplete work when some package was left unchecked by it. */
function sourceFinding(failure: SourceFailures, unchecked: ReadonlyMap<string, string>): Finding {
  const missed = failure.missed.length;
  const leftUnchecked = failure.missed.filter((purl) => unchecked.has(purl)).length;
  const packages = plural(missed, 'package');
  const { name } = failure.source;
  const what = failure.down !== undefined ? `${name} unreachable (${failure.down}): ${packages} not looked up there` : `${name} failed for ${packages} (${failure.lastFailure ?? 'error'})`;
  const after = leftUnchecked === 0 ? '; other sources answered for them' : leftUnchecked === missed ? '' : `; ${leftUnchecked} of them left unchecked`;
  return {
    rule: 'metadata/unavailable',
    severity: leftUnchecked > 0 ? 'warning' : 'notice',
    message: `${what}${after}`,
    help: 'Re-run the check when the source is back, or point its variable at a mirror that is reachable from here.',
    ...(leftUnchecked > 0 ? { incomplete: true } : {}),
  };
}
