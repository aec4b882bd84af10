import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { readyz } from '../../src/app-routes.js';
import { REDACTED_PATHS } from '../../src/index.js';

/** A GET request and a response that records what was written. */
function exchange(url: string) {
  const written: { status?: number; body?: string } = {};
  const res = {
    writeHead(status: number) {
      written.status = status;
      return this;
    },
    end(body: string) {
      written.body = body;
      return this;
    },
  } as unknown as ServerResponse;
  return { req: { method: 'GET', url } as IncomingMessage, res, written };
}

describe('readyz', () => {
  it('names each failed check with the first line of why, 503; the others pass', async () => {
    const handler = readyz({
      checks: [
        { name: 'github', check: async () => undefined },
        { name: 'redis', check: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379\nmore detail')) },
      ],
    });
    const { req, res, written } = exchange('/readyz');
    expect(await handler(req, res)).toBe(true);
    expect(written.status).toBe(503);
    expect(JSON.parse(written.body!)).toEqual({ status: 'not ready', failed: { redis: 'connect ECONNREFUSED 127.0.0.1:6379' } });
  });

  it('a check that does not answer in time fails with the timeout', async () => {
    const handler = readyz({ checks: [{ name: 'github', check: () => new Promise(() => undefined) }], timeoutMs: 20 });
    const { req, res, written } = exchange('/readyz');
    await handler(req, res);
    expect(written.status).toBe(503);
    expect(JSON.parse(written.body!)).toEqual({ status: 'not ready', failed: { github: 'no answer within 20 ms' } });
  });

  it('reuses an answer for cacheMs, then checks again', async () => {
    let clock = 0;
    let checks = 0;
    const handler = readyz({ checks: [{ name: 'github', check: async () => void checks++ }], cacheMs: 5000, now: () => clock });
    await handler(exchange('/readyz').req, exchange('/readyz').res);
    clock = 4999;
    await handler(exchange('/readyz').req, exchange('/readyz').res);
    expect(checks).toBe(1);
    clock = 5000;
    const { req, res, written } = exchange('/readyz');
    await handler(req, res);
    expect(checks).toBe(2);
    expect(written).toEqual({ status: 200, body: '{"status":"ready"}' });
  });

  it('leaves other paths alone', async () => {
    const handler = readyz({ checks: [] });
    const { req, res, written } = exchange('/readyz-not');
    expect(await handler(req, res)).toBe(false);
    expect(written.status).toBeUndefined();
  });
});

describe('the app logger redaction', () => {
  it('masks an authorization header an error carries, even one Octokit did not mask', () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    const log = pino({ level: 'debug' }, stream).child({}, { redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } });
    const err = Object.assign(new Error('boom'), { request: { headers: { authorization: 'token ghs_raw' } } });
    log.error({ err }, 'failed');
    log.debug({ headers: { authorization: 'Bearer ghp_raw' } }, 'request');
    expect(lines.join('')).not.toMatch(/ghs_raw|ghp_raw/);
    expect(JSON.parse(lines[0]!).err.request.headers.authorization).toBe('[REDACTED]');
  });
});
