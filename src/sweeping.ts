/**
 * The sweeper as the app runs it (entry layer): one replica at a time (a Redis lease with
 * REDIS_URL, else this process alone) looks for this app's dependency check runs left in progress
 * past the take-over age and enqueues their jobs again. Returns the steps that stop it cleanly.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import { listInstallations } from './github/installations.js';
import type { PullRequestJob } from './jobs/job.js';
import { redisLeadership, soleLeadership } from './jobs/leadership.js';
import { startSweeper, sweepOnce } from './jobs/sweeper.js';
import type { ShutdownStep } from './shutdown.js';

export interface SweepingOptions {
  intervalMs: number;
  redisUrl?: string;
  /** A run unfinished longer than this is stale: the pull-request job's take-over age. */
  staleAfterMs: number;
  /** Where a stale run's job goes; must not wait for the evaluation (the sweep would last as long). */
  enqueue(job: PullRequestJob): Promise<unknown>;
  /** APP_ID when the environment has it; else the app asks GitHub (`GET /app`) once. */
  appId?: number;
  log: Logger;
}

export function startSweeping(app: Probot, options: SweepingOptions): ShutdownStep[] {
  if (options.intervalMs <= 0) return [];
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  redis?.on('error', (error) => options.log.warn({ err: error }, 'ospo-gatekeeper: the sweeper lost Redis'));
  // The lease outlives the time between two sweeps, or the leader would lose it in between.
  const leadership = redis ? redisLeadership(redis, `${hostname()}:${process.pid}:${randomUUID()}`, 3 * options.intervalMs) : soleLeadership();
  let appId = options.appId;
  const sweeper = startSweeper({
    intervalMs: options.intervalMs,
    lead: leadership.lead,
    log: options.log,
    sweep: async () => {
      const asApp = await app.auth();
      if (appId === undefined) {
        const { data } = await asApp.request('GET /app');
        if (!data) throw new Error('GitHub did not say which app this is (GET /app answered nothing)');
        appId = data.id;
      }
      return sweepOnce({ installations: () => listInstallations(asApp), authenticate: (id) => app.auth(id), enqueue: options.enqueue, now: () => Date.now(), staleAfterMs: options.staleAfterMs, appId: appId as number, log: options.log });
    },
  });
  return [
    { name: 'the sweeper', close: () => sweeper.stop() },
    {
      name: 'the sweeper lease',
      close: async () => {
        await leadership.release();
        await redis?.quit();
      },
    },
  ];
}
