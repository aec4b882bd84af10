/**
 * Folding the copies of one package version that a lockfile installs in several places. Kept
 * apart from collect.ts (which imports the ecosystem registry) so ecosystems can use it too.
 */
import type { Dependency, Scope } from '../ecosystems/types.js';

/**
 * Runtime wins over everything; unknown wins over development, because "we could not tell" must
 * still be checked by a policy that skips development dependencies.
 */
const SCOPE_RANK: Record<Scope, number> = { runtime: 2, unknown: 1, development: 0 };

/**
 * One entry per package version per manifest. Lockfiles install the same version in several
 * places (nested node_modules, one per target framework); a move between places is no change.
 * The merged entry is direct if any copy is, runtime if any copy is, and sits at the first line.
 */
export function mergeDuplicates(dependencies: readonly Dependency[]): Dependency[] {
  const byKey = new Map<string, Dependency>();
  for (const dependency of dependencies) {
    const key = `${dependency.manifest}\u0000${dependency.purl}\u0000${dependency.requirement ?? ''}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, dependency);
      continue;
    }
    byKey.set(key, {
      ...seen,
      direct: seen.direct || dependency.direct,
      scope: SCOPE_RANK[dependency.scope] > SCOPE_RANK[seen.scope] ? dependency.scope : seen.scope,
      line: minDefined(seen.line, dependency.line),
      declaredAt: seen.declaredAt ?? dependency.declaredAt,
      license: seen.license ?? dependency.license,
    });
  }
  return [...byKey.values()];
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
