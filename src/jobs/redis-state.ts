/**
 * The small state the durable queue keeps in Redis beside BullMQ's: the head most recently
 * confirmed per pull request (supersession, shared by every replica), and the running jobs of
 * each installation (a fleet-wide limit). Both expire: Redis is never the only record of anything
 * (DESIGN.md: verdicts live in GitHub).
 */
import type { Redis } from 'ioredis';
import type { SupersessionStore } from './execute.js';

const PREFIX = 'ospo-gatekeeper';
/** A pull request's current head is remembered this long after its last confirmation. */
const CURRENT_TTL_MS = 7 * 24 * 3_600_000;

export function redisSupersession(redis: Redis): SupersessionStore {
  const key = (group: string) => `${PREFIX}:current:${group}`;
  return {
    confirm: async (group, version) => void (await redis.set(key(group), version, 'PX', CURRENT_TTL_MS)),
    current: async (group) => (await redis.get(key(group))) ?? undefined,
  };
}

export interface InstallationSlots {
  /** True when `holder` may run now (it holds one of its installation's slots). */
  acquire(installationId: number, holder: string): Promise<boolean>;
  release(installationId: number, holder: string): Promise<void>;
}

// A sorted set per installation: member = job id, score = when its hold lapses, by Redis's own
// clock (replicas' clocks may disagree). Expired holds (a worker that died) are dropped first; a
// holder asking again (its job retried) keeps its slot.
const ACQUIRE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
  return 1
end
return 0`;

/** At most `limit` holders per installation; a hold lapses after `holdMs` if never released. */
export function installationSlots(redis: Redis, limit: number, holdMs: number): InstallationSlots {
  const key = (installationId: number) => `${PREFIX}:installation:${installationId}:running`;
  return {
    acquire: async (installationId, holder) => (await redis.eval(ACQUIRE, 1, key(installationId), limit, holder, holdMs)) === 1,
    release: async (installationId, holder) => void (await redis.zrem(key(installationId), holder)),
  };
}
