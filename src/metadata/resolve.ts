/**
 * Fills in the licenses the manifests do not record, asking the sources in order, a few requests
 * at a time, through a cache shared across evaluations.
 *
 * A source whose host is out of reach (DNS, refused, timeout, rate limit) is asked no more for the
 * rest of the run (a circuit breaker): an unreachable deps.dev costs one timeout, not one per
 * package. Every package that could not be looked up is said to be so, with the reason, and each
 * failing source gives one finding, not one per package.
 */
import { LRUCache } from 'lru-cache';
import type { Dependency } from '../ecosystems/types.js';
import type { Finding } from '../findings.js';
import { isHostDown } from './http.js';
import type { LicenseSource } from './types.js';
import { plural } from '../words.js';

/** Answers by purl: a license text, or null when every source said it has none. */
export type LicenseCache = LRUCache<string, { license: string | null; source: string }>;

export function createLicenseCache(max = 50_000): LicenseCache {
  return new LRUCache({ max });
}

export interface Resolution {
  /** License found per purl, with the source that gave it. */
  licenses: Map<string, { license: string; source: string }>;
  /** Packages whose license was not checked, by purl, with why (`offline`, `deps.dev (…) unreachable`). */
  unchecked: Map<string, string>;
  /** One `metadata/unavailable` finding per source that failed. */
  findings: Finding[];
}

export interface ResolveOptions {
  cache?: LicenseCache;
  concurrency?: number;
  /** Called after each package is settled (the CLI shows progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

/** After this many server errors in a row a source is treated as down too. */
const SERVER_ERRORS_TO_TRIP = 5;
export const OFFLINE_REASON = 'offline';

interface SourceState {
  /** Why the source is no longer asked, once its host is down. */
  tripped?: string;
  serverErrorsInARow: number;
  lastReason?: string;
  /** Packages this source failed for or skipped. */
  missed: Set<string>;
}

export async function resolveLicenses(dependencies: readonly Dependency[], sources: readonly LicenseSource[], options: ResolveOptions = {}): Promise<Resolution> {
  const cache = options.cache ?? createLicenseCache();
  const resolution: Resolution = { licenses: new Map(), unchecked: new Map(), findings: [] };
  const wanted = new Map<string, Dependency>();
  for (const dependency of dependencies) {
    if (dependency.license === undefined && dependency.version !== undefined && !wanted.has(dependency.purl)) wanted.set(dependency.purl, dependency);
  }
  const queue = [...wanted.values()];
  if (sources.length === 0) {
    for (const dependency of queue) resolution.unchecked.set(dependency.purl, OFFLINE_REASON);
    return resolution;
  }
  const states = new Map(sources.map((source) => [source, { serverErrorsInARow: 0, missed: new Set<string>() } as SourceState]));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const dependency = queue[next++] as Dependency;
      await resolveOne(dependency, sources, states, cache, resolution);
      options.onProgress?.(++done, queue.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, worker));
  for (const [source, state] of states) {
    const finding = sourceFinding(source, state, resolution);
    if (finding) resolution.findings.push(finding);
  }
  return resolution;
}

/** Asks each source that supports the package, in order, until one knows its license. */
async function resolveOne(
  dependency: Dependency,
  sources: readonly LicenseSource[],
  states: Map<LicenseSource, SourceState>,
  cache: LicenseCache,
  resolution: Resolution,
): Promise<void> {
  const cached = cache.get(dependency.purl);
  if (cached) {
    if (cached.license !== null) resolution.licenses.set(dependency.purl, { license: cached.license, source: cached.source });
    return;
  }
  let notChecked: string | undefined;
  for (const source of sources) {
    if (!source.supports(dependency)) continue;
    const state = states.get(source) as SourceState;
    if (source.unavailable !== undefined || state.tripped !== undefined) {
      notChecked ??= source.unavailable ?? `${source.name} unreachable (${state.tripped})`;
      state.missed.add(dependency.purl);
      continue;
    }
    try {
      const license = await source.licenseOf(dependency);
      state.serverErrorsInARow = 0;
      if (license === null) continue;
      resolution.licenses.set(dependency.purl, { license, source: source.name });
      cache.set(dependency.purl, { license, source: source.name });
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      state.lastReason = reason;
      state.missed.add(dependency.purl);
      if (!isHostDown(error)) state.serverErrorsInARow++;
      if (isHostDown(error) || state.serverErrorsInARow >= SERVER_ERRORS_TO_TRIP) state.tripped ??= reason;
      notChecked ??= state.tripped !== undefined ? `${source.name} unreachable (${state.tripped})` : `${source.name} failed (${reason})`;
    }
  }
  // Only a clean "no license anywhere" is cached; a failure is asked again next time.
  if (notChecked !== undefined) resolution.unchecked.set(dependency.purl, notChecked);
  else cache.set(dependency.purl, { license: null, source: 'none' });
}

/** One finding per source that failed: incomplete work when some package was left unchecked by it. */
function sourceFinding(source: LicenseSource, state: SourceState, resolution: Resolution): Finding | undefined {
  if (source.unavailable !== undefined || state.missed.size === 0) return undefined;
  const missed = state.missed.size;
  const leftUnchecked = [...state.missed].filter((purl) => resolution.unchecked.has(purl)).length;
  const packages = plural(missed, 'package');
  const what = state.tripped !== undefined ? `${source.name} unreachable (${state.tripped}): ${packages} not looked up there` : `${source.name} failed for ${packages} (${state.lastReason ?? 'error'})`;
  const after = leftUnchecked === 0 ? '; other sources answered for them' : leftUnchecked === missed ? '' : `; ${leftUnchecked} of them left unchecked`;
  return {
    rule: 'metadata/unavailable',
    severity: leftUnchecked > 0 ? 'warning' : 'notice',
    message: `${what}${after}`,
    help: 'Re-run the check when the source is back, or point its variable at a mirror that is reachable from here.',
    ...(leftUnchecked > 0 ? { incomplete: true } : {}),
  };
}
