/** The lease's commands without a server (leadership.services.test.ts runs them on a real Redis). */
import { describe, expect, it } from '@jest/globals';
import { LEADER_KEY, redisLeadership, soleLeadership, type LeaseRedis } from '../../src/jobs/leadership.js';

/** Records the commands; SET NX answers `setAnswer`, EVAL answers `evalAnswer`. */
function recording(setAnswer: string | null, evalAnswer: unknown) {
  const commands: unknown[][] = [];
  const redis: LeaseRedis = {
    set: async (...args) => (commands.push(['set', ...args]), setAnswer),
    eval: async (script, keys, ...args) => (commands.push(['eval', script.includes("'del'") ? 'release' : 'renew', keys, ...args]), evalAnswer),
  };
  return { redis, commands };
}

describe('redisLeadership', () => {
  it('takes a free lease with SET NX PX on the leader key, nothing more', async () => {
    const { redis, commands } = recording('OK', 0);
    expect(await redisLeadership(redis, 'me', 900_000).lead()).toBe(true);
    expect(commands).toEqual([['set', 'ospo-gatekeeper:sweeper:leader', 'me', 'PX', 900_000, 'NX']]);
    expect(LEADER_KEY).toBe('ospo-gatekeeper:sweeper:leader');
  });

  it('a lease already set is renewed by the compare-and-set script, which says whether it was ours', async () => {
    const ours = recording(null, 1);
    expect(await redisLeadership(ours.redis, 'me', 900_000).lead()).toBe(true);
    expect(ours.commands[1]).toEqual(['eval', 'renew', 1, LEADER_KEY, 'me', 900_000]);
    const theirs = recording(null, 0);
    expect(await redisLeadership(theirs.redis, 'me', 900_000).lead()).toBe(false);
  });

  it('release deletes only our own lease (the script compares), and a Redis error is not a "no"', async () => {
    const { redis, commands } = recording(null, 1);
    await redisLeadership(redis, 'me', 1000).release();
    expect(commands).toEqual([['eval', 'release', 1, LEADER_KEY, 'me']]);
    const down: LeaseRedis = { set: async () => Promise.reject(new Error('ECONNREFUSED')), eval: async () => 0 };
    await expect(redisLeadership(down, 'me', 1000).lead()).rejects.toThrow('ECONNREFUSED');
  });

  it('refuses a lease that is not a whole positive number of milliseconds', () => {
    const { redis } = recording('OK', 1);
    expect(() => redisLeadership(redis, 'me', 0)).toThrow('a lease lasts a whole number of milliseconds, not 0');
    expect(() => redisLeadership(redis, 'me', 1.5)).toThrow('not 1.5');
  });
});

describe('soleLeadership', () => {
  it('one process always leads', async () => {
    const sole = soleLeadership();
    expect(await sole.lead()).toBe(true);
    await sole.release();
    expect(await sole.lead()).toBe(true);
  });
});
