/**
 * The cache the fact sources read through: async and namespaced, each namespace with its own
 * time to live, so a disk cache (CLI) or Redis (app replicas) can replace the embedded in-memory
 * LRU without touching callers. Immutable facts (a version's declared license) live long;
 * mutable ones (vulnerabilities, scorecard) get short lives when they arrive.
 */
import { LRUCache } from 'lru-cache';
import type { FactKind } from '../facts/types.js';

/** One namespace per kind of fact, plus what a source keeps for itself (OSV records by id). */
export type CacheNamespace = FactKind | 'osv-record';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** How long an entry of each namespace stays fresh, in ms (the defaults; caches take overrides). */
export const CACHE_TTL_MS: Readonly<Record<CacheNamespace, number>> = {
  // A published version's license and date do not change: a month bounds only the memory an entry holds.
  license: 30 * DAY,
  publishedAt: 30 * DAY,
  // New advisories, deprecations and scores arrive any day.
  vulnerabilities: 6 * HOUR,
  'osv-record': 6 * HOUR,
  deprecation: 6 * HOUR,
  scorecard: 24 * HOUR,
  sourceRepository: 7 * DAY,
};

export type CacheTtls = Readonly<Partial<Record<CacheNamespace, number>>>;

export interface FactCache {
  get<T>(namespace: CacheNamespace, key: string): Promise<T | undefined>;
  set<T>(namespace: CacheNamespace, key: string, value: T): Promise<void>;
  /** The entries found, by key; missing keys are absent. */
  getMany<T>(namespace: CacheNamespace, keys: readonly string[]): Promise<Map<string, T>>;
  setMany<T>(namespace: CacheNamespace, entries: ReadonlyMap<string, T>): Promise<void>;
}

/** The embedded cache: one bounded LRU per namespace, in this process. */
export function memoryCache(maxPerNamespace = 50_000, ttls: CacheTtls = {}): FactCache {
  const stores = new Map<CacheNamespace, LRUCache<string, { value: unknown }>>();
  const store = (namespace: CacheNamespace) => {
    let found = stores.get(namespace);
    if (!found) {
      found = new LRUCache({ max: maxPerNamespace, ttl: ttls[namespace] ?? CACHE_TTL_MS[namespace] });
      stores.set(namespace, found);
    }
    return found;
  };
  // Values are wrapped so that a cached `null` ("no license anywhere") is a hit, not a miss.
  return {
    get: async <T>(namespace: CacheNamespace, key: string) => store(namespace).get(key)?.value as T | undefined,
    set: async <T>(namespace: CacheNamespace, key: string, value: T) => {
      store(namespace).set(key, { value });
    },
    getMany: async <T>(namespace: CacheNamespace, keys: readonly string[]) => {
      const found = new Map<string, T>();
      const entries = store(namespace);
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry) found.set(key, entry.value as T);
      }
      return found;
    },
    setMany: async <T>(namespace: CacheNamespace, values: ReadonlyMap<string, T>) => {
      const entries = store(namespace);
      for (const [key, value] of values) entries.set(key, { value });
    },
  };
}

/** A stored cache entry's JSON object, or undefined when the text is not one (corrupt: a miss, never trusted). */
export function parseStoredObject(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
