import { describe, expect, it } from '@jest/globals';
import { cacheTtlsFromEnv } from '../../src/metadata/cache-config.js';
import { redisCache, type RedisCacheClient, type RedisCachePipeline } from '../../src/metadata/redis-cache.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface SetCall {
  key: string;
  value: string;
  token: 'PX';
  ttl: number;
}

/**
 * A small in-memory Redis: a key → string store plus a log of the commands the cache sent.
 * `failWith` makes the named commands reject (as ioredis does on a timeout or a closed connection).
 */
function fakeRedis() {
  const store = new Map<string, string>();
  const mgets: string[][] = [];
  const sets: SetCall[] = [];
  const dels: string[][] = [];
  const failWith: Partial<Record<'mget' | 'set' | 'del' | 'exec', Error>> = {};
  const pipelineSetErrors = new Map<string, Error>();
  let discardPipeline = false;
  const doSet = (key: string, value: string, token: 'PX', ttl: number) => {
    sets.push({ key, value, token, ttl });
    store.set(key, value);
  };
  const client: RedisCacheClient = {
    mget: async (keys) => {
      mgets.push(keys);
      if (failWith.mget) throw failWith.mget;
      return keys.map((key) => store.get(key) ?? null);
    },
    set: async (key, value, token, ttl) => {
      if (failWith.set) throw failWith.set;
      doSet(key, value, token, ttl);
      return 'OK';
    },
    del: async (keys) => {
      dels.push(keys);
      if (failWith.del) throw failWith.del;
      let removed = 0;
      for (const key of keys) if (store.delete(key)) removed++;
      return removed;
    },
    pipeline: (): RedisCachePipeline => {
      const queued: SetCall[] = [];
      return {
        set: (key, value, token, ttl) => queued.push({ key, value, token, ttl }),
        exec: async () => {
          if (failWith.exec) throw failWith.exec;
          if (discardPipeline) return null;
          return queued.map((call): [Error | null, unknown] => {
            const error = pipelineSetErrors.get(call.key);
            if (error) return [error, null];
            doSet(call.key, call.value, call.token, call.ttl);
            return [null, 'OK'];
          });
        },
      };
    },
  };
  return { client, store, mgets, sets, dels, failWith, pipelineSetErrors, discard: () => (discardPipeline = true) };
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('redisCache: layout and time to live', () => {
  it('keeps each entry at ospo-gatekeeper:fact:<namespace>:<key>, wrapped with when it was stored', async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client, {}, { now: () => 42 });
    await cache.set('license', 'pkg:npm/left-pad@1.3.0', { value: 'WTFPL', source: 'npm' });
    expect([...redis.store]).toEqual([['ospo-gatekeeper:fact:license:pkg:npm/left-pad@1.3.0', '{"storedAt":42,"value":{"value":"WTFPL","source":"npm"}}']]);
    expect(await cache.get('license', 'pkg:npm/left-pad@1.3.0')).toEqual({ value: 'WTFPL', source: 'npm' });
    expect(await cache.get('scorecard', 'pkg:npm/left-pad@1.3.0')).toBeUndefined();
    expect(redis.mgets.at(-1)).toEqual(['ospo-gatekeeper:fact:scorecard:pkg:npm/left-pad@1.3.0']);
  });

  it("sets PX to the namespace's default TTL, for set and for setMany", async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client);
    await cache.set('license', 'a', 1);
    await cache.set('vulnerabilities', 'a', []);
    await cache.setMany('scorecard', new Map([['a', 7], ['b', 8]]));
    expect(redis.sets.map(({ key, token, ttl }) => [key, token, ttl])).toEqual([
      ['ospo-gatekeeper:fact:license:a', 'PX', 30 * DAY],
      ['ospo-gatekeeper:fact:vulnerabilities:a', 'PX', 6 * HOUR],
      ['ospo-gatekeeper:fact:scorecard:a', 'PX', DAY],
      ['ospo-gatekeeper:fact:scorecard:b', 'PX', DAY],
    ]);
  });

  it('sets PX from an OSPO_CACHE_TTL override, other namespaces keeping their default', async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client, cacheTtlsFromEnv({ OSPO_CACHE_TTL: 'vulnerabilities=2h,scorecard=90s' }));
    await cache.set('vulnerabilities', 'a', []);
    await cache.setMany('scorecard', new Map([['a', 7]]));
    await cache.set('deprecation', 'a', null);
    expect(redis.sets.map(({ ttl }) => ttl)).toEqual([2 * HOUR, 90_000, 6 * HOUR]);
  });

  it('misses an entry older than the TTL even if Redis still holds it (a TTL shortened since)', async () => {
    const redis = fakeRedis();
    const time = clock();
    await redisCache(redis.client, {}, { now: time.now }).set('vulnerabilities', 'a', ['GHSA-1']);
    time.advance(2 * HOUR);
    const shorter = redisCache(redis.client, { vulnerabilities: HOUR }, { now: time.now });
    expect(await shorter.get('vulnerabilities', 'a')).toBeUndefined();
    const longer = redisCache(redis.client, { vulnerabilities: 3 * HOUR }, { now: time.now });
    expect(await longer.get('vulnerabilities', 'a')).toEqual(['GHSA-1']);
  });
});

