/**
 * A throwaway redis-server on a free 127.0.0.1 port, started by the test (or benchmark) that needs
 * it: no persistence, or (`durable`) an append-only file fsynced at every write in a temporary
 * directory, so that `restart()` (SIGTERM, then the same port and directory again) keeps every
 * write Redis acknowledged. A missing redis-server is an error saying so, never a skip.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export interface RedisProcess {
  readonly url: string;
  readonly port: number;
  /** The data directory (the append-only file is here when durable). */
  readonly dir: string;
  /** The current server's pid (a new one after restart). */
  readonly pid: number;
  /** SIGTERM, wait for the exit, start again on the same port and directory, wait for PING. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** One redis-cli command's output (e.g. `MEMORY USAGE key`), trimmed. */
  cli(...args: string[]): Promise<string>;
}

export async function startRedis(options: { durable?: boolean } = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ospo-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, ...(options.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  let server = await launch(args, port);
  const cli = async (...command: string[]) => (await run('redis-cli', ['-p', String(port), ...command])).stdout.trim();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return server.pid as number;
    },
    async restart() {
      await terminate(server);
      server = await launch(args, port);
    },
    stop: () => terminate(server),
    cli,
  };
}

async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? 'redis-server is not installed (apt-get install redis-server): the replica tests and the load benchmark start their own' : `redis-server did not start: ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited (code ${code}) before answering PING on port ${port}: ${stderr}`)));
  });
  failed.catch(() => undefined);
  await Promise.race([waitForPing(port, child.pid), failed]);
  return child;
}

/** PING answered by the server just started (not another one that took the port meanwhile). */
async function waitForPing(port: number, pid: number | undefined): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const info = await run('redis-cli', ['-p', String(port), 'info', 'server']).then(
      (result) => result.stdout,
      () => '',
    );
    const answering = /process_id:(\d+)/.exec(info)?.[1];
    if (answering !== undefined) {
      if (Number(answering) !== pid) throw new Error(`port ${port} is answered by another Redis (pid ${answering}), not the one started here (pid ${pid})`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
