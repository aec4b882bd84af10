/**
 * The facts an evaluation needs that the files do not carry, gathered through the batch sources
 * in order (a kind one source can't answer for a package goes to the next source that provides
 * it; sources that share no kind are asked at the same time), through the cache shared across
 * evaluations. Every package whose fact could not be looked up is said to be so, with the reason,
 * and each failing source gives one finding, not one per package.
 */
import type { Dependency } from '../deps/model.js';
import type { Fact, FactKind, Facts, PackageFacts } from '../facts/types.js';
import type { Finding } from '../findings.js';
import { memoryCache, type FactCache } from './cache.js';
import { sourceFinding, type SourceFailures } from './source-findings.js';
import type { FactSource } from './types.js';

export const OFFLINE_REASON = 'offline';

/** A cached answer: the fact with its source, or null when every source said it has none. */
type Cached = Fact<unknown> | null;

export interface Gathered {
  facts: Facts;
  /** One `metadata/unavailable` finding per source that failed. */
  findings: Finding[];
}

export interface GatherOptions {
  cache?: FactCache;
  /** The kinds the policy judges (default: only licenses). */
  kinds?: ReadonlySet<FactKind>;
  /** Requests in flight at once per source (default 8). */
  concurrency?: number;
  /** Called after each package is settled (the CLI shows progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

const LICENSE_ONLY: ReadonlySet<FactKind> = new Set(['license']);

/** What one gathering run knows so far. */
class Run {
  readonly packages = new Map<string, PackageFacts>();
  /** Per kind, the packages still without an answer. */
  readonly open = new Map<FactKind, Map<string, Dependency>>();
  /** Per kind, why a package was not answered, by the first source that failed for it. */
  readonly notChecked = new Map<FactKind, Map<string, string>>();
  /** Per kind, what goes into the cache at the end. */
  readonly found = new Map<FactKind, Map<string, Cached>>();
  private readonly openKinds = new Map<string, number>();
  private settledPackages = 0;

