/** `ospo-gatekeeper validate FILE...`: every error of each policy file, `file:line:column: message`, sorted. */
import { resolve } from 'node:path';
import { resolveExtends } from '../policy/chain.js';
import { validatePolicySource } from '../policy/validate.js';
import { policyErrorLines } from '../report/policy.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { readLocalPolicy } from './policy-file.js';
import { cliPolicyReader } from './policy-reader.js';
import { VALIDATE_USAGE } from './usage.js';

export async function validate(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parseOptions(args, {}, VALIDATE_USAGE);
  if (values.help) {
    io.stdout(`${VALIDATE_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`validate needs at least one policy file\n\n${VALIDATE_USAGE}`);
  let invalid = 0;
  const reader = cliPolicyReader(io, version, { kind: 'disk' });
  for (const file of positionals) {
    const read = readLocalPolicy(resolve(io.cwd, file));
    if (!read.ok) {
      io.stderr(`${file}: cannot read (${read.reason})\n`);
      invalid++;
      continue;
    }
    // The files it extends are read too (beside it on disk, or from GitHub with GITHUB_TOKEN): a file validates here only if it loads.
    const source = await resolveExtends({ path: file, text: read.text }, reader);
    const errors = validatePolicySource(source);
    if (errors.length === 0) io.stdout(`${file}: valid\n`);
    else {
      invalid++;
      io.stderr(`${policyErrorLines(errors)}\n`);
    }
  }
  return invalid > 0 ? 2 : 0;
}
