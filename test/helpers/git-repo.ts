/** A throw-away git repository that tests commit files into, and the CLI run in-process against it. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli.js';

export class Repo {
  readonly dir = mkdtempSync(join(tmpdir(), 'ospo-cli-'));
  constructor() {
    this.git('init', '-q', '-b', 'main');
  }
  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]).toString().trim();
  }
  commit(files: Record<string, string | null>, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) rmSync(full);
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, offline unless `env` says otherwise. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}, tty: { stdout?: boolean; stderr?: boolean } = {}, cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { OSPO_OFFLINE: '1', ...env },
    isTty: tty.stdout ?? false,
    stderrIsTty: tty.stderr ?? false,
    cwd,
  });
  return { code, stdout, stderr };
}

/** An npm lockfile v3 with the given root dependencies (licenses recorded, as npm writes them). */
export function npmLockfile(packages: Record<string, { version: string; license?: string; dev?: boolean }>, rootDeps: Record<string, string>): string {
  const entries: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: rootDeps } };
  for (const [name, entry] of Object.entries(packages)) entries[`node_modules/${name}`] = entry;
  return `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: entries }, null, 2)}\n`;
}

export const packageJson = (deps: Record<string, string>) => `${JSON.stringify({ name: 'app', version: '1.0.0', dependencies: deps }, null, 2)}\n`;
