/**
 * Starts the app as `npm start` does (Probot's `run`), on a free port, against the fake GitHub.
 * No jest here: the benchmark starts it too (server.ts adds the per-test lifecycle).
 */
import type { Logger } from 'pino';
import { run, type Server } from 'probot';
import { createApp, type AppOptions } from '../../../src/index.js';
import type { JobOutcome } from '../../../src/jobs/runner.js';
import { freePort } from './free-port.js';
import { privateKey, sign } from './fixtures.js';
import { SECRET, silentLog, testOctokit } from './harness.js';

export interface Running {
  server: Server;
  url: string;
  outcomes: JobOutcome[];
  post(event: string, payload: unknown, options?: { signature?: string; delivery?: string }): Promise<Response>;
}

/** `options.app` replaces the app's defaults (offline, no sources): e.g. an env pointing the fact sources at a fake. */
export async function startServer(env: Record<string, string> = {}, options: { retry?: boolean; throttle?: boolean; app?: AppOptions; log?: Logger } = {}): Promise<Running> {
  const port = await freePort();
  const outcomes: JobOutcome[] = [];
  let closeApp: (graceMs: number) => Promise<void> = async () => undefined;
  const app = createApp({ ...(options.app ?? { env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15' }, sources: [] }), onJobDone: (outcome) => outcomes.push(outcome), onClose: (close) => (closeApp = close) });
  const probot = await run(app, {
    env: { APP_ID: '1', PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'fatal', ...env },
    log: options.log ?? silentLog(),
    ...(options.throttle ? {} : { Octokit: testOctokit(options.retry ?? false) }),
  });
  const url = `http://127.0.0.1:${port}`;
  // Stopping the server stops the app's job runner too (with REDIS_URL, its queue workers would
  // otherwise go on taking jobs from the next test's Redis).
  const server: Server = probot;
  const stopServer = probot.stop.bind(probot);
  server.stop = async () => {
    await closeApp(0);
    await stopServer();
  };
  return {
    server,
    url,
    outcomes,
    post: (event, payload, extra = {}) => {
      const body = JSON.stringify(payload);
      return fetch(`${url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': extra.delivery ?? `d-${Math.random().toString(16).slice(2)}`,
          'x-hub-signature-256': extra.signature ?? sign(SECRET, body),
        },
        body,
      });
    },
  };
}
