/**
 * The app section (`BENCH_ONLY=app`, issue 17 item 5): the typical pull request (one npm project,
 * package.json + package-lock.json changed; test/app/scenario.ts) through the real Probot server
 * with Probot's production throttling (an installation's writes and GraphQL requests 1 s apart),
 * against the fake GitHub answering every request after `latencyMs`. Reports the GitHub calls, their
 * routes, and the time from the webhook POST to the completed check run (when the fake answered the
 * completing update) and to the job's end (the review posted). Goal: <= 8 calls, <= 1.5 s to completed.
 */
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { startServer } from '../test/app/helpers/app-server.js';
import { pullRequestPayload, sha } from '../test/app/helpers/fixtures.js';
import type { FakeGitHub } from '../test/app/helpers/fake-github.js';
import { isolateNetwork } from '../test/app/helpers/harness.js';
import { BASE, baseFiles, headFiles, typicalPull } from '../test/app/scenario.js';

export const APP_CALLS_GOAL = 8;
export const APP_COMPLETED_MS_GOAL = 1500;

export interface AppLatencyOptions {
  runs: number;
  latencyMs: number;
  /** Probot's throttling on (production) or off (the tests' client). */
  throttle: boolean;
  log?: (line: string) => void;
}

export interface AppLatency {
  calls: number[];
  routes: string[];
  /** Webhook POST -> the fake answered the update that completed the check run. */
  completedMs: number[];
  /** Webhook POST -> the webhook's answer (the job done: the review posted). */
  jobMs: number[];
}


/** When the fake answered the update that completed the check run (performance.now()). */
function completedAt(github: FakeGitHub): number {
  const completion = github.requests.find((request) => request.method === 'PATCH' && /\/check-runs\/\d+$/.test(request.path) && request.body?.status === 'completed');
  if (completion?.answeredAt === undefined) throw new Error(`the check run was not completed (routes: ${routesOf(github).join(', ')})`);
  return completion.answeredAt;
}

const routesOf = (github: FakeGitHub) => github.apiCalls.map((request) => `${request.method} ${request.path.replace(/[0-9a-f]{40}/g, '{sha}')}`);

/** The typical pull request, `runs` times on one server (a fresh head each time). */
export async function measureTypicalPull(options: AppLatencyOptions): Promise<AppLatency> {
  isolateNetwork();
  const running = await startServer({}, { throttle: options.throttle });
  const result: AppLatency = { calls: [], routes: [], completedMs: [], jobMs: [] };
  try {
    for (let index = 0; index < options.runs; index++) {
      // One installation's writes are spaced 1 s apart across jobs too: each run starts with that slot free.
      if (options.throttle && index > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
      const head = sha(`app-bench-${index}-${Math.random()}`);
      const github = typicalPull({ commits: { [BASE]: baseFiles, [head]: headFiles }, pull: { number: 7, headSha: head, baseSha: BASE, baseRef: 'main', state: 'open' }, latencyMs: options.latencyMs });
      try {
        const started = performance.now();
        const response = await running.post('pull_request', pullRequestPayload('opened', { number: 7, headSha: head, baseSha: BASE }));
        await response.text();
        if (response.status !== 200) throw new Error(`the webhook was answered ${response.status}`);
        result.jobMs.push(Math.round(performance.now() - started));
        result.completedMs.push(Math.round(completedAt(github) - started));
        result.calls.push(github.apiCalls.length);
        result.routes = routesOf(github);
        options.log?.(`bench: app run ${index + 1}/${options.runs}: ${result.calls.at(-1)} calls, completed after ${result.completedMs.at(-1)} ms`);
      } finally {
        github.stop();
        nock.cleanAll();
        isolateNetwork();
      }
    }
  } finally {
    await running.server.stop();
  }
  return result;
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The section's report: calls, routes, medians, and the goals met or not. */
export async function runAppLatency(options: { runs: number; latencyMs: number; log: (line: string) => void }): Promise<Record<string, unknown>> {
  options.log(`bench: app (typical pull request, ${options.latencyMs} ms per GitHub answer, throttling on, ${options.runs} runs)...`);
  const measured = await measureTypicalPull({ ...options, throttle: true });
  const calls = Math.max(...measured.calls);
  const completed = median(measured.completedMs);
  return {
    pullRequest: 'one npm project: package.json + package-lock.json changed, 2 packages added (1 denied, 1 unknown license), no policy files',
    latencyMsPerAnswer: options.latencyMs,
    throttling: 'Probot defaults (writes and GraphQL 1 s apart per installation)',
    githubCalls: calls,
    plusInstallationToken: '1 per installation per hour (cached)',
    routes: measured.routes,
    webhookToCompletedMs: { median: completed, runs: measured.completedMs },
    webhookToJobDoneMs: { median: median(measured.jobMs), runs: measured.jobMs },
    goal: `<= ${APP_CALLS_GOAL} calls and <= ${APP_COMPLETED_MS_GOAL} ms to the completed check run`,
    goalMet: calls <= APP_CALLS_GOAL && completed <= APP_COMPLETED_MS_GOAL,
  };
}
