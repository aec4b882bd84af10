/**
 * The app's operational HTTP routes, added through Probot's `addHandler`: `GET /healthz` (the
 * process answers), `GET /readyz` (GitHub answers, and Redis when REDIS_URL is set) and
 * `GET /metrics` (Prometheus text). A handler returns false for a request that is not its own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { withTimeout } from './within.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

function isGet(req: IncomingMessage, path: string): boolean {
  return req.method === 'GET' && req.url?.split('?')[0] === path;
}

export function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isGet(req, '/healthz')) return false;
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  return true;
}

/** A dependency /readyz checks: resolves when it answers, rejects (with why) when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadyzOptions {
  checks: readonly ReadinessCheck[];
  /** A check slower than this fails (default 3000 ms). */
  timeoutMs?: number;
  /** How long an answer is reused, so that probes don't hammer GitHub (default 5000 ms). */
  cacheMs?: number;
  now?: () => number;
}

type Readiness = { status: 'ready' } | { status: 'not ready'; failed: Record<string, string> };

/** 200 {"status":"ready"} when every check passes; 503 naming each that failed, and why. Never throws. */
export function readyz(options: ReadyzOptions): Handler {
  const now = options.now ?? Date.now;
  let cached: { at: number; answer: Promise<Readiness> } | undefined;
  const evaluate = async (): Promise<Readiness> => {
    const results = await Promise.all(options.checks.map(async (check) => [check.name, await failureOf(check, options.timeoutMs ?? 3000)] as const));
    const failed: Record<string, string> = {};
    for (const [name, failure] of results) if (failure !== undefined) failed[name] = failure;
    return Object.keys(failed).length === 0 ? { status: 'ready' } : { status: 'not ready', failed };
  };
  return async (req, res) => {
    if (!isGet(req, '/readyz')) return false;
    if (!cached || now() - cached.at >= (options.cacheMs ?? 5000)) cached = { at: now(), answer: evaluate() };
    const answer = await cached.answer;
    res.writeHead(answer.status === 'ready' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    return true;
  };
}

async function failureOf(check: ReadinessCheck, timeoutMs: number): Promise<string | undefined> {
  try {
    await withTimeout(check.check(), timeoutMs, `no answer within ${timeoutMs} ms`);
    return undefined;
  } catch (error) {
    // The first line only: an Octokit error's message goes on with the request.
    const message = error instanceof Error ? error.message : String(error);
    return message.split('\n')[0] ?? message;
  }
}

/** Prometheus text of the registry. Unauthenticated: serve it on a network only the scraper reaches (README). */
export function metricsRoute(registry: Registry): Handler {
  return async (req, res) => {
    if (!isGet(req, '/metrics')) return false;
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return true;
  };
}
