import { describe, expect, it } from '@jest/globals';
import { settlesWithin, withTimeout } from '../src/within.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('settlesWithin', () => {
  it('says whether the promise settled in time, and passes a rejection on', async () => {
    expect(await settlesWithin(after(5, 'x'), 200)).toBe(true);
    expect(await settlesWithin(after(200, 'x'), 5)).toBe(false);
    await expect(settlesWithin(Promise.reject(new Error('broken')), 50)).rejects.toThrow('broken');
  });
});

describe('withTimeout', () => {
  it("gives the promise's value, or fails with the message when it is late", async () => {
    expect(await withTimeout(after(5, 42), 200, 'late')).toBe(42);
    await expect(withTimeout(after(200, 42), 5, 'no answer within 5 ms')).rejects.toThrow('no answer within 5 ms');
    await expect(withTimeout(Promise.reject(new Error('refused')), 50, 'late')).rejects.toThrow('refused');
  });
});
