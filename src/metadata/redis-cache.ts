/**
 * The fact cache on Redis, shared by the app's replicas (REDIS_URL, DESIGN.md "GitHub App").
 * Redis keeps each entry's time to live (SET ... PX), a batch is one MGET per thousand keys and
 * one pipeline of SETs. The cache is an optimisation, never a dependency: a Redis that is down,
 * slow or full makes lookups misses and writes no-ops, each error told to `onError`, so an
 * evaluation goes on asking the services instead of hanging or failing.
 */
import { Redis } from 'ioredis';
import { CACHE_TTL_MS, parseStoredObject, type CacheNamespace, type CacheTtls, type FactCache } from './cache.js';

export const REDIS_KEY_PREFIX = 'ospo-gatekeeper:fact:';

/** Keys per MGET: a batch of 10,000 purls is ten round trips, none holding the server long. */
export const MGET_CHUNK = 1000;

/** What the cache needs of a Redis client (ioredis's `Redis` has it; unit tests pass a small fake). */
export interface RedisCacheClient {
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number): Promise<unknown>;
  del(keys: string[]): Promise<number>;
  pipeline(): RedisCachePipeline;
}

export interface RedisCachePipeline {
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number): unknown;
  /** Each command's error or result, in order (ioredis's answer; null when the pipeline was discarded). */
  exec(): Promise<[error: Error | null, result: unknown][] | null>;
}

export interface RedisCacheOptions {
  /** Told of every failed command; the caller decides how loudly (the app logs the first). */
  onError?: (error: Error) => void;
  /** The clock, in ms since the epoch: an entry older than this cache's TTL is a miss even before Redis expires it. */
  now?: () => number;
}

/** A cache that holds a connection the process must release when done (the CLI exits only then). */
export interface ClosableFactCache extends FactCache {
  close(): Promise<void>;
  /** Resolves when the store answers (Redis PING), rejects otherwise; absent for in-process caches. */
  ping?(): Promise<void>;
}

/** How a stored value is wrapped: when it was written, so a TTL shortened since applies at once. */
interface StoredValue {
  storedAt: number;
  value: unknown;
}

export function redisKey(namespace: CacheNamespace, key: string): string {
  return `${REDIS_KEY_PREFIX}${namespace}:${key}`;
}

export function redisCache(client: RedisCacheClient, ttls: CacheTtls = {}, options: RedisCacheOptions = {}): FactCache {
  const now = options.now ?? Date.now;
  const reportError = (error: unknown) => options.onError?.(asError(error));
  const ttlOf = (namespace: CacheNamespace) => Math.max(1, Math.round(ttls[namespace] ?? CACHE_TTL_MS[namespace]));
  const encode = (value: unknown): string => JSON.stringify({ storedAt: now(), value } satisfies StoredValue);

  const getMany = async <T>(namespace: CacheNamespace, keys: readonly string[]): Promise<Map<string, T>> => {
    const found = new Map<string, T>();
    const corrupt: string[] = [];
    const ttl = ttlOf(namespace);
    const chunks: string[][] = [];
    for (let start = 0; start < keys.length; start += MGET_CHUNK) chunks.push(keys.slice(start, start + MGET_CHUNK));
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          return await client.mget(chunk.map((key) => redisKey(namespace, key)));
        } catch (error) {
          reportError(error);
          return undefined; // this chunk's keys are misses; the other chunks still answer
        }
      }),
    );
    // Read in the order asked, as the memory cache answers.
    chunks.forEach((chunk, chunkIndex) => {
      const values = answers[chunkIndex];
      chunk.forEach((key, index) => {
        const text = values?.[index];
        if (text === null || text === undefined) return;
        const stored = decode(text);
        if (!stored) corrupt.push(redisKey(namespace, key));
        else if (now() - stored.storedAt < ttl) found.set(key, stored.value as T);
      });
    });
    if (corrupt.length > 0) {
      try {
        await client.del(corrupt);
      } catch (error) {
        reportError(error);
      }
    }
    return found;
  };

  return {
    get: async <T>(namespace: CacheNamespace, key: string) => (await getMany<T>(namespace, [key])).get(key),
    set: async <T>(namespace: CacheNamespace, key: string, value: T) => {
      const text = encode(value);
      try {
        await client.set(redisKey(namespace, key), text, 'PX', ttlOf(namespace));
      } catch (error) {
        reportError(error);
      }
    },
    getMany,
    setMany: async <T>(namespace: CacheNamespace, entries: ReadonlyMap<string, T>) => {
      if (entries.size === 0) return;
      const ttl = ttlOf(namespace);
      const pipeline = client.pipeline();
      for (const [key, value] of entries) pipeline.set(redisKey(namespace, key), encode(value), 'PX', ttl);
      try {
        const results = await pipeline.exec();
        if (results === null) throw new Error('Redis discarded the pipeline');
        // One report per batch: a full or read-only Redis fails every SET the same way.
        const failed = results.find(([error]) => error !== null);
        if (failed) reportError(failed[0]);
      } catch (error) {
        reportError(error);
      }
    },
  };
}

export interface RedisConnectionOptions extends RedisCacheOptions {
  /** How long to wait for a connection, and then for each command (default 2000 ms). */
  timeoutMs?: number;
}

/**
 * The cache over an ioredis client for `url` (redis:// or rediss://). It connects on first use;
 * an unreachable server fails each command after one retry and a short timeout instead of
 * queueing it forever. `close()` drops the connection.
 */
export function redisCacheFromUrl(url: string, ttls: CacheTtls = {}, options: RedisConnectionOptions = {}): ClosableFactCache {
  const timeout = options.timeoutMs ?? 2000;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeout, commandTimeout: timeout, maxRetriesPerRequest: 1 });
  // Without a listener ioredis prints every connection error to the console itself.
  client.on('error', (error: Error) => options.onError?.(error));
  const cache = redisCache(client, ttls, options);
  return {
    ...cache,
    ping: async () => {
      await client.ping();
    },
    close: async () => {
      // disconnect, not quit: quit would first connect to a server that may be unreachable.
      client.disconnect();
    },
  };
}

function decode(text: string): StoredValue | undefined {
  const stored = parseStoredObject(text);
  if (!stored || typeof stored.storedAt !== 'number' || !('value' in stored)) return undefined;
  return { storedAt: stored.storedAt, value: stored.value };
}

function asError(error: unknown): Error {
  // Duck-typed, not instanceof: an error from another realm (jest's VM, a worker) is an error too.
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') return error as Error;
  return new Error(String(error));
}
