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
 * The merged entry is direct if any copy is, runtime if any copy is, runs install scripts if any
 * copy does, sits at the first line, and is required by whoever requires any copy (the union, sorted). A list without duplicates (a big
 * go.mod or Gemfile.lock: 100k+ entries) is returned as it is, found so without a key per entry.
 */
export function mergeDuplicates(dependencies: Dependency[]): Dependency[] {
  if (!mayHaveDuplicates(dependencies)) return dependencies;
  // Keyed per manifest, then by identity: no long joined keys.
  const byManifest = new Map<string, Map<string, number>>();
  const merged: Dependency[] = [];
  // Which merged entries are made here (by index): later copies fold into them in place, no object per copy.
  const made = new Uint8Array(dependencies.length);
  for (const dependency of dependencies) {
    let byKey = byManifest.get(dependency.manifest);
    if (!byKey) byManifest.set(dependency.manifest, (byKey = new Map()));
    const key = identityKey(dependency);
    const index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, merged.length);
      merged.push(dependency);
      continue;
    }
    const seen = merged[index] as Dependency;
    if (made[index] === 1) foldCopy(seen, dependency);
    else {
      // A new entry first, so that the extractor's entries are never changed.
      made[index] = 1;
      merged[index] = mergeCopies(seen, dependency);
    }
  }
  return merged;
}

/** What makes two entries copies of one: the purl, and the requirement when unresolved. */
function identityKey(dependency: Dependency): string {
  return dependency.requirement === undefined ? dependency.purl : `${dependency.purl}\u0000${dependency.requirement}`;
}

/**
 * False when no entry can copy another, found without a key per entry: each entry's 32-bit hash
 * (of its manifest and identity) in an open-addressing table of typed arrays, off the JS heap (a
 * Set of 100k+ keys takes tens of MB); only entries of equal hash are compared, exactly. True
 * means "maybe" only where hashes collide too often to compare.
 */
function mayHaveDuplicates(dependencies: readonly Dependency[]): boolean {
  const hashes = new Int32Array(dependencies.length);
  let manifest: string | undefined;
  let manifestHash = 0;
  for (let index = 0; index < dependencies.length; index++) {
    const dependency = dependencies[index] as Dependency;
    if (dependency.manifest !== manifest) {
      manifest = dependency.manifest;
      manifestHash = hashText(manifest, FNV_OFFSET);
    }
    let hash = hashText(dependency.purl, manifestHash);
    if (dependency.requirement !== undefined) hash = hashText(dependency.requirement, hash);
    hashes[index] = hash;
  }
  return someEqualHashed(hashes, (a, b) => {
    const left = dependencies[a] as Dependency;
    const right = dependencies[b] as Dependency;
    return left.purl === right.purl && left.manifest === right.manifest && left.requirement === right.requirement;
  });
}

/**
 * How many different purls the list holds, exactly: when no two entries share a purl (nearly
 * always) that is the list's length, found as mayHaveDuplicates finds it; only otherwise is a Set built.
 */
export function countDistinctPurls(dependencies: readonly Dependency[]): number {
  const hashes = new Int32Array(dependencies.length);
  for (let index = 0; index < dependencies.length; index++) hashes[index] = hashText((dependencies[index] as Dependency).purl, FNV_OFFSET);
  if (!someEqualHashed(hashes, (a, b) => (dependencies[a] as Dependency).purl === (dependencies[b] as Dependency).purl)) return dependencies.length;
  return new Set(dependencies.map((dependency) => dependency.purl)).size;
}

/** Exact comparisons of entries whose hashes are equal, per entry, before the answer is "maybe" (crafted collisions). */
const MAX_COLLISIONS_PER_ENTRY = 4;

/**
 * True when two entries of equal hash are `equal`, or when hashes collide more than
 * MAX_COLLISIONS_PER_ENTRY times per entry. A linear-probing table of entry indices (+1; 0 is
 * free) at most half full.
 */
function someEqualHashed(hashes: Int32Array, equal: (a: number, b: number) => boolean): boolean {
  let size = 2;
  while (size < hashes.length * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size);
  let collisions = 0;
  for (let index = 0; index < hashes.length; index++) {
    const hash = hashes[index] as number;
    let slot = hash & mask;
    for (let held = table[slot] as number; held !== 0; held = table[slot] as number) {
      if (hashes[held - 1] === hash) {
        if (equal(held - 1, index) || ++collisions > MAX_COLLISIONS_PER_ENTRY * hashes.length) return true;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = index + 1;
  }
  return false;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a (32 bits) of `text`, continued from `seed` after a separator, so that parts hashed one after another stay apart. */
function hashText(text: string, seed: number): number {
  let hash = Math.imul(seed ^ 0xffff, 0x01000193);
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * A new entry: `seen` with what another copy of it adds, its keys in the order of
 * `{ ...seen, direct, scope, line, declaredAt, license, requiredBy }`. Object.assign onto `{}`,
 * then plain writes: a spread followed by keys the spread object lacks costs V8 ~2.5 µs an
 * entry (a slow path for adding to a cloned object), this ~0.2 µs.
 */
function mergeCopies(seen: Dependency, dependency: Dependency): Dependency {
  const merged = Object.assign({}, seen);
  foldCopy(merged, dependency);
  return merged;
}

/** Folds what another copy adds into an entry made here (mergeCopies'), in place. */
function foldCopy(merged: Dependency, dependency: Dependency): void {
  const requiredBy = unionSorted(merged.requiredBy, dependency.requiredBy);
  merged.direct = merged.direct || dependency.direct;
  merged.scope = SCOPE_RANK[dependency.scope] > SCOPE_RANK[merged.scope] ? dependency.scope : merged.scope;
  merged.line = minDefined(merged.line, dependency.line);
  merged.declaredAt = merged.declaredAt ?? dependency.declaredAt;
  merged.license = merged.license ?? dependency.license;
  // A copy that runs install scripts makes the version one that does (set only when true: no key otherwise).
  if (dependency.installScripts === true) merged.installScripts = true;
  // Copies of one version are one artifact: the first copy that records digests gives them.
  if (merged.hashes === undefined && dependency.hashes !== undefined) merged.hashes = dependency.hashes;
  if (requiredBy !== undefined) merged.requiredBy = requiredBy;
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
