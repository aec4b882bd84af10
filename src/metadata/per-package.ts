/**
 * A fact source over an API that answers one package per request (the npm registry, deps.dev's
 * GetVersion, GitHub's repository license), behind the batch port: a few requests at a time, and
 * a circuit breaker. A host out of reach (DNS, refused, timeout, rate limit), or one that fails
 * SERVER_ERRORS_TO_TRIP times in a row, is asked no more in this lookup: an unreachable deps.dev
 * costs one timeout, not one per package. A host that asks for a request rate gets a pacer.
 */
import type { Dependency } from '../deps/model.js';
import { parsePurl } from '../deps/purl.js';
import type { PackageFacts } from '../facts/types.js';
import { isHostDown } from './http.js';
import { licenseFacts } from './license-facts.js';
import type { Answer, FactSource, LookupOptions, SourceAnswers } from './types.js';

/** After this many server errors in a row a source is treated as down too. */
const SERVER_ERRORS_TO_TRIP = 5;

export interface PerPackageApi {
  name: string;
  unavailable?: string;
  supports(dependency: Dependency): boolean;
  /** The facts of one package (`{}` when the source has it but records nothing); throws a SourceError when it could not be asked. */
  fetch(dependency: Dependency): Promise<PackageFacts>;
}

/** Spaces the starts of requests at least `minIntervalMs` apart, for every lookup that shares it. */
export interface RequestPacer {
  readonly minIntervalMs: number;
  /** Resolves when the caller may start its request. */
  turn(): Promise<void>;
}

/** On the monotonic clock (performance.now), which a change of the wall clock does not move; the tests fake its timers. */
export function requestPacer(minIntervalMs: number): RequestPacer {
  let nextStart = -Infinity;
  return {
    minIntervalMs,
    turn: async () => {
      // The slot is taken before waiting, so callers waiting at once get slots one interval apart.
      const now = performance.now();
      const start = Math.max(now, nextStart);
      nextStart = start + minIntervalMs;
      if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
    },
  };
}

export interface PerPackageOptions {
  /** Set for a host that asks for a request rate (crates.io: 1 per second); default: no spacing. */
  pacer?: RequestPacer;
}

export function perPackageSource(api: PerPackageApi, options: PerPackageOptions = {}): FactSource {
  return {
    name: api.name,
    provides: ['license'],
    ...(api.unavailable !== undefined ? { unavailable: api.unavailable } : {}),
    supports: (dependency) => api.supports(dependency),
    lookup: (dependencies, lookupOptions) => lookupEach(api, dependencies, lookupOptions, options.pacer),
  };
}

async function lookupEach(api: PerPackageApi, dependencies: readonly Dependency[], options: LookupOptions, pacer?: RequestPacer): Promise<SourceAnswers> {
  const result: SourceAnswers = { answers: new Map() };
  let serverErrorsInARow = 0;
  let next = 0;
  const settle = (purl: string, answer: Answer) => {
    result.answers.set(purl, answer);
    options.onAnswer?.(purl, answer);
  };
  const ask = async (dependency: Dependency): Promise<void> => {
    const unreachable = () => settle(dependency.purl, { failed: `${api.name} unreachable (${result.down})` });
    if (result.down !== undefined) return unreachable();
    if (pacer) {
      await pacer.turn();
      // The host may have gone out of reach while this request waited for its turn.
      if (result.down !== undefined) return unreachable();
    }
    try {
      const facts = await api.fetch(dependency);
      serverErrorsInARow = 0;
      settle(dependency.purl, { facts });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.lastFailure = reason;
      if (!isHostDown(error)) serverErrorsInARow++;
      if (isHostDown(error) || serverErrorsInARow >= SERVER_ERRORS_TO_TRIP) result.down ??= reason;
      settle(dependency.purl, { failed: result.down !== undefined ? `${api.name} unreachable (${result.down})` : `${api.name} failed (${reason})` });
    }
  };
  const worker = async (): Promise<void> => {
    while (next < dependencies.length) await ask(dependencies[next++] as Dependency);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, dependencies.length) }, worker));
  return result;
}

/** A purl's parts with its version, as a registry asks for one package version. */
export interface VersionedPurl {
  namespace?: string;
  name: string;
  version: string;
}

/**
 * A package registry that answers one version's license per request (npm, PyPI, crates.io): it
 * covers the purls of `purlType` with a version; `readLicense` asks `base` (no trailing slash) for
 * one and gives the license, null when the registry records none.
 */
export function registryLicenseApi(
  label: string,
  purlType: string,
  baseUrl: string,
  readLicense: (base: string, purl: VersionedPurl) => Promise<string | null>,
): PerPackageApi {
  const base = baseUrl.replace(/\/+$/, '');
  const name = `${label} (${base})`;
  const prefix = `pkg:${purlType}/`;
  return {
    name,
    supports: (dependency) => dependency.version !== undefined && dependency.purl.startsWith(prefix),
    fetch: async (dependency) => {
      const parts = parsePurl(dependency.purl);
      const license = !parts?.version ? null : await readLicense(base, { ...(parts.namespace !== undefined ? { namespace: parts.namespace } : {}), name: parts.name, version: parts.version });
      return licenseFacts(license, name);
    },
  };
}
