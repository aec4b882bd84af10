/**
 * The Redis of the `services` tests: OSPO_TEST_REDIS_URL (.ci/run starts a throwaway server).
 * Without it a test fails saying how to start one: a suite that skipped itself would pass in a CI
 * that forgot the server.
 */
import { Redis } from 'ioredis';

/** The server's URL, on `database` when given (a file that empties its database uses one of its own). */
export function testRedisUrl(database?: number): string {
  const url = process.env.OSPO_TEST_REDIS_URL;
  if (!url) {
    throw new Error(
      'OSPO_TEST_REDIS_URL is not set: start a Redis, e.g. `redis-server --save "" --appendonly no --port 6390 &`, ' +
        'then run `OSPO_TEST_REDIS_URL=redis://127.0.0.1:6390 npm run test:services` (.ci/run does both)',
    );
  }
  return database === undefined ? url : `${url.replace(/\/\d*$/, '')}/${database}`;
}

/** Empties the database of `url` (only ever a test's own). */
export async function emptyDatabase(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    await redis.flushdb();
  } finally {
    await redis.quit();
  }
}
