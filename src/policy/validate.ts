/**
 * `ospo-gatekeeper validate FILE...`: every error of one policy file, in one run, sorted by line
 * and column. The same checks the app and `check` apply when they load it, so a file that
 * validates here loads there.
 */
import { loadPolicy, type PolicySource } from './load.js';
import type { PolicyError } from './types.js';

export interface ValidateOptions {
  /**
   * How the file is loaded. `repository` (the default, what `validate` always checked): a
   * repository's own file with no organization layer, so `overrides` is an error in it.
   * `organization`: the org's default file, which may say what repositories can change.
   */
  role?: 'repository' | 'organization';
}

/** The file's errors (empty when it is valid): limits, YAML, not-a-policy, schema, `extends`, `overrides`. */
export function validatePolicySource(source: PolicySource, options: ValidateOptions = {}): PolicyError[] {
  const result = loadPolicy(options.role === 'organization' ? { org: source } : { repo: source });
  return result.ok ? [] : result.errors;
}
