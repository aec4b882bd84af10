/** `ospo-gatekeeper validate FILE...`: every error of each policy file, `file:line:column: message`, sorted. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validatePolicySource } from '../policy/validate.js';
import { policyErrorLines } from './check.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { VALIDATE_USAGE } from './usage.js';

export function validate(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {}, VALIDATE_USAGE);
  if (values.help) {
    io.stdout(`${VALIDATE_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`validate needs at least one policy file\n\n${VALIDATE_USAGE}`);
  let invalid = 0;
  for (const file of positionals) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      io.stderr(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      invalid++;
      continue;
    }
    const errors = validatePolicySource({ path: file, text });
    if (errors.length === 0) io.stdout(`${file}: valid\n`);
    else {
      invalid++;
      io.stderr(`${policyErrorLines(errors)}\n`);
    }
  }
  return invalid > 0 ? 2 : 0;
}
