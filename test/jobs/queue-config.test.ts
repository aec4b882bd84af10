import { describe, expect, it } from '@jest/globals';
import { runnerConfigFromEnv } from '../../src/jobs/queue-config.js';

describe('runnerConfigFromEnv', () => {
  it('runs in process without REDIS_URL, with the documented defaults', () => {
    expect(runnerConfigFromEnv({})).toEqual({ deadlineMs: 300_000, concurrency: 4, perInstallation: 2, attempts: 3, stalledIntervalMs: 30_000, graceMs: 20_000, sweepIntervalMs: 300_000 });
  });

  it('takes the durable queue with REDIS_URL, and each limit from its variable', () => {
    const config = runnerConfigFromEnv({ REDIS_URL: ' redis://r:6379 ', OSPO_WORKER_CONCURRENCY: '0', OSPO_INSTALLATION_CONCURRENCY: '5', OSPO_JOB_ATTEMPTS: '1', OSPO_STALLED_INTERVAL_MS: '1000', OSPO_SHUTDOWN_GRACE_MS: '0', OSPO_SWEEP_INTERVAL_MS: '0', OSPO_JOB_TIMEOUT_MS: '9000' });
    expect(config).toEqual({ redisUrl: 'redis://r:6379', concurrency: 0, perInstallation: 5, attempts: 1, stalledIntervalMs: 1000, graceMs: 0, sweepIntervalMs: 0, deadlineMs: 9000 });
  });

  it('stops at start on a value it cannot use, naming the variable', () => {
    expect(() => runnerConfigFromEnv({ OSPO_WORKER_CONCURRENCY: 'four' })).toThrow('OSPO_WORKER_CONCURRENCY must be a whole number of at least 0, not "four"');
    expect(() => runnerConfigFromEnv({ OSPO_INSTALLATION_CONCURRENCY: '0' })).toThrow('OSPO_INSTALLATION_CONCURRENCY must be a whole number of at least 1');
    expect(() => runnerConfigFromEnv({ OSPO_JOB_ATTEMPTS: '1.5' })).toThrow('OSPO_JOB_ATTEMPTS');
    expect(() => runnerConfigFromEnv({ OSPO_JOB_TIMEOUT_MS: '-1' })).toThrow('OSPO_JOB_TIMEOUT_MS');
  });
});
