/**
 * The app's Prometheus metrics (GET /metrics): an adapter the entry wires. One Registry per app
 * instance, never prom-client's global one (tests build many apps in one process). The job
 * runner sees only the `JobObserver` it is given; the cache is counted through countingCache.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GitHub } from './github/octokit.js';
import { CACHE_TTL_MS } from './metadata/cache.js';
import type { CacheCounts } from './metadata/counting-cache.js';
import type { JobObserver } from './jobs/execute.js';

export interface AppMetrics {
  readonly registry: Registry;
  readonly jobs: JobObserver;
  readonly cache: CacheCounts;
  /** Counts the REST calls of a client and records the rate limit GitHub reports on each answer. */
  watchGitHub(github: GitHub): void;
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  const watched = new WeakSet<object>();
  const at = { registers: [registry] };
  const queued = new Counter({ name: 'ospo_jobs_queued_total', help: 'Jobs submitted to the runner', labelNames: ['kind'], ...at });
  const running = new Gauge({ name: 'ospo_jobs_running', help: 'Jobs running now', labelNames: ['kind'], ...at });
  const failed = new Counter({ name: 'ospo_jobs_failed_total', help: 'Jobs that failed or threw (their check reports it)', labelNames: ['kind'], ...at });
  const finished = new Counter({ name: 'ospo_jobs_finished_total', help: 'Jobs finished, by outcome status', labelNames: ['kind', 'status'], ...at });
  // Only the durable queue (REDIS_URL) retries; exposed in process too, so dashboards need no change.
  const retried = new Counter({ name: 'ospo_jobs_retried_total', help: 'Failed job attempts the durable queue tries again (always 0 with the in-process runner)', labelNames: ['kind'], ...at });
  const duration = new Histogram({ name: 'ospo_job_duration_seconds', help: 'Time a job ran, from start to outcome', labelNames: ['kind'], buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300], ...at });
  const calls = new Counter({ name: 'ospo_github_calls_total', help: 'GitHub REST calls made by jobs', ...at });
  const rateLimit = new Gauge({ name: 'ospo_github_rate_limit_remaining', help: 'x-ratelimit-remaining of the latest GitHub answer', ...at });
  const hits = new Counter({ name: 'ospo_fact_cache_hits_total', help: 'Fact cache keys found', labelNames: ['namespace'], ...at });
  const misses = new Counter({ name: 'ospo_fact_cache_misses_total', help: 'Fact cache keys not found', labelNames: ['namespace'], ...at });
  retried.inc({ kind: 'pull-request' }, 0);
  calls.inc(0);
  for (const namespace of Object.keys(CACHE_TTL_MS)) {
    hits.inc({ namespace }, 0);
    misses.inc({ namespace }, 0);
  }
  return {
    registry,
    jobs: {
      queued: (kind) => queued.inc({ kind }),
      started: (kind) => running.inc({ kind }),
      finished: (kind, status, seconds) => {
        running.dec({ kind });
        finished.inc({ kind, status });
        if (status === 'failed') failed.inc({ kind });
        duration.observe({ kind }, seconds);
      },
      retried: (kind) => retried.inc({ kind }),
      github: (github) => watchGitHub(github),
    },
    cache: { hits: (namespace, count) => hits.inc({ namespace }, count), misses: (namespace, count) => misses.inc({ namespace }, count) },
    watchGitHub,
  };

  function watchGitHub(github: GitHub): void {
    // Probot caches installation clients: hook each one once.
    if (watched.has(github)) return;
    watched.add(github);
    github.hook.before('request', () => calls.inc());
    github.hook.after('request', (response) => recordRateLimit(response.headers));
    github.hook.error('request', (error) => {
      const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
      if (headers) recordRateLimit(headers);
      throw error;
    });
  }

  function recordRateLimit(headers: Record<string, unknown>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) rateLimit.set(remaining);
  }
}
