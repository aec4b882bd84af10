/** A seeded generator for differential tests (the benchmark generators' mulberry32): the same cases on every run, so a failure replays. */
import { Rng } from '../../bench/generate/random.js';

export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
