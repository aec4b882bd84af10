/** The policy's `paths` entries applied to files: which manifests are ignored, which license rules a dependency is judged by. Pure. */
import type { Dependency } from '../deps/model.js';
import { matchesGlob } from './glob.js';
import type { LicenseRules, PathRule, Policy } from './types.js';

/** True when a `paths` entry with `ignore: true` covers this manifest path. */
export function isIgnoredPath(path: string, policy: Policy): boolean {
  return policy.paths.length > 0 && policy.paths.some((rule) => rule.ignore && matchesGlob(rule.match, path));
}

/** The license rules for a dependency: the policy's, with the first matching `paths` entry on top. */
export function rulesFor(dependency: Dependency, policy: Policy): LicenseRules {
  // Called for every change: no list built when the policy has no `paths` entries.
  if (policy.paths.length === 0) return policy.licenses;
  const paths = [dependency.manifest, dependency.declaredAt?.path].filter((path): path is string => path !== undefined);
  const override = policy.paths.find((rule) => !rule.ignore && paths.some((path) => matchesGlob(rule.match, path)));
  return override ? withOverride(policy.licenses, override) : policy.licenses;
}

/**
 * The policy's license rules with a `paths` entry's on top: one object per entry, not one per
 * change, so that evaluateLicense's verdicts (cached per rules object) are reused across the
 * packages of the manifests it covers. Kept beside the entry for as long as the policy lives.
 */
const overridden = new WeakMap<PathRule, { base: LicenseRules; rules: LicenseRules }>();

function withOverride(base: LicenseRules, override: PathRule): LicenseRules {
  const known = overridden.get(override);
  if (known?.base === base) return known.rules;
  const rules = { ...base, ...override.licenses };
  overridden.set(override, { base, rules });
  return rules;
}
