/** A Probot instance running the app against the fake GitHub, without HTTP (probot.receive). */
import nock from 'nock';
import pino from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createApp, type AppOptions } from '../../../src/index.js';
import type { JobOutcome } from '../../../src/jobs/runner.js';
import { privateKey } from './fixtures.js';

export const SECRET = 'test-secret';

/** Octokit for tests: no throttling; retries off, or on with a 1 ms base delay. */
export function testOctokit(retry: boolean): typeof ProbotOctokit {
  // A function: Probot passes its own `throttle` options per instance, which would replace an object default.
  return ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    retry: retry ? { retryAfterBaseValue: 1 } : { enabled: false },
    throttle: { ...options.throttle, enabled: false },
  })) as typeof ProbotOctokit;
}

export const silentLog = () => pino({ level: 'silent' });

export interface Harness {
  probot: Probot;
  outcomes: JobOutcome[];
  deliver(name: string, payload: any, id?: string): Promise<void>;
}

let deliveries = 0;

export async function harness(options: { retry?: boolean; baseUrl?: string; app?: AppOptions } = {}): Promise<Harness> {
  const outcomes: JobOutcome[] = [];
  const probot = new Probot({
    appId: 1,
    privateKey: privateKey(),
    secret: SECRET,
    log: silentLog(),
    Octokit: testOctokit(options.retry ?? false),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  await probot.load(createApp({ env: { OSPO_OFFLINE: '1', OSPO_NOW: '2026-01-15' }, sources: [], ...options.app, onJobDone: (outcome) => outcomes.push(outcome) }), {
    cwd: process.cwd(),
    addHandler: () => undefined,
  });
  return {
    probot,
    outcomes,
    deliver: (name, payload, id) => probot.receive({ id: id ?? `delivery-${++deliveries}`, name: name as any, payload }),
  };
}

export function isolateNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
}
