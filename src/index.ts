/**
 * The Probot entry (`probot run ./dist/src/index.js`): wires the handlers to the job runner (whose
 * workers act as each job's installation) and adds `GET /healthz`. Nothing else lives here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from 'probot';
import { registerPullRequest } from './handlers/pull-request.js';
import { registerPush } from './handlers/push.js';
import { registerRerequest } from './handlers/rerequest.js';
import { registerSettings } from './handlers/settings.js';
import { createWorkers } from './jobs/registry.js';
import { JobRunner, type JobOutcome } from './jobs/runner.js';
import { todayFrom } from './clock.js';
import { factSourcesFromEnv } from './metadata/config.js';
import { factCacheFromEnv } from './metadata/cache-config.js';
import type { FactSource } from './metadata/types.js';
import { octokitLicenseReader } from './github/licenses.js';
import type { GitHub } from './github/octokit.js';
import type { Job } from './jobs/job.js';
import { impactLimitsFromEnv } from './jobs/policy-impact.js';

export interface AppOptions {
  env?: NodeJS.ProcessEnv;
  /** License sources; default: from the environment (none with OSPO_OFFLINE=1), action licenses through the installation's client. */
  sources?: readonly FactSource[];
  /** Milliseconds before a job is abandoned and reported neutral (OSPO_JOB_TIMEOUT_MS, default 5 min). */
  deadlineMs?: number;
  /** Called after every job (tests and the benchmark observe outcomes here). */
  onJobDone?: (outcome: JobOutcome) => void;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }: ApplicationFunctionOptions) => {
    const env = options.env ?? process.env;
    factSourcesFromEnv(env); // a variable that can't be used stops the app at start, not at the first pull request
    const impactLimits = impactLimitsFromEnv(env);
    const sourcesFor = (github: GitHub) => options.sources ?? factSourcesFromEnv(env, { github: octokitLicenseReader(github) });
    // One per process, shared by every job (Redis with REDIS_URL: shared by every replica). Its
    // errors are logged, once each, and the lookups go on without it.
    const cache = factCacheFromEnv(env, 'app', { onError: (error) => app.log.warn({ err: error }, 'fact cache unavailable: looking facts up without it') });
    // Workers that fan out (an org audit) submit to the runner, which needs the workers first.
    const enqueue = (job: Job): Promise<JobOutcome> => runner.submit(job);
    const workers = createWorkers({ sourcesFor, cache, today: () => todayFrom(env, new Date()), now: () => Date.now(), takeOverAfterMs: 10 * 60_000, maxAnnotations: 1000, enqueue, auditConcurrency: 4, ...impactLimits });
    const runner: JobRunner = new JobRunner({
      workers,
      // A worker acts as the job's installation, from its id alone (Probot caches the tokens).
      authenticate: (installationId) => app.auth(installationId),
      log: app.log,
      deadlineMs: options.deadlineMs ?? (Number(env.OSPO_JOB_TIMEOUT_MS) || undefined),
      onDone: (_job, outcome) => options.onJobDone?.(outcome),
    });
    registerPullRequest(app, enqueue);
    registerRerequest(app, enqueue);
    registerPush(app, enqueue);
    registerSettings(app, enqueue);
    addHandler(healthz);
  };
}

function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url?.split('?')[0] !== '/healthz') return false;
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  return true;
}

export default createApp();
