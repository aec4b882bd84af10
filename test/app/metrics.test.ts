import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { createMetrics } from '../../src/metrics.js';
import { isolateNetwork, testOctokit } from './helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

describe('createMetrics', () => {
  it('counts GitHub calls (a client watched twice counts once) and keeps the latest rate limit remaining, from errors too', async () => {
    nock('https://api.github.com').get('/a').reply(200, {}, { 'x-ratelimit-remaining': '4999' }).get('/b').reply(404, { message: 'Not Found' }, { 'x-ratelimit-remaining': '4998' });
    const metrics = createMetrics();
    const Octokit = testOctokit(false);
    const github = new Octokit({ auth: 'token-x' });
    metrics.watchGitHub(github);
    metrics.watchGitHub(github);
    await github.request('GET /a');
    await expect(github.request('GET /b')).rejects.toMatchObject({ status: 404 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('\nospo_github_calls_total 2\n');
    expect(text).toContain('\nospo_github_rate_limit_remaining 4998\n');
  });

  it('two apps in one process each have their own registry', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.jobs.queued('pull-request');
    expect(await first.registry.metrics()).toContain('ospo_jobs_queued_total{kind="pull-request"} 1');
    expect(await second.registry.metrics()).not.toContain('ospo_jobs_queued_total{kind="pull-request"} 1');
  });

  it('a failed job counts as failed, with its duration', async () => {
    const metrics = createMetrics();
    metrics.jobs.started('settings-audit');
    metrics.jobs.finished('settings-audit', 'failed', 0.25);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ospo_jobs_failed_total{kind="settings-audit"} 1');
    expect(text).toContain('ospo_jobs_running{kind="settings-audit"} 0');
    expect(text).toContain('ospo_job_duration_seconds_sum{kind="settings-audit"} 0.25');
  });
});