  constructor(
    readonly kinds: readonly FactKind[],
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  want(kind: FactKind, dependency: Dependency): void {
    let open = this.open.get(kind);
    if (!open) this.open.set(kind, (open = new Map()));
    if (open.has(dependency.purl)) return;
    open.set(dependency.purl, dependency);
    this.openKinds.set(dependency.purl, (this.openKinds.get(dependency.purl) ?? 0) + 1);
  }

  get total(): number {
    return this.openKinds.size;
  }

  /** A kind of one package is answered (a fact, or a clean "none" at the end). */
  settle(kind: FactKind, purl: string, fact: Cached, cacheIt: boolean): void {
    const open = this.open.get(kind);
    if (!open?.delete(purl)) return;
    if (fact !== null) this.packages.set(purl, { ...this.packages.get(purl), [kind]: fact });
    if (cacheIt) mapOf(this.found, kind).set(purl, fact);
    const left = (this.openKinds.get(purl) ?? 1) - 1;
    this.openKinds.set(purl, left);
    if (left === 0) this.onProgress?.(++this.settledPackages, this.total);
  }

  failed(kind: FactKind, purl: string, reason: string): void {
    const reasons = mapOf(this.notChecked, kind);
    if (!reasons.has(purl)) reasons.set(purl, reason);
  }
}

function mapOf<V>(maps: Map<FactKind, Map<string, V>>, kind: FactKind): Map<string, V> {
  let found = maps.get(kind);
  if (!found) maps.set(kind, (found = new Map()));
  return found;
}

/** Whether a dependency needs a kind looked up: an exact version, and for licenses none in the file. */
function needs(kind: FactKind, dependency: Dependency): boolean {
  return dependency.version !== undefined && (kind !== 'license' || dependency.license === undefined);
}

export async function gatherFacts(dependencies: readonly Dependency[], sources: readonly FactSource[], options: GatherOptions = {}): Promise<Gathered> {
  const kinds = [...(options.kinds ?? LICENSE_ONLY)];
  // Offline with no cache to read: nothing is looked up, said once (a 365k-module go.mod would need a map).
  if (sources.length === 0 && !options.cache) return { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: OFFLINE_REASON }, findings: [] };
  const run = new Run(kinds, options.onProgress);
  for (const dependency of dependencies) for (const kind of kinds) if (needs(kind, dependency)) run.want(kind, dependency);
  const cache = options.cache ?? memoryCache();
  await readCache(run, cache);
  const failures = await askAll(sources, run, options.concurrency ?? 8, cache);
  if (sources.length === 0) for (const kind of kinds) for (const purl of run.open.get(kind)?.keys() ?? []) run.failed(kind, purl, OFFLINE_REASON);
  const unchecked = finish(run);
  await Promise.all([...run.found].map(([kind, entries]) => (entries.size > 0 ? cache.setMany(kind, entries) : undefined)));
  const facts: Facts = { packages: run.packages, unchecked: unchecked.get('license') ?? new Map(), ...uncheckedOthers(unchecked) };
  const reasonsByKind = [...unchecked.values()];
  const anyUnchecked = (purl: string) => reasonsByKind.some((reasons) => reasons.has(purl));
  return { facts, findings: failures.map((failure) => sourceFinding(failure, anyUnchecked)) };
}

async function readCache(run: Run, cache: FactCache): Promise<void> {
  await Promise.all(
    [...run.open].map(async ([kind, open]) => {
      if (open.size === 0) return;
      const cached = await cache.getMany<Cached>(kind, [...open.keys()]);
      for (const [purl, entry] of cached) if (isCached(entry)) run.settle(kind, purl, entry, false);
    }),
  );
}

/** A cache entry as gatherFacts writes it; anything else (another version's shape) is a miss. */
function isCached(entry: unknown): entry is Cached {
  return entry === null || (typeof entry === 'object' && 'value' in entry && typeof (entry as { source?: unknown }).source === 'string');
}

/**
 * Packages no source answered: unchecked when some source failed for them; else a clean "none"
 * (cached) — except vulnerabilities, where no answer is never "no vulnerabilities".
 */
function finish(run: Run): Map<FactKind, Map<string, string>> {
  const unchecked = new Map<FactKind, Map<string, string>>();
  for (const [kind, open] of run.open) {
    for (const purl of [...open.keys()]) {
      const reason = run.notChecked.get(kind)?.get(purl) ?? (kind === 'vulnerabilities' ? `no vulnerability source covers ${typeOf(purl)} packages` : undefined);
      if (reason !== undefined) {
        mapOf(unchecked, kind).set(purl, reason);
        run.settle(kind, purl, null, false);
      } else run.settle(kind, purl, null, true);
    }
  }
  return unchecked;
}

function typeOf(purl: string): string {
  const slash = purl.indexOf('/');
  return slash > 0 ? purl.slice(0, slash) : purl;
}

function uncheckedOthers(unchecked: Map<FactKind, Map<string, string>>): Pick<Facts, 'uncheckedByKind'> {
  const others = [...unchecked].filter(([kind, reasons]) => kind !== 'license' && reasons.size > 0);
  return others.length > 0 ? { uncheckedByKind: Object.fromEntries(others) } : {};
}

/**
 * Every source, each started once the earlier sources it shares a kind with have finished: those
 * decide what is still open for it, and the others never read or write its kinds, so the answers
 * are those of asking one after another (deps.dev and OSV at once; ClearlyDefined after deps.dev).
 * The failures come back in source order, whatever order the sources finished in.
 */
async function askAll(sources: readonly FactSource[], run: Run, concurrency: number, cache: FactCache): Promise<SourceFailures[]> {
  const asking: Promise<SourceFailures | undefined>[] = [];
  for (const source of sources) {
    const predecessors = asking.filter((_, earlier) => sharesKind(sources[earlier] as FactSource, source));
    asking.push(Promise.all(predecessors).then(() => ask(source, run, concurrency, cache)));
  }
  // Settled, not Promise.all: nothing of this run is still asking when gatherFacts returns or throws.
  const outcomes = await Promise.allSettled(asking);
  const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' && outcome.value ? [outcome.value] : []));
}

function sharesKind(earlier: FactSource, later: FactSource): boolean {
  return earlier.provides.some((kind) => later.provides.includes(kind));
}

/** One source over the packages still open for the kinds it provides. */
async function ask(source: FactSource, run: Run, concurrency: number, cache: FactCache): Promise<SourceFailures | undefined> {
  const kinds = source.provides.filter((kind) => (run.open.get(kind)?.size ?? 0) > 0);
  if (kinds.length === 0) return undefined;
  const asked = new Map<string, Dependency>();
  for (const kind of kinds) for (const [purl, dependency] of run.open.get(kind) ?? []) if (!asked.has(purl) && source.supports(dependency)) asked.set(purl, dependency);
  if (asked.size === 0) return undefined;
  if (source.unavailable !== undefined) {
    for (const purl of asked.keys()) for (const kind of kinds) run.failed(kind, purl, source.unavailable);
    return undefined;
  }
  const answers = await source.lookup([...asked.values()], {
    concurrency,
    kinds: new Set(kinds),
    cache,
    onAnswer: (purl, answer) => {
      if ('facts' in answer) for (const kind of kinds) if (answer.facts[kind] !== undefined) run.settle(kind, purl, answer.facts[kind] as Fact<unknown>, true);
    },
  });
  const missed: string[] = [];
  for (const [purl, answer] of answers.answers) {
    if ('failed' in answer) {
      missed.push(purl);
      for (const kind of kinds) if (run.open.get(kind)?.has(purl)) run.failed(kind, purl, answer.failed);
      continue;
    }
    for (const kind of kinds) {
      const fact = answer.facts[kind];
      if (fact !== undefined) run.settle(kind, purl, fact as Fact<unknown>, true);
      const notLookedUp = answer.uncheckedKinds?.[kind];
      if (notLookedUp !== undefined) run.failed(kind, purl, notLookedUp);
    }
  }
  if (missed.length === 0) return undefined;
  return { source, missed, ...(answers.down !== undefined ? { down: answers.down } : {}), ...(answers.lastFailure !== undefined ? { lastFailure: answers.lastFailure } : {}) };
}
