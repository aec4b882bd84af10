/**
 * Base tree vs head tree -> the dependency changes in the projects the change touched. Pure:
 * the trees are path lists plus a lookup of file contents already fetched.
 */
import type { Change } from '../deps/diff.js';
import { collectDependencies, diffCollected, findProjects, projectKey, type ProjectRef } from './collect.js';
import type { Dependency, ExtractionProblem } from '../ecosystems/types.js';
import type { ManifestInventory, ManifestSummary } from './report.js';

export interface TreeSide {
  /** Contents of a file at this ref; undefined if absent or not fetched. */
  read(path: string): string | undefined;
}

/** The projects an evaluation reads on each side, and the files to fetch for them. */
export interface TouchedProjects {
  base: ProjectRef[];
  head: ProjectRef[];
  baseFiles: string[];
  headFiles: string[];
}

export interface Comparison {
  changes: Change[];
  /** The manifests read at the head ref, in the touched projects. */
  manifests: ManifestSummary[];
  /** Files at the head ref that could not be read. */
  problems: ExtractionProblem[];
  /** Files at the base ref that could not be read (their dependencies count as added). */
  baseProblems: ExtractionProblem[];
  /** Every dependency read at the head ref, by manifest, in the touched projects. */
  inventory: ManifestInventory[];
}

/**
 * The projects to evaluate, on each side: those with a file among `changedPaths` (`'all'` when
 * every project counts, e.g. a first commit), except projects whose every file is `ignored` by
 * the policy (never fetched, never read). Also the files to fetch for them.
 */
export function touchedProjects(
  basePaths: readonly string[],
  headPaths: readonly string[],
  changedPaths: ReadonlySet<string> | 'all',
  ignored: (path: string) => boolean = () => false,
): TouchedProjects {
  const baseRefs = findProjects(basePaths);
  const headRefs = findProjects(headPaths);
  const touched = new Set<string>();
  for (const ref of [...baseRefs, ...headRefs]) {
    if (ref.project.paths.every(ignored)) continue;
    if (changedPaths === 'all' || ref.project.paths.some((path) => changedPaths.has(path))) touched.add(projectKey(ref));
  }
  const base = baseRefs.filter((ref) => touched.has(projectKey(ref)));
  const head = headRefs.filter((ref) => touched.has(projectKey(ref)));
  return {
    base,
    head,
    baseFiles: [...new Set(base.flatMap((ref) => ref.project.paths))],
    headFiles: [...new Set(head.flatMap((ref) => ref.project.paths))],
  };
}

export function compareTrees(base: TreeSide, head: TreeSide, touched: TouchedProjects): Comparison {
  const before = collectDependencies(touched.base, (path) => base.read(path));
  const after = collectDependencies(touched.head, (path) => head.read(path));
  // A base lockfile we could not read contributes nothing: its packages show up as added, which
  // is the safe direction (they get checked). A head lockfile we could not read is reported as
  // such, not as every one of its packages removed. A file with only malformed entries
  // (`invalid-entry`) was read: its valid entries are compared, the bad ones are findings.
  const unreadable = new Set(after.problems.filter((problem) => problem.kind !== 'invalid-entry').map((problem) => problem.path));
  return {
    changes: withoutManifests(diffCollected(before.dependencies, after.dependencies), unreadable),
    manifests: after.manifests.map(({ path, ecosystem, packages }) => ({ path, ecosystem, packages })),
    problems: after.problems,
    baseProblems: before.problems,
    inventory: inventoryOf(after.manifests, after.dependencies),
  };
}

/** The changes outside these manifests (the list itself when there are none to drop). */
function withoutManifests(changes: Change[], dropped: ReadonlySet<string>): Change[] {
  return dropped.size === 0 ? changes : changes.filter((change) => !dropped.has(change.dependency.manifest));
}

/** The head's dependencies grouped by the manifest they were read from, in manifest order. */
function inventoryOf(manifests: readonly { path: string; ecosystem: string }[], dependencies: readonly Dependency[]): ManifestInventory[] {
  // One manifest (a big lockfile alone): its list is the whole list, no second array.
  const only = manifests.length === 1 ? manifests[0] : undefined;
  if (only && dependencies.every((dependency) => dependency.manifest === only.path)) return [{ path: only.path, ecosystem: only.ecosystem, dependencies }];
  const byManifest = new Map<string, Dependency[]>();
  for (const dependency of dependencies) {
    const list = byManifest.get(dependency.manifest);
    if (list) list.push(dependency);
    else byManifest.set(dependency.manifest, [dependency]);
  }
  return manifests.map(({ path, ecosystem }) => ({ path, ecosystem, dependencies: byManifest.get(path) ?? [] }));
}
