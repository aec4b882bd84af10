/**
 * Folding the copies of one package version that a lockfile installs in several places. Kept
 * apart from collect.ts (which imports the ecosystem registry) so ecosystems can use it too.
 */
import type { Dependency, Scope } from '../ecosystems/types.js';
import { compareText } from './order.js';

/**
 * Runtime wins over everything; unknown wins over development, because "we could not tell" must
 * still be checked by a policy that skips development dependencies.
 */
const SCOPE_RANK: Record<Scope, number> = { runtime: 2, unknown: 1, development: 0 };

/**
 * One entry per package version per manifest. Lockfiles install the same version in several
 * places (nested node_modules, one per target framework); a move between places is no change.
 * The merged entry is direct if any copy is, runtime if any copy is, sits at the first line, and
 * is required by whoever requires any copy (the union, sorted).
 */
export function mergeDuplicates(dependencies: readonly Dependency[]): Dependency[] {
  // Keyed per manifest, then by purl (and requirement when unresolved): no long joined keys.
  const byManifest = new Map<string, Map<string, number>>();
  const merged: Dependency[] = [];
  for (const dependency of dependencies) {
    let byKey = byManifest.get(dependency.manifest);
    if (!byKey) {
      byKey = new Map();
      byManifest.set(dependency.manifest, byKey);
    }
    const key = dependency.requirement === undefined ? dependency.purl : `${dependency.purl}\u0000${dependency.requirement}`;
    const index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, merged.length);
      merged.push(dependency);
      continue;
    }
    const seen = merged[index] as Dependency;
    const requiredBy = unionSorted(seen.requiredBy, dependency.requiredBy);
    const combined: Dependency = {
      ...seen,
      direct: seen.direct || dependency.direct,
      scope: SCOPE_RANK[dependency.scope] > SCOPE_RANK[seen.scope] ? dependency.scope : seen.scope,
      line: minDefined(seen.line, dependency.line),
      declaredAt: seen.declaredAt ?? dependency.declaredAt,
      license: seen.license ?? dependency.license,
      ...(requiredBy !== undefined ? { requiredBy } : {}),
    };
    merged[index] = combined;
  }
  return merged;
}

/** Undefined only when neither copy says who requires it. */
function unionSorted(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return [...a];
  return [...new Set([...a, ...b])].sort(compareText);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
