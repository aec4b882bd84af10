import { describe, expect, it } from '@jest/globals';
import { batches, mapConcurrently } from '../../src/deps/arrays.js';

describe('mapConcurrently', () => {
  it('keeps the items order in its results and runs at most `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrently([30, 10, 20, 5, 15], 2, async (ms) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(peak).toBe(2);
  });

  it('runs one at a time when asked for none, and nothing for no items', async () => {
    const seen: number[] = [];
    expect(await mapConcurrently([1, 2], 0, async (item) => seen.push(item))).toEqual([1, 2]);
    expect(seen).toEqual([1, 2]);
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});

describe('batches', () => {
  it('splits into consecutive batches of at most the size', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
