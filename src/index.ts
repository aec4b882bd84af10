/**
 * The Probot entry (`probot run ./dist/src/index.js`): wires the handlers to the job runner (in
 * process, or the durable queue on Redis with REDIS_URL; its workers act as each job's
 * installation), the metrics, the routes `GET /healthz`, `GET /readyz` and `GET /metrics`, and,
 * for the process's own app, the sweeper and the graceful shutdown. Nothing else lives here.
 */
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from 'probot';
import type { Logger } from 'pino';
import { registerPullRequest } from './handlers/pull-request.js';
import { registerPush } from './handlers/push.js';
import { registerRerequest } from './handlers/rerequest.js';
import { registerRelease } from './handlers/release.js';
import { registerSettings } from './handlers/settings.js';
import { createWorkers } from './jobs/registry.js';
import { JobRunner, type JobOutcome } from './jobs/runner.js';
import { todayFrom } from './clock.js';
import { factSourcesFromEnv } from './metadata/config.js';
import { factCacheFromEnv, type ConfiguredCache } from './metadata/cache-config.js';
import { countingCache } from './metadata/counting-cache.js';
import type { FactSource } from './metadata/types.js';
import { octokitLicenseReader } from './github/licenses.js';
import type { GitHub } from './github/octokit.js';
import type { Job } from './jobs/job.js';
import { impactLimitsFromEnv } from './jobs/policy-impact.js';
import { createMetrics } from './metrics.js';
import { DurableQueue } from './jobs/queue.js';
import { runnerConfigFromEnv } from './jobs/queue-config.js';
import { shutDownOn, type ShutdownStep } from './shutdown.js';
import { startSweeping } from './sweeping.js';
import { healthz, metricsRoute, readyz, type ReadinessCheck } from './app-routes.js';

export interface AppOptions {
  env?: NodeJS.ProcessEnv;
  /** License sources; default: from the environment (none with OSPO_OFFLINE=1), action licenses through the installation's client. */
  sources?: readonly FactSource[];
  /** Milliseconds before a job is abandoned and reported neutral (OSPO_JOB_TIMEOUT_MS, default 5 min). */
  deadlineMs?: number;
  /** Called after every job (tests and the benchmark observe outcomes here). */
  onJobDone?: (outcome: JobOutcome) => void;
  /**
   * This app owns the process (`probot run`; not tests building many apps in one process): it
   * sweeps check runs left in progress, and shuts down gracefully on SIGTERM and SIGINT.
   */
  process?: { exit(code: number): void };
  /** Given the app's own close (its runner, then its cache): tests stop an app's queue workers with it. */
  onClose?: (close: (graceMs: number) => Promise<void>) => void;
}

/**
 * Where a token could sit in what we log: Octokit's RequestError carries the request it made
 * (`err.request.headers.authorization`; Octokit masks it too, this is the second lock).
 */
export const REDACTED_PATHS = [
  'err.request.headers.authorization',
  'err.response.request.headers.authorization',
  'err.headers.authorization',
  'headers.authorization',
  'request.headers.authorization',
  '*.headers.authorization',
];

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const env = options.env ?? process.env;
    factSourcesFromEnv(env); // a variable that can't be used stops the app at start, not at the first pull request
    const impactLimits = impactLimitsFromEnv(env);
    const config = runnerConfigFromEnv(env);
    const log: Logger = app.log.child({}, { redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } });
    const metrics = createMetrics();
    const sourcesFor = (github: GitHub) => options.sources ?? factSourcesFromEnv(env, { github: octokitLicenseReader(github) });
    // One per process, shared by every job (Redis with REDIS_URL: shared by every replica). Its
    // errors are logged, once each, and the lookups go on without it.
    const store = factCacheFromEnv(env, 'app', { onError: (error) => log.warn({ err: error }, 'fact cache unavailable: looking facts up without it') });
    const cache = countingCache(store, metrics.cache);
    // Workers that fan out (an org audit) submit to the runner, which needs the workers first.
    const enqueue = (job: Job): Promise<JobOutcome> => runner.submit(job);
    const deadlineMs = options.deadlineMs ?? config.deadlineMs;
    // A check run left in progress is taken over (and found by the sweeper) once a job can no longer be running.
    const takeOverAfterMs = Math.max(10 * 60_000, deadlineMs + 60_000);
    const workers = createWorkers({ sourcesFor, cache, today: () => todayFrom(env, new Date()), now: () => Date.now(), takeOverAfterMs, maxAnnotations: 1000, enqueue, auditConcurrency: 4, ...impactLimits });
    // A worker acts as the job's installation, from its id alone (Probot caches the tokens).
    const authenticate = (installationId: number) => app.auth(installationId);
    const onDone = (_job: Job, outcome: JobOutcome) => options.onJobDone?.(outcome);
    const runner: JobRunner | DurableQueue = config.redisUrl
      ? new DurableQueue({ redisUrl: config.redisUrl, workers, authenticate, log, deadlineMs, concurrency: config.concurrency, perInstallation: config.perInstallation, stalledIntervalMs: config.stalledIntervalMs, attempts: config.attempts, backoffMs: 1000, recentMs: 10 * 60_000, observe: metrics.jobs, onDone })
      : new JobRunner({ workers, authenticate, log, deadlineMs, onDone, observe: metrics.jobs });
    if (runner instanceof DurableQueue) runner.start();
    registerPullRequest(app, enqueue);
    registerRerequest(app, enqueue);
    registerPush(app, enqueue);
    registerSettings(app, enqueue);
    registerRelease(app, enqueue);
    addHandler(healthz);
    addHandler(readyz({ checks: readinessChecks(app, store) }));
    addHandler(metricsRoute(metrics.registry));
    const steps: ShutdownStep[] = [
      { name: 'the job runner', close: (graceMs: number) => runner.close(graceMs) },
      { name: 'the fact cache', close: () => store.close() },
    ];
    options.onClose?.(async (graceMs) => {
      for (const step of steps) await step.close(graceMs);
    });
    if (options.process) {
      // The sweeper stops first: it must not enqueue into a runner that is closing.
      steps.unshift(...startSweeping(app, { intervalMs: config.sweepIntervalMs, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}), staleAfterMs: takeOverAfterMs, enqueue: (job) => enqueueWithoutWaiting(runner, job, log), ...appIdFrom(env), log }));
      shutDownOn(['SIGTERM', 'SIGINT'], { graceMs: config.graceMs, steps, log, exit: options.process.exit });
    }
  };
}

/** The sweeper's jobs: queued (durable), or run in process without the sweep waiting for them. */
async function enqueueWithoutWaiting(runner: JobRunner | DurableQueue, job: Job, log: Logger): Promise<void> {
  const outcome = runner.submit(job);
  if (runner instanceof DurableQueue) return void (await outcome);
  outcome.catch((error: unknown) => log.error({ err: error }, 'ospo-gatekeeper: a job the sweeper started failed'));
}

function appIdFrom(env: NodeJS.ProcessEnv): { appId?: number } {
  const id = Number(env.APP_ID);
  return Number.isSafeInteger(id) && id > 0 ? { appId: id } : {};
}

/** GitHub (an app-authenticated `GET /app`), and the shared cache's store when it has one (Redis). */
function readinessChecks(app: Probot, store: ConfiguredCache): ReadinessCheck[] {
  const github: ReadinessCheck = {
    name: 'github',
    check: async () => {
      const client = await app.auth();
      await client.request('GET /app');
    },
  };
  const { ping } = store;
  return ping ? [github, { name: 'redis', check: () => ping() }] : [github];
}

export default createApp({ process: { exit: (code) => process.exit(code) } });
