/**
 * How jobs run, from the environment: in process (no REDIS_URL), or on the durable queue with
 * its limits. A value that can't be used stops the app at start, naming the variable.
 */
import { DEFAULT_DEADLINE_MS } from './runner.js';

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

/** The variable of each setting, with its default and least value (the README's table names each). */
export const RUNNER_VARIABLES = {
  deadlineMs: ['OSPO_JOB_TIMEOUT_MS', DEFAULT_DEADLINE_MS, 1],
  concurrency: ['OSPO_WORKER_CONCURRENCY', 4, 0],
  perInstallation: ['OSPO_INSTALLATION_CONCURRENCY', 2, 1],
  attempts: ['OSPO_JOB_ATTEMPTS', 3, 1],
  stalledIntervalMs: ['OSPO_STALLED_INTERVAL_MS', 30_000, 100],
  graceMs: ['OSPO_SHUTDOWN_GRACE_MS', 20_000, 0],
  sweepIntervalMs: ['OSPO_SWEEP_INTERVAL_MS', 300_000, 0],
} as const satisfies Record<Exclude<keyof RunnerConfig, 'redisUrl'>, readonly [string, number, number]>;

export function runnerConfigFromEnv(env: NodeJS.ProcessEnv): RunnerConfig {
  const redisUrl = env.REDIS_URL?.trim();
  const config = {} as Omit<RunnerConfig, 'redisUrl'>;
  for (const [key, [variable, fallback, least]] of Object.entries(RUNNER_VARIABLES) as [keyof typeof RUNNER_VARIABLES, readonly [string, number, number]][]) {
    config[key] = wholeNumber(env, variable, fallback, least);
  }
  return { ...config, ...(redisUrl ? { redisUrl } : {}) };
}

/** A whole number of at least `least` from `variable`, or `fallback` when it is unset or blank. */
export function wholeNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number, least: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < least) throw new Error(`${variable} must be a whole number of at least ${least}, not ${JSON.stringify(raw)}`);
  return value;
}
