#!/usr/bin/env node
/**
 * The CLI entry (DESIGN.md "CLI" contract): dispatches to one command per file under cli/.
 * Exit 0: no error finding; 1: at least one; 2: usage, policy or environment error.
 */
import { realpathSync } from 'node:fs';
import { InvalidNowError } from './clock.js';
import { audit } from './cli/audit.js';
import { check } from './cli/check.js';
import { explainCommand } from './cli/explain.js';
import { UsageError, type CliIo } from './cli/io.js';
import { USAGE } from './cli/usage.js';
import { sbom } from './cli/sbom.js';
import { schema } from './cli/schema.js';
import { validate } from './cli/validate.js';
import { GitError } from './local/git.js';
import { ConfigError } from './metadata/config.js';
import { toolVersion } from './version.js';

export type { CliIo } from './cli/io.js';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'check':
        return await check(rest, io, toolVersion());
      case 'sbom':
        return await sbom(rest, io, toolVersion());
      case 'audit':
        return await audit(rest, io, toolVersion());
      case 'validate':
        return await validate(rest, io, toolVersion());
      case 'explain':
        return await explainCommand(rest, io, toolVersion());
      case 'schema':
        return schema(rest, io);
      case '--version':
      case '-V':
      case 'version':
        io.stdout(`${toolVersion()}\n`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return 0;
      case undefined:
        io.stderr(`${USAGE}\n`);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitError || error instanceof InvalidNowError || error instanceof ConfigError) {
      io.stderr(`ospo-gatekeeper: ${error.message}\n`);
      return 2;
    }
    io.stderr(`ospo-gatekeeper: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}


// Run when executed (also through the npm bin symlink), not when imported by tests.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${realpathSync(process.argv[1])}`).href;
if (invokedDirectly) {
  // `ospo-gatekeeper check | head`: a closed pipe ends the output, not in a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
