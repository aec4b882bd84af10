/** The policy's `paths` entries applied to files: which manifests are ignored, which license rules a dependency is judged by. Pure. */
import type { Dependency } from '../deps/model.js';
import { matchesGlob } from './glob.js';
import type { LicenseRules, Policy } from './types.js';

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
  return override ? override.rules : policy.licenses;
}
