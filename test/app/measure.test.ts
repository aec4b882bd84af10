/**
 * Measures (prints, never asserts on timing) what one typical pull request costs: GitHub calls and
 * milliseconds from the webhook POST to the completed check run, GitHub mocked, through the real
 * server. Run: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- test/app/measure
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import nock from 'nock';
import { performance } from 'node:perf_hooks';
import { pullRequestPayload, sha } from './helpers/fixtures.js';
import { isolateNetwork } from './helpers/harness.js';
import { startServer, type Running } from './helpers/server.js';
import { BASE, baseFiles, headFiles, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterAll(() => nock.cleanAll());

async function measure(running: Running, runs: number): Promise<{ ms: number[]; calls: number[]; routes: string[] }> {
  const ms: number[] = [];
  const calls: number[] = [];
  let routes: string[] = [];
  for (let index = 0; index < runs; index++) {
    const head = sha(`measure-${index}-${Math.random()}`);
    const github = typicalPull({ commits: { [BASE]: baseFiles, [head]: headFiles }, pull: { number: 7, headSha: head, baseSha: BASE, baseRef: 'main', state: 'open' } });
    const started = performance.now();
    const response = await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: head, baseSha: BASE }));
    await response.text();
    ms.push(Math.round(performance.now() - started));
    expect(github.checkRuns[0]?.status).toBe('completed');
    calls.push(github.apiCalls.length);
    routes = github.requests.map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{40}/g, '{sha}')}`);
    github.stop();
    nock.cleanAll();
    isolateNetwork();
  }
  return { ms, calls, routes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

it('prints GitHub calls and webhook -> completed time for a typical pull request', async () => {
  const fast = await startServer();
  const unthrottled = await measure(fast, 7);
  await fast.server.stop();
  // Probot's production defaults: the throttling plugin spaces an installation's writes 1 s apart.
  const production = await startServer({}, { throttle: true });
  const throttled = await measure(production, 1);
  await production.server.stop();
  const result = {
    pullRequest: 'one npm project: package.json + package-lock.json changed, 2 packages added (1 denied, 1 unknown license), no policy files',
    githubCalls: unthrottled.calls[0],
    plusInstallationToken: '1 per installation per hour (cached)',
    routes: unthrottled.routes,
    webhookToCompletedMs: { retryAndThrottleOff: { median: median(unthrottled.ms.slice(1)), first: unthrottled.ms[0], runs: unthrottled.ms }, probotDefaults: throttled.ms[0] },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}, 30_000);
