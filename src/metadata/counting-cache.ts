/**
 * A FactCache that counts what `getMany` found and missed, by namespace, for the app's metrics.
 * Reads through `get` count too (one key each). Writes pass through untouched.
 */
import type { CacheNamespace, FactCache } from './cache.js';

export interface CacheCounts {
  hits(namespace: CacheNamespace, count: number): void;
  misses(namespace: CacheNamespace, count: number): void;
}

export function countingCache<C extends FactCache>(inner: C, counts: CacheCounts): C {
  return {
    ...inner,
    get: async <T>(namespace: CacheNamespace, key: string) => {
      const value = await inner.get<T>(namespace, key);
      if (value === undefined) counts.misses(namespace, 1);
      else counts.hits(namespace, 1);
      return value;
    },
    getMany: async <T>(namespace: CacheNamespace, keys: readonly string[]) => {
      const found = await inner.getMany<T>(namespace, keys);
      // Duplicate keys are looked up once: count distinct ones.
      const asked = new Set(keys).size;
      if (found.size > 0) counts.hits(namespace, found.size);
      if (asked - found.size > 0) counts.misses(namespace, asked - found.size);
      return found;
    },
  };
}
