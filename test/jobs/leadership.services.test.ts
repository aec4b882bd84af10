/**
 * The sweeper's leader lease against a real redis-server (the `services` project). Without
 * OSPO_TEST_REDIS_URL every test fails, saying how to start one: a suite that skips itself would
 * pass in a CI that forgot the server.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../helpers/redis.js';
import { LEADER_KEY, redisLeadership } from '../../src/jobs/leadership.js';


/** A key per test, so runs sharing a server (or a lease left by an earlier run) do not meet. */
const RUN = randomBytes(6).toString('hex');
let keys = 0;
const leaseKey = () => `${LEADER_KEY}:test-${RUN}-${++keys}`;

const clients: Redis[] = [];
/** Each replica its own connection, as two processes would have. */
function connect(): Redis {
  const client = new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('redisLeadership', () => {
  it('two replicas on one Redis: exactly one leads, and keeps leading while it renews', async () => {
    const key = leaseKey();
    const a = redisLeadership(connect(), 'replica-a', 5_000, key);
    const b = redisLeadership(connect(), 'replica-b', 5_000, key);
    const first = await Promise.all([a.lead(), b.lead()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const leader = first[0] ? a : b;
    const other = first[0] ? b : a;
    expect(await leader.lead()).toBe(true);
    expect(await other.lead()).toBe(false);
    expect(await leader.lead()).toBe(true);
  });

  it('a renewal extends the lease: the leader renewing within its ttl is never overtaken', async () => {
    const key = leaseKey();
    const redis = connect();
    const a = redisLeadership(redis, 'replica-a', 300, key);
    const b = redisLeadership(connect(), 'replica-b', 300, key);
    expect(await a.lead()).toBe(true);
    for (let round = 0; round < 4; round++) {
      await sleep(150);
      expect(await a.lead()).toBe(true);
      expect(await b.lead()).toBe(false);
    }
    // 4 x 150 ms = 600 ms: past the first lease's 300 ms, so the renewals did extend it.
    expect(await redis.get(key)).toBe('replica-a');
  });

  it("after the leader's lease lapses (it stopped renewing), the other leads", async () => {
    const key = leaseKey();
    const a = redisLeadership(connect(), 'replica-a', 200, key);
    const b = redisLeadership(connect(), 'replica-b', 200, key);
    expect(await a.lead()).toBe(true);
    expect(await b.lead()).toBe(false);
    await sleep(300);
    expect(await b.lead()).toBe(true);
    // The old leader, back from its pause, does not take the lease back nor renew b's.
    expect(await a.lead()).toBe(false);
  });

  it('release hands the lease over at once; a release by a non-holder leaves the lease alone', async () => {
    const key = leaseKey();
    const redis = connect();
    const a = redisLeadership(redis, 'replica-a', 60_000, key);
    const b = redisLeadership(connect(), 'replica-b', 60_000, key);
    expect(await a.lead()).toBe(true);
    await b.release();
    expect(await redis.get(key)).toBe('replica-a');
    expect(await b.lead()).toBe(false);
    await a.release();
    expect(await b.lead()).toBe(true);
    expect(await a.lead()).toBe(false);
  });
});
