/**
 * The Redis cache against a real redis-server (the `services` project: `npm run test:services`).
 * Without OSPO_TEST_REDIS_URL every test fails, saying how to start one: a suite that skips
 * itself would pass in a CI that forgot the server.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../helpers/redis.js';
import type { Dependency } from '../../src/deps/model.js';
import { factCacheFromEnv } from '../../src/metadata/cache-config.js';
import { gatherFacts } from '../../src/metadata/gather.js';
import { redisCacheFromUrl, redisKey, type ClosableFactCache } from '../../src/metadata/redis-cache.js';
import type { FactSource, SourceAnswers } from '../../src/metadata/types.js';


/** Keys unique to this run, so runs sharing a server (or one left with old entries) do not meet. */
const RUN = randomBytes(6).toString('hex');
const purl = (name: string) => `pkg:npm/${name}-${RUN}@1.0.0`;

const errors: Error[] = [];
const opened: ClosableFactCache[] = [];
let raw: Redis | undefined;

/** A cache on the test server, every error recorded: a test passing on misses would prove nothing. */
function openCache(ttls = {}): ClosableFactCache {
  const cache = redisCacheFromUrl(testRedisUrl(), ttls, { onError: (error) => errors.push(error) });
  opened.push(cache);
  return cache;
}

/** A plain client, to look at and write keys behind the cache's back. */
function rawClient(): Redis {
  raw ??= new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  return raw;
}

afterAll(async () => {
  await Promise.all(opened.map((cache) => cache.close()));
  raw?.disconnect();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('redisCacheFromUrl on a real Redis', () => {
  it('answers a second getMany of the same keys all from Redis, a cached null included', async () => {
    const cache = openCache();
    const keys = [purl('a'), purl('b'), purl('c')];
    expect((await cache.getMany('license', keys)).size).toBe(0);
    await cache.setMany('license', new Map<string, string | null>([[keys[0] ?? '', 'MIT'], [keys[1] ?? '', 'Apache-2.0'], [keys[2] ?? '', null]]));
    const found = await cache.getMany('license', keys);
    expect([...found]).toEqual([[keys[0], 'MIT'], [keys[1], 'Apache-2.0'], [keys[2], null]]);
    // Another connection (another replica) sees the same entries.
    expect(await openCache().get('license', keys[0] ?? '')).toBe('MIT');
    expect(errors).toEqual([]);
  });

  it('lets gatherFacts ask its source nothing the second time it runs over the same Redis', async () => {
    const calls: string[] = [];
    const source: FactSource = {
      name: 'counting source',
      provides: ['license'],
      supports: () => true,
      lookup: async (dependencies): Promise<SourceAnswers> => {
        calls.push(...dependencies.map((dependency) => dependency.purl));
        // `unlicensed` has no license anywhere: cached as null, still not asked again.
        return { answers: new Map(dependencies.map((dependency) => [dependency.purl, { facts: dependency.name.startsWith('unlicensed') ? {} : { license: { value: 'ISC', source: 'counting source' } } }])) };
      },
    };
    const dependency = (name: string): Dependency => ({ ecosystem: 'npm', name: `${name}-${RUN}`, version: '1.0.0', purl: purl(name), manifest: 'package-lock.json', scope: 'runtime', direct: true });
    const dependencies = [dependency('licensed'), dependency('unlicensed')];

    const first = await gatherFacts(dependencies, [source], { cache: openCache() });
    expect(calls).toEqual([purl('licensed'), purl('unlicensed')]);
    const second = await gatherFacts(dependencies, [source], { cache: openCache() });
    expect(calls).toHaveLength(2);
    expect(second.facts.packages.get(purl('licensed'))?.license).toEqual({ value: 'ISC', source: 'counting source' });
    expect(second.facts.packages.has(purl('unlicensed'))).toBe(false);
    expect(second.facts.unchecked.size).toBe(0);
    expect(second.facts).toEqual(first.facts);
    expect(errors).toEqual([]);
  });

  it('lets an entry expire after a short TTL given as an option', async () => {
    const cache = openCache({ vulnerabilities: 300 });
    await cache.set('vulnerabilities', purl('short'), ['GHSA-xxxx']);
    const pttl = await rawClient().pttl(redisKey('vulnerabilities', purl('short')));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);
    expect(await cache.get('vulnerabilities', purl('short'))).toEqual(['GHSA-xxxx']);
    await sleep(500);
    expect(await cache.get('vulnerabilities', purl('short'))).toBeUndefined();
    expect(await rawClient().exists(redisKey('vulnerabilities', purl('short')))).toBe(0);
    expect(errors).toEqual([]);
  });

  it('lets an entry expire after a short TTL from OSPO_CACHE_TTL', async () => {
    const cache = factCacheFromEnv({ REDIS_URL: testRedisUrl(), OSPO_CACHE_TTL: 'scorecard=1s' }, 'app', { onError: (error) => errors.push(error) });
    opened.push(cache);
    await cache.setMany('scorecard', new Map([[purl('scored'), 7.5]]));
    const pttl = await rawClient().pttl(redisKey('scorecard', purl('scored')));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
    expect(await cache.get('scorecard', purl('scored'))).toBe(7.5);
    await sleep(1200);
    expect(await cache.get('scorecard', purl('scored'))).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('drops a corrupt value written by hand and answers it as a miss', async () => {
    const cache = openCache();
    const key = redisKey('license', purl('corrupt'));
    await rawClient().set(key, '{"not":"what the cache writes"}');
    expect(await cache.get('license', purl('corrupt'))).toBeUndefined();
    expect(await rawClient().exists(key)).toBe(0);
    expect(await cache.get('license', purl('corrupt'))).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('closes its connection', async () => {
    const cache = redisCacheFromUrl(testRedisUrl(), {}, { onError: (error) => errors.push(error) });
    await cache.set('license', purl('closing'), 'MIT');
    await expect(cache.close()).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });
});
