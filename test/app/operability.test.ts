import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pullRequestPayload, privateKey } from './helpers/fixtures.js';
import { SECRET } from './helpers/harness.js';
import { serversPerTest } from './helpers/server.js';
import { BASE, HEAD, typicalPull } from './scenario.js';

const servers = serversPerTest();

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });
const appRoute = (method: string, path: string): [number, any] | undefined => (method === 'GET' && path === '/app' ? [200, { id: 1, slug: 'ospo-gatekeeper' }] : undefined);
const offline = (extra: Record<string, string> = {}) => ({ app: { env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15', ...extra }, sources: [] } });

/** A debug-level logger whose every line is kept, as written. */
function capturedLog(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** The value of a sample line `name{labels} value` of Prometheus text, undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /readyz', () => {
  it('answers 200 ready when GitHub answers GET /app (no REDIS_URL: no Redis check)', async () => {
    const github = typicalPull({ extraRoutes: appRoute });
    const running = await servers.start();
    const response = await fetch(`${running.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
    expect(github.calls('GET', /^\/app$/)).toHaveLength(1);
  });

  it('answers 503 naming github when GitHub fails, and reuses the answer for a quick second probe', async () => {
    const github = typicalPull({ extraRoutes: appRoute });
    github.fail('GET', /^\/app$/, 500, 5);
    const running = await servers.start();
    const response = await fetch(`${running.url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; failed: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(Object.keys(body.failed)).toEqual(['github']);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(503);
    expect(github.calls('GET', /^\/app$/)).toHaveLength(1);
  });
});

describe('GET /metrics', () => {
  it('after one evaluation: one job queued and finished, a duration sample, GitHub calls, cache counters exposed', async () => {
    typicalPull();
    const running = await servers.start();
    expect((await running.post('pull_request', opened())).status).toBe(200);
    expect(running.outcomes).toHaveLength(1);
    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(sample(text, 'ospo_jobs_queued_total{kind="pull-request"}')).toBe(1);
    expect(sample(text, 'ospo_jobs_finished_total{kind="pull-request",status="done"}')).toBe(1);
    expect(sample(text, 'ospo_jobs_running{kind="pull-request"}')).toBe(0);
    expect(sample(text, 'ospo_jobs_retried_total{kind="pull-request"}')).toBe(0);
    expect(sample(text, 'ospo_job_duration_seconds_count{kind="pull-request"}')).toBe(1);
    expect(sample(text, 'ospo_github_calls_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE ospo_github_rate_limit_remaining gauge');
    expect(sample(text, 'ospo_fact_cache_hits_total{namespace="license"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'ospo_fact_cache_misses_total{namespace="license"}')).toBeGreaterThanOrEqual(0);
  });
});

describe('logs', () => {
  const GITHUB_TOKEN = 'ghp_envTokenThatMustNeverBeLogged42';
  const secrets = () => {
    const keyBody = privateKey().split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    return { webhookSecret: SECRET, installationToken: 'ghs_fake', githubToken: GITHUB_TOKEN, keyLines: keyBody };
  };
  const expectNoSecret = (lines: string[]) => {
    const all = lines.join('\n');
    const { webhookSecret, installationToken, githubToken, keyLines } = secrets();
    expect(all).not.toContain(webhookSecret);
    expect(all).not.toContain(installationToken);
    expect(all).not.toContain(githubToken);
    for (const line of keyLines) expect(all).not.toContain(line);
  };

  it('a full evaluation at debug level logs no secret, and its job lines carry deliveryId, jobId and repo', async () => {
    typicalPull();
    const { log, lines } = capturedLog();
    const running = await servers.start({ LOG_LEVEL: 'debug', GITHUB_TOKEN }, { ...offline({ GITHUB_TOKEN }), log });
    expect((await running.post('pull_request', opened(), { delivery: 'delivery-ops-1' })).status).toBe(200);
    expect(running.outcomes).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(3);
    expectNoSecret(lines);
    const jobLine = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'ospo-gatekeeper: pull-request done');
    expect(jobLine).toMatchObject({ deliveryId: 'delivery-ops-1', repo: 'Codertocat/Hello-World', jobId: expect.stringMatching(/^pull-request:/) });
  });

  it('a GitHub 500 logs the Octokit error without the installation token', async () => {
    const github = typicalPull();
    github.fail('GET', /\/pulls\/7$/, 500, 5);
    const { log, lines } = capturedLog();
    const running = await servers.start({ LOG_LEVEL: 'debug', GITHUB_TOKEN }, { ...offline({ GITHUB_TOKEN }), log });
    await running.post('pull_request', opened(), { delivery: 'delivery-ops-2' });
    const errors = lines.map((line) => JSON.parse(line)).filter((entry) => entry.err !== undefined && entry.deliveryId === 'delivery-ops-2');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ repo: 'Codertocat/Hello-World', jobId: expect.stringMatching(/^pull-request:/) });
    expectNoSecret(lines);
  });
});
