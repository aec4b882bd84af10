/**
 * Which replica does the fleet-wide chores (the sweeper): the one holding a lease in Redis. The
 * lease is taken with SET NX PX and renewed only by its holder (compare-and-set in a Lua script:
 * a process that was paused past its lease can't renew, nor release, the next holder's). A
 * holder that dies stops renewing and another replica leads once the lease lapses.
 */

export const LEADER_KEY = 'ospo-gatekeeper:sweeper:leader';

/** What a lease needs of a Redis client (ioredis's `Redis` has it). */
export interface LeaseRedis {
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number, nx: 'NX'): Promise<string | null>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface Leadership {
  /** True when this process holds the lease now (taken or renewed by this call). Rejects when Redis can't be asked. */
  lead(): Promise<boolean>;
  /** Gives the lease up, if held, so another process can lead at once (a clean shutdown). */
  release(): Promise<void>;
}

/** Extends the lease only if its value is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lease only if its value is still ours. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * `id` names this process (unique in the fleet, e.g. host, pid and a random part); `ttlMs` is how
 * long the lease outlives its last renewal: longer than the time between two `lead()` calls (the
 * sweep interval), or the leader loses it between sweeps.
 */
export function redisLeadership(redis: LeaseRedis, id: string, ttlMs: number, key = LEADER_KEY): Leadership {
  if (!Number.isInteger(ttlMs) || ttlMs < 1) throw new Error(`a lease lasts a whole number of milliseconds, not ${ttlMs}`);
  return {
    lead: async () => {
      if ((await redis.set(key, id, 'PX', ttlMs, 'NX')) === 'OK') return true;
      return Number(await redis.eval(RENEW, 1, key, id, ttlMs)) === 1;
    },
    release: async () => {
      await redis.eval(RELEASE, 1, key, id);
    },
  };
}

/** One process (no Redis): it always leads. */
export function soleLeadership(): Leadership {
  return { lead: async () => true, release: async () => undefined };
}
