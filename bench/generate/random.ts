/**
 * Deterministic randomness for the generators: a seeded PRNG (mulberry32) and the pieces lockfiles
 * are made of (names, versions, hashes). Same seed, same bytes: a run can be compared with another.
 */

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars('0123456789abcdef', length);
  }

  base64(length: number): string {
    return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', length);
  }
}

/** Syllables for package names that read like real ones (`lodash-merge`, `fast-glob-parser`). */
const WORDS = [
  'fast', 'glob', 'parse', 'merge', 'deep', 'core', 'util', 'json', 'http', 'stream', 'async', 'path',
  'color', 'string', 'array', 'object', 'event', 'emit', 'cache', 'proxy', 'config', 'loader', 'plugin',
  'babel', 'lint', 'test', 'mock', 'type', 'schema', 'valid', 'form', 'date', 'time', 'log', 'debug',
  'crypto', 'hash', 'buffer', 'queue', 'retry', 'promise', 'micro', 'mini', 'tiny', 'super', 'hyper',
  'node', 'web', 'client', 'server', 'auth', 'token', 'yaml', 'toml', 'xml', 'css', 'html', 'dom',
  'react', 'vue', 'query', 'store', 'state', 'router', 'shell', 'exec', 'spawn', 'watch', 'file', 'fs',
];
const SCOPES = ['@types', '@babel', '@aws-sdk', '@smithy', '@jest', '@rollup', '@vitest', '@octokit', '@eslint', '@acme'];
export const LICENSES = ['MIT', 'MIT', 'MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', '0BSD', 'BlueOak-1.0.0'];

/** Unique names: words joined by `separator`, a number appended on a collision. */
export const word = (rng: Rng): string => rng.pick(WORDS);

export class NameSource {
  private readonly seen = new Set<string>();
  /** The next suffix to try for each base name: collisions cost one look-up, not a scan. */
  private readonly suffix = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly separator = '-',
  ) {}

  next(): string {
    const parts = this.rng.int(1, 3);
    let name = this.rng.pick(WORDS);
    for (let i = 1; i < parts; i++) name += this.separator + this.rng.pick(WORDS);
    let candidate = name;
    while (this.seen.has(candidate)) {
      const n = this.suffix.get(name) ?? 2;
      this.suffix.set(name, n + 1);
      candidate = `${name}${this.separator}${n}`;
    }
    this.seen.add(candidate);
    return candidate;
  }

  /** An npm name, scoped about a fifth of the time. */
  npm(): string {
    const bare = this.next();
    return this.rng.chance(0.2) ? `${this.rng.pick(SCOPES)}/${bare}` : bare;
  }
}

export function semverOf(rng: Rng, major = rng.int(0, 12)): string {
  return `${major}.${rng.int(0, 30)}.${rng.int(0, 40)}`;
}

/** `sha512-` + 86 base64 characters and `==`, as npm, yarn, pnpm and bun record integrity. */
export function sha512(rng: Rng): string {
  return `sha512-${rng.base64(86)}==`;
}
