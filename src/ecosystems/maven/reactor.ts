/**
 * The poms of one repository read together, and how they find each other: a module's parent
 * through `<relativePath>` (default `../pom.xml`) or, failing that, by coordinates among the
 * repository's poms; an imported BOM by coordinates. A pom found must match the coordinates asked
 * for (groupId, artifactId, version), as Maven checks: a pom at the path that is another artifact
 * or another version is not the parent, and the build would take the parent from a repository.
 */
import { dirName, joinPath } from '../paths.js';
import type { ParentRef, Pom } from './pom-model.js';

export interface Reactor {
  byPath: ReadonlyMap<string, Pom>;
  /** Paths of poms that could not be parsed (already reported as problems). */
  unreadable: ReadonlySet<string>;
  /** `groupId:artifactId` -> the poms with those coordinates, by path. */
  byCoordinates: ReadonlyMap<string, Pom[]>;
}

export function buildReactor(poms: readonly Pom[], unreadable: ReadonlySet<string>): Reactor {
  const byCoordinates = new Map<string, Pom[]>();
  for (const pom of [...poms].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const key = `${groupIdOf(pom) ?? ''}:${pom.artifactId?.value ?? ''}`;
    const list = byCoordinates.get(key);
    if (list) list.push(pom);
    else byCoordinates.set(key, [pom]);
  }
  return { byPath: new Map(poms.map((pom) => [pom.path, pom])), unreadable, byCoordinates };
}

/** A module without its own groupId/version inherits its parent's. */
export function groupIdOf(pom: Pom): string | undefined {
  return pom.groupId?.value ?? pom.parent?.groupId;
}

export function versionOf(pom: Pom): string | undefined {
  return pom.version?.value ?? pom.parent?.version?.value;
}

/** `group:artifact:version` as a parent or BOM reference writes it. */
export function coordinatesLabel(groupId: string | undefined, artifactId: string | undefined, version: string | undefined): string {
  return [groupId ?? '?', artifactId ?? '?', ...(version !== undefined ? [version] : [])].join(':');
}

export type ParentLookup =
  | { kind: 'none' }
  | { kind: 'in-repo'; pom: Pom }
  | { kind: 'external'; ref: ParentRef; label: string }
  /** The pom at `<relativePath>` exists but could not be parsed, so we can't tell what it is. */
  | { kind: 'unreadable'; ref: ParentRef; label: string; path: string };

export function findParent(reactor: Reactor, pom: Pom): ParentLookup {
  const ref = pom.parent;
  if (!ref) return { kind: 'none' };
  const label = coordinatesLabel(ref.groupId, ref.artifactId, ref.version?.value);
  // `<relativePath/>` says the parent comes from a repository, not from this tree.
  if (ref.relativePath === '') return { kind: 'external', ref, label };
  const path = relativePom(pom.path, ref.relativePath ?? '../pom.xml');
  const atPath = path === undefined ? undefined : reactor.byPath.get(path);
  if (atPath && atPath !== pom && matches(atPath, ref.groupId, ref.artifactId, ref.version?.value)) return { kind: 'in-repo', pom: atPath };
  const byCoordinates = findPom(reactor, ref.groupId, ref.artifactId, ref.version?.value, pom.path, pom.path);
  if (byCoordinates) return { kind: 'in-repo', pom: byCoordinates };
  if (path !== undefined && reactor.unreadable.has(path)) return { kind: 'unreadable', ref, label, path };
  return { kind: 'external', ref, label };
}

/**
 * The pom of the repository with these coordinates (other than `exclude`); the one nearest above
 * `from` first when several match (copies under test resources, say), then path order.
 */
export function findPom(reactor: Reactor, groupId: string | undefined, artifactId: string | undefined, version: string | undefined, from: string, exclude?: string): Pom | undefined {
  const candidates = (reactor.byCoordinates.get(`${groupId ?? ''}:${artifactId ?? ''}`) ?? []).filter((pom) => pom.path !== exclude && matches(pom, groupId, artifactId, version));
  if (candidates.length <= 1) return candidates[0];
  const enclosing = candidates.filter((pom) => isWithin(dirName(from), dirName(pom.path))).sort((a, b) => b.path.length - a.path.length);
  return enclosing[0] ?? candidates[0];
}

/**
 * Coordinates match, the version too unless either side holds a `${...}` (CI-friendly versions,
 * `${revision}`, are set on the command line and equal by construction in a reactor).
 */
function matches(pom: Pom, groupId: string | undefined, artifactId: string | undefined, version: string | undefined): boolean {
  if (groupIdOf(pom) !== groupId || pom.artifactId?.value !== artifactId) return false;
  const own = versionOf(pom);
  if (version === undefined || own === undefined) return version === own;
  return version === own || version.includes('${') || own.includes('${');
}

export interface ParentChain {
  /** The pom itself, then its in-repo ancestors, nearest first. */
  poms: Pom[];
  /** How the chain ends: no parent, a parent outside the repository, or one we could not read. */
  end: Exclude<ParentLookup, { kind: 'in-repo' }>;
  /** The paths around a loop in the chain (`a -> b -> a`), if there is one; the chain stops there. */
  loop?: string[];
}

export function parentChain(reactor: Reactor, pom: Pom): ParentChain {
  const poms = [pom];
  for (let current = pom; ; ) {
    const lookup = findParent(reactor, current);
    if (lookup.kind !== 'in-repo') return { poms, end: lookup };
    const seen = poms.indexOf(lookup.pom);
    if (seen !== -1) return { poms, end: { kind: 'none' }, loop: [...poms.slice(seen), lookup.pom].map((p) => p.path) };
    poms.push(lookup.pom);
    current = lookup.pom;
  }
}

/** The pom a `<relativePath>` names from the pom at `from`: a directory means its pom.xml. */
function relativePom(from: string, relativePath: string): string | undefined {
  const target = relativePath.replace(/\\/g, '/');
  const file = target.endsWith('.xml') ? target : joinPath(target.replace(/\/+$/, ''), 'pom.xml');
  const segments: string[] = dirName(from) === '' ? [] : dirName(from).split('/');
  for (const segment of file.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return undefined; // above the repository root
  }
  return segments.join('/');
}

function isWithin(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}
