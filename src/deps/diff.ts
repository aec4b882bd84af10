/**
 * The difference between two dependency sets: added, removed, upgraded, downgraded. Versions of
 * the same package in the same manifest are paired; a version present on both sides is no change.
 */
import { ecosystemById } from '../ecosystems/registry.js';
import type { Dependency } from '../ecosystems/types.js';
import { purlWithoutVersion } from './purl.js';
import { compareVersionsGeneric } from './version.js';
import { compareText } from './order.js';

export type ChangeKind = 'added' | 'removed' | 'upgraded' | 'downgraded';

export interface Change {
  change: ChangeKind;
  /** The head side; the base side for `removed`. */
  dependency: Dependency;
  /** The base side of an upgrade or downgrade. */
  previous?: Dependency;
}

type Compare = (a: string, b: string) => number;

function comparatorFor(ecosystem: string): Compare {
  return ecosystemById(ecosystem)?.compareVersions ?? compareVersionsGeneric;
}

/** What identifies "the same version" of a package: its version, or its requirement when unresolved. */
function versionKey(dependency: Dependency): string {
  return dependency.version ?? `requirement:${dependency.requirement ?? ''}`;
}

export function diffDependencies(base: readonly Dependency[], head: readonly Dependency[]): Change[] {
  const groups = new Map<string, { base: Dependency[]; head: Dependency[] }>();
  const groupOf = (dependency: Dependency) => {
    const key = `${dependency.manifest}\u0000${dependency.ecosystem}\u0000${purlWithoutVersion(dependency.purl)}`;
    let group = groups.get(key);
    if (!group) {
      group = { base: [], head: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const dependency of base) groupOf(dependency).base.push(dependency);
  for (const dependency of head) groupOf(dependency).head.push(dependency);

  const changes: Change[] = [];
  for (const group of groups.values()) {
    // Most groups are one-sided (a package added or removed outright): no pairing to do.
    if (group.base.length === 0) {
      for (const dependency of group.head) changes.push({ change: 'added', dependency });
      continue;
    }
    if (group.head.length === 0) {
      for (const dependency of group.base) changes.push({ change: 'removed', dependency });
      continue;
    }
    const headKeys = new Set(group.head.map(versionKey));
    const baseKeys = new Set(group.base.map(versionKey));
    const removed = group.base.filter((dependency) => !headKeys.has(versionKey(dependency)));
    const added = group.head.filter((dependency) => !baseKeys.has(versionKey(dependency)));
    if (removed.length === 0 && added.length === 0) continue;
    const sample = (added[0] ?? removed[0]) as Dependency;
    const compare = comparatorFor(sample.ecosystem);
    const order = (a: Dependency, b: Dependency) => compareOptional(a.version, b.version, compare);
    removed.sort(order);
    added.sort(order);
    // Pair in version order (1.x->1.y, 2.x->2.y); what is left over was added or removed.
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) {
      const previous = removed[removed.length - pairs + i] as Dependency;
      const dependency = added[added.length - pairs + i] as Dependency;
      const direction = compareOptional(dependency.version, previous.version, compare);
      changes.push({ change: direction < 0 ? 'downgraded' : 'upgraded', dependency, previous });
    }
    for (const dependency of removed.slice(0, removed.length - pairs)) changes.push({ change: 'removed', dependency });
    for (const dependency of added.slice(0, added.length - pairs)) changes.push({ change: 'added', dependency });
  }
  return changes.sort(byManifestThenName);
}

function compareOptional(a: string | undefined, b: string | undefined, compare: Compare): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  try {
    return compare(a, b);
  } catch {
    return compareVersionsGeneric(a, b);
  }
}

/** Code-unit order (stable across locales and much cheaper than localeCompare on big diffs). */
function byManifestThenName(a: Change, b: Change): number {
  return (
    compareText(a.dependency.manifest, b.dependency.manifest) ||
    compareText(a.dependency.name, b.dependency.name) ||
    compareText(a.dependency.version ?? '', b.dependency.version ?? '')
  );
}

