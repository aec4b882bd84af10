/**
 * One app replica as its own OS process: `probot run ./dist/src/index.js`, i.e. the BUILT app in
 * dist/ (run `npm run build` first; `.ci/run` builds before the services suite), as production
 * runs it, against the fake GitHub server as GitHub Enterprise. Webhooks are POSTed signed; the
 * process can be killed with any signal; its stdout and stderr go to a file under os.tmpdir(),
 * quoted in failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKey, sign } from './fixtures.js';
import { freePort } from './free-port.js';

export const WEBHOOK_SECRET = 'replica-secret';

export interface AppProcessOptions {
  /** `host:port` of the fake GitHub server (its `host`). */
  githubHost: string;
  redisUrl?: string;
  /** Default `info` (the log file is only read on failure). */
  logLevel?: string;
  /** OSPO_NOW; default 2026-01-15. */
  now?: string;
  /** More environment (OSPO_WORKER_CONCURRENCY, OSPO_STALLED_INTERVAL_MS...). */
  env?: Record<string, string>;
  /** Names the log file; default `app`. */
  name?: string;
  /** The repository root (where dist/ and node_modules/ are); default the working directory. */
  root?: string;
  /** How long to wait for /healthz; default 20 s. */
  startTimeoutMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  /** Settles when the process has exited. */
  readonly exited: Promise<Exit>;
  post(event: string, payload: unknown, options?: { delivery?: string }): Promise<Response>;
  kill(signal: NodeJS.Signals): void;
  /** Peak resident memory so far (VmHWM of /proc/<pid>/status), in kB; undefined once exited or off Linux. */
  peakRssKb(): number | undefined;
  /** The last lines of its output, for a failure message. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); settles when it has exited. */
  stop(graceMs?: number): Promise<Exit>;
}

let deliveries = 0;

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const root = options.root ?? process.cwd();
  const entry = join(root, 'dist/src/index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: app processes run the built app, run \`npm run build\` first`);
  const port = await freePort();
  const name = options.name ?? 'app';
  const logFile = join(mkdtempSync(join(tmpdir(), 'ospo-app-')), `${name}.log`);
  const log = createWriteStream(logFile);
  const env = processEnv(options, port);
  const child: ChildProcess = spawn(process.execPath, [join(root, 'node_modules/probot/bin/probot.js'), 'run', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve((exit = { code, signal }))));
  const url = `http://127.0.0.1:${port}`;
  const logTail = (lines = 40) => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '');
  await waitForHealth(url, exited, options.startTimeoutMs ?? 20_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${name}: ${error.message} (log ${logFile}):\n${logTail()}`);
  });
  const pid = child.pid as number;
  return {
    name,
    pid,
    url,
    logFile,
    exited,
    post: (event, payload, postOptions = {}) => postWebhook(url, event, payload, postOptions.delivery ?? `delivery-${process.pid}-${++deliveries}`),
    kill: (signal) => void child.kill(signal),
    peakRssKb: () => (exit ? undefined : peakRssOf(pid)),
    logTail,
    async stop(graceMs = 5_000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Only what the app needs (not this process's environment: no REDIS_URL or token leaks in). */
function processEnv(options: AppProcessOptions, port: number): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    APP_ID: '1',
    PRIVATE_KEY: privateKey(),
    WEBHOOK_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: options.githubHost,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: options.logLevel ?? 'info',
    OSPO_OFFLINE: '1',
    OSPO_NOW: options.now ?? '2026-01-15',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  };
}

/** A signed webhook delivery, as GitHub sends it. */
export function postWebhook(url: string, event: string, payload: unknown, delivery: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': sign(WEBHOOK_SECRET, body) },
    body,
  });
}

async function waitForHealth(url: string, exited: Promise<Exit>, timeoutMs: number): Promise<void> {
  let gone: Exit | undefined;
  void exited.then((exit) => (gone = exit));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`exited before answering /healthz (code ${gone.code}, signal ${gone.signal})`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms`);
}

function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // gone, or not Linux
  }
}
