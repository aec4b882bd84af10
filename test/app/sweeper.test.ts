/**
 * End to end: a check run a crash left in progress 20 minutes ago, found by the sweeper (the app's
 * installations, its GraphQL query) and completed by a real in-process runner's pull-request job,
 * which takes the old run over: the same check run id ends completed, no second one is created.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { Probot } from 'probot';
import { CHECK_NAME } from '../../src/github/checks.js';
import { listInstallations } from '../../src/github/installations.js';
import { externalIdFor, type Job, type PullRequestJob } from '../../src/jobs/job.js';
import { createWorkers } from '../../src/jobs/registry.js';
import { JobRunner, type JobOutcome } from '../../src/jobs/runner.js';
import { sweepOnce, type SweepDeps } from '../../src/jobs/sweeper.js';
import { memoryCache } from '../../src/metadata/cache.js';
import { privateKey } from './helpers/fixtures.js';
import { isolateNetwork, silentLog, testOctokit } from './helpers/harness.js';
import { startServer } from './helpers/server.js';
import { BASE, HEAD, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const TAKE_OVER_AFTER_MS = 10 * 60_000;

/** The app's pieces as src/index.ts wires them: Probot's auth, the workers, one in-process runner. */
function inProcessApp() {
  const probot = new Probot({ appId: 1, privateKey: privateKey(), secret: 'test-secret', log: silentLog(), Octokit: testOctokit(false) });
  const outcomes: JobOutcome[] = [];
  const enqueue = (job: Job): Promise<JobOutcome> => runner.submit(job);
  const workers = createWorkers({
    sourcesFor: () => [],
    cache: memoryCache(),
    today: () => '2026-01-15',
    now: () => Date.now(),
    takeOverAfterMs: TAKE_OVER_AFTER_MS,
    maxAnnotations: 1000,
    enqueue,
    auditConcurrency: 4,
    impactRepositories: 50,
    impactConcurrency: 4,
    impactPullsPerRepository: 20,
    impactPulls: 100,
  });
  const runner: JobRunner = new JobRunner({ workers, authenticate: (id) => probot.auth(id), log: silentLog(), onDone: (_job, outcome) => outcomes.push(outcome) });
  const sweep: SweepDeps = {
    installations: async () => listInstallations(await probot.auth()),
    authenticate: (id) => probot.auth(id),
    enqueue,
    now: () => Date.now(),
    staleAfterMs: TAKE_OVER_AFTER_MS,
    appId: 1,
    log: silentLog(),
  };
  return { sweep, outcomes };
}

const installationsRoute = (method: string, path: string): [number, unknown] | undefined =>
  method === 'GET' && path === '/app/installations' ? [200, [{ id: 1, account: { login: 'Codertocat', type: 'Organization' } }]] : undefined;

const job: PullRequestJob = { kind: 'pull-request', installationId: 1, repo: { owner: 'Codertocat', repo: 'Hello-World' }, pullNumber: 7, headSha: HEAD, baseRef: 'main', trigger: 'pull_request.opened', deliveryId: 'lost', force: false };

describe('the sweeper, end to end', () => {
  it('a run left in progress 20 minutes ago is taken over and completed: same id, no second run', async () => {
    const github = typicalPull({ extraRoutes: installationsRoute });
    const startedAt = new Date(Date.now() - 20 * 60_000).toISOString();
    github.checkRuns.push({ id: 1000, name: CHECK_NAME, head_sha: HEAD, external_id: externalIdFor(job), status: 'in_progress', conclusion: null, started_at: startedAt, output: { title: 'Checking dependencies…', summary: '' }, annotations: [], updates: [] });
    const app = inProcessApp();

    expect(await sweepOnce(app.sweep)).toEqual({ installations: 1, inspected: 1, reEnqueued: 1, failed: 0 });

    expect(github.calls('POST', /check-runs$/)).toHaveLength(0);
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]).toMatchObject({ id: 1000, status: 'completed', conclusion: 'failure' });
    expect(github.checkRuns[0]!.output.summary).toContain('gpl-thing');
    expect(app.outcomes).toEqual([expect.objectContaining({ status: 'done', conclusion: 'failure', checkRunId: 1000 })]);
    // The job compared the pull request's own base and head.
    expect(github.calls('GET', new RegExp(`compare/${BASE}\\.\\.\\.${HEAD}$`))).toHaveLength(1);

    // The next sweep finds nothing left unfinished.
    expect(await sweepOnce(app.sweep)).toEqual({ installations: 1, inspected: 1, reEnqueued: 0, failed: 0 });
  });

  it('a run in progress for 5 minutes (an evaluation still running elsewhere) is left alone', async () => {
    const github = typicalPull({ extraRoutes: installationsRoute });
    github.checkRuns.push({ id: 1000, name: CHECK_NAME, head_sha: HEAD, external_id: externalIdFor(job), status: 'in_progress', conclusion: null, started_at: new Date(Date.now() - 5 * 60_000).toISOString(), output: {}, annotations: [], updates: [] });
    const app = inProcessApp();
    expect(await sweepOnce(app.sweep)).toEqual({ installations: 1, inspected: 1, reEnqueued: 0, failed: 0 });
    expect(github.checkRuns[0]!.status).toBe('in_progress');
    expect(github.calls('PATCH', /check-runs/)).toHaveLength(0);
  });

  it('the app that owns its process sweeps by itself, at start and then every OSPO_SWEEP_INTERVAL_MS', async () => {
    const github = typicalPull({ extraRoutes: installationsRoute });
    github.checkRuns.push({ id: 1000, name: CHECK_NAME, head_sha: HEAD, external_id: externalIdFor(job), status: 'in_progress', conclusion: null, started_at: new Date(Date.now() - 20 * 60_000).toISOString(), output: {}, annotations: [], updates: [] });
    const exits: number[] = [];
    const running = await startServer({}, { app: { env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15', OSPO_SWEEP_INTERVAL_MS: '200', APP_ID: '1' }, sources: [], process: { exit: (code) => exits.push(code) } } });
    try {
      for (let waited = 0; github.checkRuns[0]?.status !== 'completed' && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(github.checkRuns).toHaveLength(1);
      expect(github.checkRuns[0]).toMatchObject({ id: 1000, status: 'completed', conclusion: 'failure' });
      // APP_ID named the app: GitHub was not asked which app this is.
      expect(github.calls('GET', /^\/app$/)).toHaveLength(0);
      const sweeps = () => github.calls('POST', /^\/graphql$/).length;
      const before = sweeps();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(sweeps()).toBeGreaterThan(before); // it went on sweeping
    } finally {
      await running.server.stop();
    }
    const after = github.calls('POST', /^\/graphql$/).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(github.calls('POST', /^\/graphql$/)).toHaveLength(after); // stopping the app stopped the sweeper
    expect(exits).toEqual([]);
  });
});
