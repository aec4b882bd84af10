import { appendAll } from '../../deps/arrays.js';
import { scopesByReachability, type ReachableScope } from '../../deps/reachability.js';
import { countDistinctPurls } from '../../deps/merge.js';
import semver from 'semver';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { Dependents, groupJsProjects, ownsJsPath, PACKAGE_JSON, readProjectManifests, workspaceLabel, type PackageJson } from '../package-json.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { readPnpmLock, type PnpmLock } from './lockfile.js';

const LOCKFILES: readonly string[] = ['pnpm-lock.yaml'];

/** Spread into the dependencies whose entry runs install scripts (v5/v6 `requiresBuild`): no object per entry. */
const RUNS_INSTALL_SCRIPTS = { installScripts: true } as const;

/** pnpm: pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x) with the package.json files of the workspace. */
export const pnpm: Ecosystem = {
  id: 'pnpm',
  lockfiles: LOCKFILES,
  sharedManifest: PACKAGE_JSON,
  owns: (path) => ownsJsPath(path, LOCKFILES),
  projects: (ownedPaths, allPaths, context) => groupJsProjects(ownedPaths, allPaths, context.governingLockfiles, false),
  extract: extractPnpmProject,
  compareVersions: (a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b, 'en', { numeric: true })),
};

function extractPnpmProject(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const read = readProjectManifests(files);
  appendAll(problems, read.problems);
  const manifests = new Map(read.manifests.map((manifest) => [manifest.path, manifest]));
  const lockfile = files.find((file) => baseName(file.path) === 'pnpm-lock.yaml');
  if (!lockfile) return { dependencies: [], manifests: [], problems };
  const lock = readPnpmLock(lockfile);
  if ('problem' in lock) return { dependencies: [], manifests: [], problems: [...problems, lock.problem] };
  appendAll(problems, lock.problems);

  const { direct, scopes } = walkImporters(lock, manifests, dirName(lockfile.path));
  const dependents = dependentsOf(lock);
  const collected: Dependency[] = [];
  for (const pkg of lock.packages.values()) {
    if (pkg.local || pkg.version === undefined) continue;
    const { namespace, name } = splitScopedName(pkg.name);
    const declaredAt = direct.get(pkg.key);
    // v5/v6 record the scope (`dev: true|false`, absent when both); v9 leaves it to the graph.
    const scope: Scope =
      lock.generation === 9 ? (scopes.get(pkg.key) ?? 'unknown') : pkg.dev === true ? 'development' : 'runtime';
    collected.push({
      ecosystem: 'pnpm',
      name: pkg.name,
      version: pkg.version,
      purl: makePurl('npm', namespace, name, pkg.version),
      manifest: lockfile.path,
      line: pkg.line,
      ...(declaredAt?.line !== undefined ? { declaredAt } : {}),
      scope,
      direct: direct.has(pkg.key),
      requiredBy: dependents.of(pkg.key),
      ...(pkg.installScripts === true ? RUNS_INSTALL_SCRIPTS : undefined),
      ...(pkg.hashes !== undefined ? { hashes: pkg.hashes } : undefined),
    });
  }
  // Several entries can install the same version (patched copies, aliases, peer sets): the
  // pipeline merges them (once, for every ecosystem); the manifest counts each version once.
  return { dependencies: collected, manifests: [{ path: lockfile.path, packages: countDistinctPurls(collected) }], problems };
}

/**
 * Who depends on each package key: the importers that list it (`workspace:<importer path>`) and
 * the packages whose graph node has an edge to one of its nodes (by name).
 */
function dependentsOf(lock: PnpmLock): Dependents<string> {
  const dependents = new Dependents<string>();
  for (const [path, listed] of lock.importers) {
    const label = workspaceLabel(path === '.' ? '' : path);
    for (const dependency of listed) dependents.add(lock.packageOf(dependency.node), label);
  }
  for (const node of lock.nodes) {
    const from = lock.packages.get(lock.packageOf(node));
    if (!from) continue;
    for (const target of lock.edges(node)) dependents.add(lock.packageOf(target), from.name);
  }
  return dependents;
}

/**
 * What the importers list is direct (declared in the importer's package.json when we have it);
 * scope is reachability: from an importer's dependencies/optionalDependencies runtime, from its
 * devDependencies only development. Keyed by package key.
 */
function walkImporters(
  lock: PnpmLock,
  manifests: ReadonlyMap<string, PackageJson>,
  lockDir: string,
): { direct: Map<string, Location | undefined>; scopes: Map<string, Scope> } {
  const direct = new Map<string, Location | undefined>();
  const roots: { node: string; scope: ReachableScope }[] = [];
  // Root importer first, so that its declaration line wins.
  const importers = [...lock.importers].sort(([a], [b]) => (a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b)));
  for (const [path, listed] of importers) {
    const manifest = manifests.get(joinPath(joinPath(lockDir, path === '.' ? '' : path), 'package.json'));
    for (const dependency of listed) {
      const key = lock.packageOf(dependency.node);
      const declaration = manifest?.declared.find((declared) => declared.name === dependency.name);
      if (direct.get(key) === undefined) direct.set(key, declaration?.location);
      roots.push({ node: dependency.node, scope: dependency.field === 'devDependencies' ? 'development' : 'runtime' });
    }
  }
  // Reachability over snapshot nodes (one per set of resolved peers); a package takes the scope of its first node reached.
  const scopes = new Map<string, Scope>();
  for (const [node, scope] of scopesByReachability(roots, (node) => lock.edges(node))) {
    const key = lock.packageOf(node);
    if (!scopes.has(key)) scopes.set(key, scope);
  }
  return { direct, scopes };
}
