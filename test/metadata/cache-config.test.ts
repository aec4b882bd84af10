import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheTtlsFromEnv, factCacheFromEnv, type ConfiguredCache } from '../../src/metadata/cache-config.js';
import { ConfigError } from '../../src/metadata/config.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EXPECTED = '(expected like vulnerabilities=2h,scorecard=1d)';
const NAMESPACES = 'license, publishedAt, vulnerabilities, osv-record, deprecation, scorecard, sourceRepository';

/** The ConfigError a call throws, for its exact message (and to prove it is a ConfigError). */
function configErrorOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

let opened: ConfiguredCache[] = [];
afterEach(async () => {
  // A Redis cache connects lazily: these tests never use it, but close it all the same.
  await Promise.all(opened.map((cache) => cache.close()));
  opened = [];
});
const open = (...args: Parameters<typeof factCacheFromEnv>) => {
  const cache = factCacheFromEnv(...args);
  opened.push(cache);
  return cache;
};

describe('factCacheFromEnv: which cache for which role', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ospo-cache-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses Redis for the app and for the CLI when REDIS_URL is set', () => {
    const env = { REDIS_URL: 'redis://cache.internal:6379', OSPO_CACHE_DIR: dir };
    expect(open(env, 'app').description).toBe('Redis (redis://cache.internal:6379)');
    expect(open(env, 'cli').description).toBe('Redis (redis://cache.internal:6379)');
  });

  it('keeps the CLI cache on disk at OSPO_CACHE_DIR, and writes there', async () => {
    const cache = open({ OSPO_CACHE_DIR: dir }, 'cli');
    expect(cache.description).toBe(`disk (${dir})`);
    await cache.set('license', 'pkg:npm/a@1.0.0', null);
    expect(await readdir(dir)).toEqual(['license']);
    expect(await cache.get('license', 'pkg:npm/a@1.0.0')).toBeNull();
  });

  it("keeps the CLI cache in the platform's cache folder without OSPO_CACHE_DIR", () => {
    expect(open({}, 'cli', { platform: 'linux', home: '/home/dev' }).description).toBe('disk (/home/dev/.cache/ospo-gatekeeper)');
    expect(open({ OSPO_CACHE_DIR: '' }, 'cli', { platform: 'darwin', home: '/Users/dev' }).description).toBe('disk (/Users/dev/Library/Caches/ospo-gatekeeper)');
  });

  it('keeps the app cache in memory without REDIS_URL (an empty one is unset), whatever OSPO_CACHE_DIR says', async () => {
    const cache = open({ REDIS_URL: '', OSPO_CACHE_DIR: dir }, 'app');
    expect(cache.description).toBe('memory');
    await cache.set('license', 'a', 'MIT');
    expect(await cache.get('license', 'a')).toBe('MIT');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('factCacheFromEnv: REDIS_URL', () => {
  it('masks the password in the description, keeping the user', () => {
    expect(open({ REDIS_URL: 'redis://:s3cret@cache.internal:6379/0' }, 'app').description).toBe('Redis (redis://:***@cache.internal:6379/0)');
    expect(open({ REDIS_URL: 'rediss://default:s3cret@cache.internal:6380' }, 'cli').description).toBe('Redis (rediss://default:***@cache.internal:6380)');
  });

  it('refuses a URL of another scheme, password masked', () => {
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'http://cache.internal:6379' }, 'app'))).toBe('REDIS_URL=http://cache.internal:6379/ must be a redis:// or rediss:// URL');
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'memcached://u:s3cret@cache.internal:11211' }, 'app'))).toBe('REDIS_URL=memcached://u:***@cache.internal:11211 must be a redis:// or rediss:// URL');
  });

  it('refuses what is not a URL, password masked', () => {
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'cache.internal:6379' }, 'app'))).toBe('REDIS_URL=cache.internal:6379 must be a redis:// or rediss:// URL');
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'not a url' }, 'app'))).toBe('REDIS_URL=not a url is not a URL (expected like redis://cache.internal:6379)');
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'redis://u:s3cret@bad host:6379' }, 'app'))).toBe('REDIS_URL=redis://u:***@bad host:6379 is not a URL (expected like redis://cache.internal:6379)');
  });

  it('checks OSPO_CACHE_TTL before connecting anywhere', () => {
    expect(configErrorOf(() => factCacheFromEnv({ REDIS_URL: 'redis://cache.internal:6379', OSPO_CACHE_TTL: 'license=soon' }, 'app'))).toBe(
      `OSPO_CACHE_TTL: "license=soon" is not namespace=<whole number><s|m|h|d> ${EXPECTED}`,
    );
  });
});

describe('cacheTtlsFromEnv (OSPO_CACHE_TTL)', () => {
  it('reads each unit, spaces and a trailing comma allowed', () => {
    expect(cacheTtlsFromEnv({ OSPO_CACHE_TTL: ' vulnerabilities = 2h, scorecard=1d,license=30s,osv-record=5m, ' })).toEqual({
      vulnerabilities: 2 * HOUR,
      scorecard: DAY,
      license: 30_000,
      'osv-record': 300_000,
    });
  });

  it('overrides nothing when unset or blank', () => {
    expect(cacheTtlsFromEnv({})).toEqual({});
    expect(cacheTtlsFromEnv({ OSPO_CACHE_TTL: '  ' })).toEqual({});
  });

  it.each([
    ['vulnerabilities', 'vulnerabilities'],
    ['vulnerabilities=2', 'vulnerabilities=2'],
    ['vulnerabilities=2w', 'vulnerabilities=2w'],
    ['vulnerabilities=1.5h', 'vulnerabilities=1.5h'],
    ['vulnerabilities=-1h', 'vulnerabilities=-1h'],
    ['scorecard=1d;license=2d', 'scorecard=1d;license=2d'],
  ])('refuses %s as not namespace=<whole number><unit>', (value, entry) => {
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: value }))).toBe(`OSPO_CACHE_TTL: "${entry}" is not namespace=<whole number><s|m|h|d> ${EXPECTED}`);
  });

  it('refuses an unknown namespace, naming the known ones', () => {
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'scorecard=1d, licence=2d' }))).toBe(`OSPO_CACHE_TTL: "licence=2d" names no cache namespace (known: ${NAMESPACES}) ${EXPECTED}`);
    // Inherited object keys are no namespace either.
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'constructor=1d' }))).toBe(`OSPO_CACHE_TTL: "constructor=1d" names no cache namespace (known: ${NAMESPACES}) ${EXPECTED}`);
  });

  it('refuses a namespace set twice', () => {
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'license=1d,license=2d' }))).toBe(`OSPO_CACHE_TTL: "license=2d" sets license a second time ${EXPECTED}`);
  });

  it('refuses a zero duration and one too long to count in ms', () => {
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'license=0d' }))).toBe(`OSPO_CACHE_TTL: "license=0d" must be a positive duration ${EXPECTED}`);
    // 10^12 days is 8.64e19 ms, beyond 2^53.
    expect(configErrorOf(() => cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'license=1000000000000d' }))).toBe(`OSPO_CACHE_TTL: "license=1000000000000d" must be a positive duration ${EXPECTED}`);
  });
});
