/** `ospo-gatekeeper schema`: the policy file's JSON Schema on stdout (policies/ospo-gatekeeper.schema.json). */
import { policyJsonSchemaText } from '../policy/json-schema.js';
import { licenseCategories, presetNames } from '../policy/presets.js';
import { parseOptions, UsageError, type CliIo } from './io.js';
import { SCHEMA_USAGE } from './usage.js';

export function schema(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, {}, SCHEMA_USAGE);
  if (values.help) {
    io.stdout(`${SCHEMA_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`schema takes no arguments\n\n${SCHEMA_USAGE}`);
  io.stdout(policyJsonSchemaText(new Set(licenseCategories().keys()), presetNames()));
  return 0;
}
