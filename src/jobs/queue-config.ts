/**
 * How jobs run, from the environment: in process (no REDIS_URL), or on the durable queue with
 * its limits. A value that can't be used stops the app at start, naming the variable.
 */
import { DEFAULT_DEADLINE_MS } from './runner.js';

export const RUNNER_VARIABLES: readonly [string, string][] = [
  ['OSPO_JOB_TIMEOUT_MS', `an evaluation still running after this (default ${DEFAULT_DEADLINE_MS}) is reported neutral`],
  ['OSPO_WORKER_CONCURRENCY', 'with REDIS_URL: jobs this replica runs at once (default 4; 0: it only takes webhooks)'],
  ['OSPO_INSTALLATION_CONCURRENCY', 'with REDIS_URL: jobs of one installation running at once across every replica (default 2)'],
  ['OSPO_JOB_ATTEMPTS', 'with REDIS_URL: attempts of a job that fails before its check reports neutral (default 3)'],
  ['OSPO_STALLED_INTERVAL_MS', "with REDIS_URL: how often a dead worker's jobs are looked for, and how long a job's lock lasts (default 30000)"],
  ['OSPO_SHUTDOWN_GRACE_MS', 'on SIGTERM: how long running jobs may finish before they are handed back (default 20000)'],
  ['OSPO_SWEEP_INTERVAL_MS', 'how often check runs left in progress (a crash, a lost queue) are looked for and run again (default 300000; 0: never)'],
];

export interface RunnerConfig {
  deadlineMs: number;
  /** Set: jobs go to the durable queue on this Redis. */
  redisUrl?: string;
  concurrency: number;
  perInstallation: number;
  attempts: number;
  stalledIntervalMs: number;
  graceMs: number;
  sweepIntervalMs: number;
}

export function runnerConfigFromEnv(env: NodeJS.ProcessEnv): RunnerConfig {
  const redisUrl = env.REDIS_URL?.trim();
  return {
    deadlineMs: wholeNumber(env, 'OSPO_JOB_TIMEOUT_MS', DEFAULT_DEADLINE_MS, 1),
    ...(redisUrl ? { redisUrl } : {}),
    concurrency: wholeNumber(env, 'OSPO_WORKER_CONCURRENCY', 4, 0),
    perInstallation: wholeNumber(env, 'OSPO_INSTALLATION_CONCURRENCY', 2, 1),
    attempts: wholeNumber(env, 'OSPO_JOB_ATTEMPTS', 3, 1),
    stalledIntervalMs: wholeNumber(env, 'OSPO_STALLED_INTERVAL_MS', 30_000, 100),
    graceMs: wholeNumber(env, 'OSPO_SHUTDOWN_GRACE_MS', 20_000, 0),
    sweepIntervalMs: wholeNumber(env, 'OSPO_SWEEP_INTERVAL_MS', 300_000, 0),
  };
}

/** A whole number of at least `least` from `variable`, or `fallback` when it is unset or blank. */
export function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, least: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < least) throw new Error(`${variable} must be a whole number of at least ${least}, not ${JSON.stringify(raw)}`);
  return value;
}
