/**
 * Folding the copies of one package version that a lockfile installs in several places. Part of
 * the data model, so ecosystems and the pipeline use the same one.
 */
import type { Dependency, Scope } from './model.js';
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
 * is required by whoever requires any copy (the union, sorted). A list without duplicates (a big
 * go.mod or Gemfile.lock: 100k+ entries) is returned as it is, found so without a key per entry.
 */
export function mergeDuplicates(dependencies: Dependency[]): Dependency[] {
  if (!mayHaveDuplicates(dependencies)) return dependencies;
  // Keyed per manifest, then by identity: no long joined keys.
  const byManifest = new Map<string, Map<string, number>>();
  const merged: Dependency[] = [];
  for (const dependency of dependencies) {
    let byKey = byManifest.get(dependency.manifest);
    if (!byKey) byManifest.set(dependency.manifest, (byKey = new Map()));
    const key = identityKey(dependency);
    const index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, merged.length);
      merged.push(dependency);
    } else {
      merged[index] = mergeCopies(merged[index] as Dependency, dependency);
    }
  }
  return merged;
}

/** What makes two entries copies of one: the purl, and the requirement when unresolved. */
function identityKey(dependency: Dependency): string {
  return dependency.requirement === undefined ? dependency.purl : `${dependency.purl}\u0000${dependency.requirement}`;
}

/**
 * False when no entry can copy another: a 53-bit hash of each entry's manifest and identity, in
 * a typed array sorted natively, has no two equal. Equal hashes only say "maybe" (the merge
 * proper then decides, exactly). Unlike a Set of 100k+ keys (tens of MB on the JS heap) this
 * takes 8 bytes per entry, off the heap.
 */
function mayHaveDuplicates(dependencies: readonly Dependency[]): boolean {
  const hashes = new Float64Array(dependencies.length);
  let manifest: string | undefined;
  let manifestHash: [number, number] = [0, 0];
  for (let index = 0; index < dependencies.length; index++) {
    const dependency = dependencies[index] as Dependency;
    if (dependency.manifest !== manifest) {
      manifest = dependency.manifest;
      manifestHash = hashText(manifest, [FNV_OFFSET, MURMUR_SEED]);
    }
    let hash = hashText(dependency.purl, manifestHash);
    if (dependency.requirement !== undefined) hash = hashText(dependency.requirement, hash);
    // 32 bits of one hash and 21 of the other: exact in a double.
    hashes[index] = (hash[0] >>> 0) * 0x200000 + (hash[1] >>> 11);
  }
  hashes.sort();
  for (let index = 1; index < hashes.length; index++) if (hashes[index] === hashes[index - 1]) return true;
  return false;
}

/**
 * How many different purls the list holds, exactly: when no two 53-bit hashes are equal (nearly
 * always) that is the list's length, found off the JS heap; only otherwise is a Set built.
 */
export function countDistinctPurls(dependencies: readonly Dependency[]): number {
  const hashes = new Float64Array(dependencies.length);
  for (let index = 0; index < dependencies.length; index++) {
    const hash = hashText((dependencies[index] as Dependency).purl, [FNV_OFFSET, MURMUR_SEED]);
    hashes[index] = (hash[0] >>> 0) * 0x200000 + (hash[1] >>> 11);
  }
  hashes.sort();
  for (let index = 1; index < hashes.length; index++) {
    if (hashes[index] === hashes[index - 1]) return new Set(dependencies.map((dependency) => dependency.purl)).size;
  }
  return dependencies.length;
}

const FNV_OFFSET = 0x811c9dc5;
const MURMUR_SEED = 0x9747b28c;

/** Two independent 32-bit hashes (FNV-1a and a Murmur-style mix) of `text`, continued from `seed`, with a separator first. */
function hashText(text: string, [first, second]: [number, number]): [number, number] {
  let a = Math.imul(first ^ 0xffff, 0x01000193);
  let b = Math.imul(second ^ 0xffff, 0x5bd1e995);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a, b];
}

/** `seen` with what another copy of it adds. */
function mergeCopies(seen: Dependency, dependency: Dependency): Dependency {
  const requiredBy = unionSorted(seen.requiredBy, dependency.requiredBy);
  return {
    ...seen,
    direct: seen.direct || dependency.direct,
    scope: SCOPE_RANK[dependency.scope] > SCOPE_RANK[seen.scope] ? dependency.scope : seen.scope,
    line: minDefined(seen.line, dependency.line),
    declaredAt: seen.declaredAt ?? dependency.declaredAt,
    license: seen.license ?? dependency.license,
    ...(requiredBy !== undefined ? { requiredBy } : {}),
  };
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
