import { describe, expect, it } from '@jest/globals';
import { memoryCache } from '../../src/metadata/cache.js';
import { countingCache } from '../../src/metadata/counting-cache.js';

function counted() {
  const tally: Record<string, { hits: number; misses: number }> = {};
  const entry = (namespace: string) => (tally[namespace] ??= { hits: 0, misses: 0 });
  const cache = countingCache(memoryCache(), { hits: (namespace, count) => void (entry(namespace).hits += count), misses: (namespace, count) => void (entry(namespace).misses += count) });
  return { cache, tally };
}

describe('countingCache', () => {
  it('counts getMany hits and misses by namespace, distinct keys once', async () => {
    const { cache, tally } = counted();
    await cache.setMany('license', new Map([['pkg:npm/a@1', 'MIT'], ['pkg:npm/b@1', null]]));
    const found = await cache.getMany('license', ['pkg:npm/a@1', 'pkg:npm/b@1', 'pkg:npm/c@1', 'pkg:npm/c@1']);
    await cache.getMany('scorecard', ['github.com/x/y']);
    // a and b (a cached null is a hit) found; c missing, asked twice, counted once.
    expect(found.size).toBe(2);
    expect(tally).toEqual({ license: { hits: 2, misses: 1 }, scorecard: { hits: 0, misses: 1 } });
  });

  it('counts get, and writes count nothing', async () => {
    const { cache, tally } = counted();
    await cache.set('deprecation', 'k', 'gone');
    expect(await cache.get('deprecation', 'k')).toBe('gone');
    expect(await cache.get('deprecation', 'other')).toBeUndefined();
    expect(tally).toEqual({ deprecation: { hits: 1, misses: 1 } });
  });

  it('keeps what the wrapped cache has besides (close, description)', async () => {
    const inner = { ...memoryCache(), close: async () => undefined, description: 'memory' };
    const cache = countingCache(inner, { hits: () => undefined, misses: () => undefined });
    expect(cache.description).toBe('memory');
    await expect(cache.close()).resolves.toBeUndefined();
  });
});
