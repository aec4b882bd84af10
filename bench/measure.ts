/**
 * Timing helpers for the benchmark: interleaved runs of two functions (sync or async), one alone,
 * median/min in ms, and an (optional, when `--expose-gc` is on) garbage collection between runs.
 */
import { performance } from 'node:perf_hooks';

export interface Timing {
  medianMs: number;
  minMs: number;
  samples: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function collectGarbage(): void {
  if (gc) gc();
}

export function gcExposed(): boolean {
  return gc !== undefined;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { medianMs: round(median), minMs: round(sorted[0] ?? Number.NaN), samples: sorted.length };
}

function timeOnce(fn: () => unknown): number {
  collectGarbage();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Runs `a` and `b` alternately (so drift in machine load hits both alike): `warmup` untimed rounds,
 * then `iterations` timed ones.
 */
export function compare(a: () => unknown, b: () => unknown, iterations: number, warmup: number): { a: Timing; b: Timing } {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Alternate which one goes first, so neither always runs right after the other's garbage.
    if (i % 2 === 0) {
      samplesA.push(timeOnce(a));
      samplesB.push(timeOnce(b));
    } else {
      samplesB.push(timeOnce(b));
      samplesA.push(timeOnce(a));
    }
  }
  return { a: summarize(samplesA), b: summarize(samplesB) };
}

/** heapUsed growth (MB) while `fn`'s result is still alive; meaningful only with `--expose-gc`. */
export function heapDeltaMb(fn: () => unknown): number | undefined {
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = fn();
  const after = process.memoryUsage().heapUsed;
  void kept;
  return Math.round(((after - before) / 1024 / 1024) * 10) / 10;
}

async function timeOnceAsync(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** `compare` for asynchronous work (a promise's settling is part of the time). */
export async function compareAsync(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  iterations: number,
  warmup: number,
): Promise<{ a: Timing; b: Timing }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      samplesA.push(await timeOnceAsync(a));
      samplesB.push(await timeOnceAsync(b));
    } else {
      samplesB.push(await timeOnceAsync(b));
      samplesA.push(await timeOnceAsync(a));
    }
  }
  return { a: summarize(samplesA), b: summarize(samplesB) };
}

/** Median of `fn` over `iterations` runs (after `warmup`), for picking the fastest of several. */
export function timeAlone(fn: () => unknown, iterations: number, warmup: number): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(timeOnce(fn));
  return summarize(samples);
}
