/**
 * Which fact cache a process uses, from the environment (DESIGN.md "GitHub App"): Redis when
 * REDIS_URL is set (replicas share it; a CLI pointed at it shares it too), else the CLI keeps
 * facts on disk between runs and the app in its own memory. A variable that can't be used is a
 * ConfigError naming it, never a silent default.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { CACHE_TTL_MS, memoryCache, type CacheNamespace, type CacheTtls } from './cache.js';
import { ConfigError } from './config.js';
import { defaultCacheDir, diskCache } from './disk-cache.js';
import { redisCacheFromUrl, type ClosableFactCache } from './redis-cache.js';

export const CACHE_ENV = {
  redisUrl: 'REDIS_URL',
  cacheDir: 'OSPO_CACHE_DIR',
  ttl: 'OSPO_CACHE_TTL',
} as const;

/** Every variable the cache reads, with what it means (for --help and the README). */
export const CACHE_VARIABLES: readonly [string, string][] = [
  [CACHE_ENV.redisUrl, 'redis:// or rediss:// URL: cache package facts in Redis, shared by every process using it (app and CLI)'],
  [CACHE_ENV.cacheDir, 'CLI: folder of the disk cache (default $XDG_CACHE_HOME/ospo-gatekeeper, ~/.cache/ospo-gatekeeper, ~/Library/Caches/ospo-gatekeeper on macOS, %LOCALAPPDATA%\\ospo-gatekeeper on Windows)'],
  [CACHE_ENV.ttl, `how long cached facts stay fresh, per namespace, e.g. vulnerabilities=2h,scorecard=1d (units s, m, h, d; namespaces ${Object.keys(CACHE_TTL_MS).join(', ')})`],
];

export type CacheRole = 'cli' | 'app';

/** A configured cache, with what it is for the logs (a Redis URL's password is not in it). */
export interface ConfiguredCache extends ClosableFactCache {
  readonly description: string;
}

export interface CacheFromEnvOptions {
  /** Told of each cache error (unreachable Redis, unwritable folder); lookups go on without the cache. */
  onError?: (error: Error) => void;
  /** For the default disk folder; default this process's platform and home. */
  platform?: NodeJS.Platform;
  home?: string;
}

/** The fact cache for `role`. Throws ConfigError for a variable that is not usable. */
export function factCacheFromEnv(env: NodeJS.ProcessEnv, role: CacheRole, options: CacheFromEnvOptions = {}): ConfiguredCache {
  const ttls = cacheTtlsFromEnv(env);
  const errorOptions = options.onError ? { onError: options.onError } : {};
  const redisUrl = env[CACHE_ENV.redisUrl];
  if (redisUrl !== undefined && redisUrl !== '') {
    const url = redisUrlFrom(redisUrl);
    return { ...redisCacheFromUrl(redisUrl, ttls, errorOptions), description: `Redis (${redacted(url)})` };
  }
  if (role === 'app') return { ...memoryCache(undefined, ttls), close: async () => undefined, description: 'memory' };
  const configuredDir = env[CACHE_ENV.cacheDir];
  const dir = configuredDir ? resolve(configuredDir) : defaultCacheDir(env, options.platform ?? process.platform, options.home ?? homedir());
  return { ...diskCache(dir, ttls, errorOptions), close: async () => undefined, description: `disk (${dir})` };
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The TTL overrides of OSPO_CACHE_TTL (`namespace=<whole number><s|m|h|d>`, comma-separated), in ms. */
export function cacheTtlsFromEnv(env: NodeJS.ProcessEnv): CacheTtls {
  const value = env[CACHE_ENV.ttl];
  const ttls: Partial<Record<CacheNamespace, number>> = {};
  if (value === undefined || value.trim() === '') return ttls;
  const fail = (entry: string, why: string) => new ConfigError(`${CACHE_ENV.ttl}: "${entry}" ${why} (expected like vulnerabilities=2h,scorecard=1d)`);
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue; // a trailing comma says nothing
    const match = /^([a-zA-Z-]+)\s*=\s*(\d+)\s*([smhd])$/.exec(entry);
    if (!match) throw fail(entry, 'is not namespace=<whole number><s|m|h|d>');
    const [, name = '', amount = '', unit = ''] = match;
    if (!isNamespace(name)) throw fail(entry, `names no cache namespace (known: ${Object.keys(CACHE_TTL_MS).join(', ')})`);
    if (name in ttls) throw fail(entry, `sets ${name} a second time`);
    const ms = Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
    if (!(ms > 0) || !Number.isSafeInteger(ms)) throw fail(entry, 'must be a positive duration');
    ttls[name] = ms;
  }
  return ttls;
}

function isNamespace(name: string): name is CacheNamespace {
  return Object.hasOwn(CACHE_TTL_MS, name);
}

function redisUrlFrom(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${CACHE_ENV.redisUrl}=${redacted(value)} is not a URL (expected like redis://cache.internal:6379)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(`${CACHE_ENV.redisUrl}=${redacted(url)} must be a redis:// or rediss:// URL`);
  return url;
}

/** The URL without its password, fit for an error or a log line. */
function redacted(url: URL | string): string {
  if (typeof url === 'string') return url.replace(/\/\/([^/@]*):[^/@]*@/, '//$1:***@');
  if (url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}
