/**
 * Issue 17: the app with REDIS_URL set, against a real redis-server (the `services` project).
 * Probot then throttles GitHub calls through Redis (its ioredis + Bottleneck connection) and the
 * fact cache lives in Redis: the app must start, answer, and complete an evaluation that way.
 * Without OSPO_TEST_REDIS_URL the test fails, saying how to start one (see redis-cache.services.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { emptyDatabase, testRedisUrl } from '../helpers/redis.js';

// A database of its own, emptied first: the durable queue remembers a job done a moment ago (by id) across runs.
const redisUrl = () => testRedisUrl(8);
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import { pullRequestPayload } from './helpers/fixtures.js';
import { isolateNetwork } from './helpers/harness.js';
import { startServer, type Running } from './helpers/server.js';
import { BASE, HEAD, typicalPull } from './scenario.js';


beforeAll(async () => {
  isolateNetwork();
  await emptyDatabase(redisUrl());
});
let running: Running | undefined;
afterAll(async () => {
  await running?.server.stop();
  nock.cleanAll();
});

describe('the app with REDIS_URL', () => {
  it('starts with Redis-backed throttling and cache, answers /healthz, and completes a pull request evaluation', async () => {
    const url = redisUrl();
    const github = typicalPull();
    // throttle: true keeps Probot's own throttling on, which REDIS_URL points at Redis.
    running = await startServer({ REDIS_URL: url }, { throttle: true, app: { env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15', REDIS_URL: url }, sources: [] } });
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
    const response = await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));
    expect(response.status).toBe(200);
    for (let waited = 0; running.outcomes.length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.outcomes).toEqual([expect.objectContaining({ status: 'done' })]);
    const completion = github.requests.filter((request) => /check-runs/.test(request.path) && request.method === 'PATCH').pop();
    expect(completion).toMatchObject({ body: { status: 'completed', conclusion: 'failure' } });
    // Created (by the read-ahead's GraphQL mutation) under our name, once.
    expect(github.checkRuns.map((run) => run.name)).toEqual([CHECK_NAME]);
  });
});
