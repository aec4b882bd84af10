/**
 * Measures (prints, never asserts on timing) what one typical pull request costs: GitHub calls and
 * milliseconds from the webhook POST to the completed check run, GitHub mocked, through the real
 * server: without throttling or latency, and as in production (Probot's throttling, 100 ms per
 * GitHub answer; the benchmark's app section, bench/app-latency.ts).
 * Run: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- test/app/measure
 */
import { afterAll, expect, it } from '@jest/globals';
import nock from 'nock';
import { APP_CALLS_GOAL, measureTypicalPull, median } from '../../bench/app-latency.js';

afterAll(() => nock.cleanAll());

it('prints GitHub calls and webhook -> completed time for a typical pull request', async () => {
  const unthrottled = await measureTypicalPull({ runs: 7, latencyMs: 0, throttle: false });
  const production = await measureTypicalPull({ runs: 2, latencyMs: 100, throttle: true });
  expect(unthrottled.calls[0]).toBeLessThanOrEqual(APP_CALLS_GOAL);
  const result = {
    pullRequest: 'one npm project: package.json + package-lock.json changed, 2 packages added (1 denied, 1 unknown license), no policy files',
    githubCalls: unthrottled.calls[0],
    plusInstallationToken: '1 per installation per hour (cached)',
    routes: unthrottled.routes,
    webhookToCompletedMs: {
      retryAndThrottleOff: { median: median(unthrottled.completedMs.slice(1)), first: unthrottled.completedMs[0], runs: unthrottled.completedMs },
      probotDefaultsWith100msLatency: production.completedMs,
    },
    webhookToJobDoneMs: { retryAndThrottleOff: unthrottled.jobMs, probotDefaultsWith100msLatency: production.jobMs },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}, 60_000);
