/**
 * Per-package sources with a pacer: request starts at least the interval apart, shared by every
 * lookup that holds the same pacer. Jest's fake timers stand in for the clock: nothing waits.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Dependency } from '../../src/deps/model.js';
import { SourceError } from '../../src/metadata/http.js';
import { perPackageSource, requestPacer, type PerPackageApi } from '../../src/metadata/per-package.js';
import type { FactSource, SourceAnswers } from '../../src/metadata/types.js';

function crate(name: string): Dependency {
  return { ecosystem: 'cargo', name, version: '1.0.0', purl: `pkg:cargo/${name}@1.0.0`, manifest: 'Cargo.lock', scope: 'runtime', direct: true };
}

/** An API that answers MIT at once, recording at what (fake) time each request started; `fail` throws for the names given. */
function recordingApi(starts: [string, number][], fail: Record<string, SourceError> = {}): PerPackageApi {
  return {
    name: 'registry',
    supports: () => true,
    fetch: async (dependency) => {
      starts.push([dependency.name, performance.now()]);
      const error = fail[dependency.name];
      if (error) throw error;
      return { license: { value: 'MIT', source: 'registry' } };
    },
  };
}

function lookup(source: FactSource, names: string[], concurrency = 8): Promise<SourceAnswers> {
  return source.lookup(names.map(crate), { concurrency, kinds: new Set(['license']) });
}

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('perPackageSource with a pacer', () => {
  it('starts requests at least the interval apart, however many workers there are', async () => {
    const starts: [string, number][] = [];
    const origin = performance.now();
    const answered = lookup(perPackageSource(recordingApi(starts), { pacer: requestPacer(1000) }), ['a', 'b', 'c']);
    await jest.advanceTimersByTimeAsync(0);
    expect(starts.map(([name]) => name)).toEqual(['a']);
    await jest.advanceTimersByTimeAsync(999);
    expect(starts.map(([name]) => name)).toEqual(['a']);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts.map(([name]) => name)).toEqual(['a', 'b']);
    await jest.advanceTimersByTimeAsync(1000);
    const answers = await answered;
    expect(starts.map(([name, at]) => [name, at - origin])).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
    expect([...answers.answers.values()]).toEqual(Array.from({ length: 3 }, () => ({ facts: { license: { value: 'MIT', source: 'registry' } } })));
  });

  it('spaces the requests of two lookups that share the pacer, as one stream', async () => {
    const starts: [string, number][] = [];
    const origin = performance.now();
    const pacer = requestPacer(500);
    const first = lookup(perPackageSource(recordingApi(starts), { pacer }), ['a', 'b']);
    const second = lookup(perPackageSource(recordingApi(starts), { pacer }), ['x', 'y']);
    await jest.advanceTimersByTimeAsync(1500);
    await Promise.all([first, second]);
    // Slots are taken in the order the workers asked: the first lookup's two workers, then the second's.
    expect(starts.map(([name, at]) => [name, at - origin])).toEqual([
      ['a', 0],
      ['b', 500],
      ['x', 1000],
      ['y', 1500],
    ]);
  });

  it('does not wait when the last request started longer than the interval ago', async () => {
    const starts: [string, number][] = [];
    const origin = performance.now();
    const source = perPackageSource(recordingApi(starts), { pacer: requestPacer(1000) });
    await lookup(source, ['a']);
    await jest.advanceTimersByTimeAsync(5000);
    const later = lookup(source, ['b']);
    await jest.advanceTimersByTimeAsync(0);
    await later;
    expect(starts.map(([name, at]) => [name, at - origin])).toEqual([
      ['a', 0],
      ['b', 5000],
    ]);
  });

  it('sends nothing more once the host is down, even for a request that was waiting its turn', async () => {
    const starts: [string, number][] = [];
    const api = recordingApi(starts, { a: new SourceError('fetch failed: ECONNREFUSED', 'connection') });
    const answered = lookup(perPackageSource(api, { pacer: requestPacer(1000) }), ['a', 'b', 'c'], 2);
    await jest.advanceTimersByTimeAsync(3000);
    const answers = await answered;
    expect(starts.map(([name]) => name)).toEqual(['a']);
    expect(answers.down).toBe('fetch failed: ECONNREFUSED');
    const unreachable = { failed: 'registry unreachable (fetch failed: ECONNREFUSED)' };
    expect(answers.answers).toEqual(new Map(['a', 'b', 'c'].map((name) => [`pkg:cargo/${name}@1.0.0`, unreachable])));
  });

  it('asks without spacing when no pacer is given', async () => {
    const starts: [string, number][] = [];
    const answered = lookup(perPackageSource(recordingApi(starts)), ['a', 'b', 'c']);
    await jest.advanceTimersByTimeAsync(0);
    expect(starts.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    await answered;
  });
});
