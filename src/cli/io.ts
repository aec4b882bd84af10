/** What every CLI command shares: its I/O (injected, so tests run the CLI in-process) and usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colour). */
  isTty: boolean;
  /** stderr is a terminal (progress lines). */
  stderrIsTty?: boolean;
  cwd: string;
}

/** A problem that ends the run with exit status 2 and a one-line message (never a stack trace). */
export class UsageError extends Error {}

/** Strict option parsing; `--help`/`-h` is understood by every command. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}