describe('redisCache: values', () => {
  it('answers a cached null as a hit ("no license anywhere"), unlike a key never set', async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client);
    await cache.setMany('license', new Map([['none', null]]));
    const found = await cache.getMany('license', ['none', 'unknown']);
    expect([...found]).toEqual([['none', null]]);
    expect(await cache.get('license', 'none')).toBeNull();
  });

  it('DELs a corrupt value and answers it as a miss, keeping the good ones', async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client, {}, { now: () => 10 });
    redis.store.set('ospo-gatekeeper:fact:license:not-json', '{oops');
    redis.store.set('ospo-gatekeeper:fact:license:no-stamp', '{"value":"MIT"}');
    redis.store.set('ospo-gatekeeper:fact:license:an-array', '[1,2]');
    redis.store.set('ospo-gatekeeper:fact:license:good', '{"storedAt":5,"value":"MIT"}');
    const found = await cache.getMany('license', ['not-json', 'no-stamp', 'an-array', 'good']);
    expect([...found]).toEqual([['good', 'MIT']]);
    expect(redis.dels).toEqual([['ospo-gatekeeper:fact:license:not-json', 'ospo-gatekeeper:fact:license:no-stamp', 'ospo-gatekeeper:fact:license:an-array']]);
    expect([...redis.store.keys()]).toEqual(['ospo-gatekeeper:fact:license:good']);
  });

  it('asks one MGET per 1,000 keys: 2,500 keys are 3 MGETs of 1,000, 1,000 and 500, answered in order', async () => {
    const redis = fakeRedis();
    const cache = redisCache(redis.client);
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
    await cache.setMany('publishedAt', new Map(keys.filter((_, i) => i % 2 === 0).map((key) => [key, key.toUpperCase()])));
    const found = await cache.getMany<string>('publishedAt', keys);
    expect(redis.mgets.map((chunk) => chunk.length)).toEqual([1000, 1000, 500]);
    expect(redis.mgets[1]?.[0]).toBe('ospo-gatekeeper:fact:publishedAt:k1000');
    expect(redis.mgets[2]?.at(-1)).toBe('ospo-gatekeeper:fact:publishedAt:k2499');
    expect(found.size).toBe(1250);
    expect([...found.keys()].slice(0, 3)).toEqual(['k0', 'k2', 'k4']);
    expect(found.get('k2498')).toBe('K2498');
  });

  it('sends no command for an empty batch write', async () => {
    const redis = fakeRedis();
    await redisCache(redis.client).setMany('license', new Map());
    expect(redis.sets).toEqual([]);
  });
});

describe('redisCache: a failing Redis is a cache miss, never a failure', () => {
  const down = () => new Error('Command timed out');

  it('answers misses when MGET fails, telling onError', async () => {
    const redis = fakeRedis();
    const errors: string[] = [];
    const cache = redisCache(redis.client, {}, { onError: (error) => errors.push(error.message) });
    await cache.set('license', 'a', 'MIT');
    redis.failWith.mget = down();
    expect(await cache.get('license', 'a')).toBeUndefined();
    expect([...(await cache.getMany('license', ['a', 'b']))]).toEqual([]);
    expect(errors).toEqual(['Command timed out', 'Command timed out']);
  });

  it('drops a write when SET fails, telling onError', async () => {
    const redis = fakeRedis();
    const errors: string[] = [];
    const cache = redisCache(redis.client, {}, { onError: (error) => errors.push(error.message) });
    redis.failWith.set = down();
    await expect(cache.set('license', 'a', 'MIT')).resolves.toBeUndefined();
    expect(redis.store.size).toBe(0);
    expect(errors).toEqual(['Command timed out']);
  });

  it('drops a batch write when the pipeline throws or is discarded, telling onError', async () => {
    const thrown = fakeRedis();
    const errors: string[] = [];
    thrown.failWith.exec = down();
    await redisCache(thrown.client, {}, { onError: (error) => errors.push(error.message) }).setMany('license', new Map([['a', 'MIT']]));
    const discarded = fakeRedis();
    discarded.discard();
    await redisCache(discarded.client, {}, { onError: (error) => errors.push(error.message) }).setMany('license', new Map([['a', 'MIT']]));
    expect(errors).toEqual(['Command timed out', 'Redis discarded the pipeline']);
    expect(thrown.store.size + discarded.store.size).toBe(0);
  });

  it('reports a batch whose SETs fail once, not once per SET', async () => {
    const redis = fakeRedis();
    const errors: string[] = [];
    const full = new Error("OOM command not allowed when used memory > 'maxmemory'.");
    redis.pipelineSetErrors.set('ospo-gatekeeper:fact:license:a', full);
    redis.pipelineSetErrors.set('ospo-gatekeeper:fact:license:b', full);
    await redisCache(redis.client, {}, { onError: (error) => errors.push(error.message) }).setMany('license', new Map([['a', 1], ['b', 2], ['c', 3]]));
    expect(errors).toEqual([full.message]);
    expect([...redis.store.keys()]).toEqual(['ospo-gatekeeper:fact:license:c']);
  });

  it('still answers the corrupt value as a miss when its DEL fails, telling onError', async () => {
    const redis = fakeRedis();
    const errors: string[] = [];
    redis.store.set('ospo-gatekeeper:fact:license:bad', 'not json');
    redis.failWith.del = new Error('READONLY You can\'t write against a read only replica.');
    const cache = redisCache(redis.client, {}, { onError: (error) => errors.push(error.message) });
    expect(await cache.get('license', 'bad')).toBeUndefined();
    expect(errors).toEqual(["READONLY You can't write against a read only replica."]);
  });

  it('turns a thrown non-Error into an Error for onError', async () => {
    const redis = fakeRedis();
    const reported: Error[] = [];
    redis.client.mget = async () => Promise.reject('connection lost');
    await redisCache(redis.client, {}, { onError: (error) => reported.push(error) }).get('license', 'a');
    expect(reported.map((error) => [error instanceof Error, error.message])).toEqual([[true, 'connection lost']]);
  });
});
