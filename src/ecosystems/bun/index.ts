import { appendAll } from '../../deps/arrays.js';
import { scopesByReachability, type ReachableScope } from '../../deps/reachability.js';
import { countDistinctPurls } from '../../deps/merge.js';
import semver from 'semver';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import { baseName, dirName, joinPath } from '../paths.js';
import { Dependents, groupJsProjects, ownsJsPath, PACKAGE_JSON, readProjectManifests, workspaceLabel, type PackageJson } from '../package-json.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Location, Scope, SourceFile } from '../types.js';
import { installPrefixes, readBunLock, resolveAlong, resolveFrom, type BunLock, type BunPackage } from './lockfile.js';

export const BUN_LOCKB_MESSAGE = 'bun.lockb is a binary lockfile we cannot read: run `bun install --save-text-lockfile` and commit bun.lock';

const LOCKFILES: readonly string[] = ['bun.lock', 'bun.lockb'];

/** bun: the text bun.lock with the package.json files of the workspace; bun.lockb is reported, not read. */
export const bun: Ecosystem = {
  id: 'bun',
  lockfiles: LOCKFILES,
  sharedManifest: PACKAGE_JSON,
  owns: (path) => ownsJsPath(path, LOCKFILES),
  projects: (ownedPaths, allPaths, context) => groupJsProjects(ownedPaths, allPaths, context.governingLockfiles, false),
  extract: extractBunProject,
  compareVersions: (a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b, 'en', { numeric: true })),
};

function extractBunProject(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const read = readProjectManifests(files);
  appendAll(problems, read.problems);
  const manifests = new Map(read.manifests.map((manifest) => [manifest.path, manifest]));
  const lockfile = files.find((file) => baseName(file.path) === 'bun.lock');
  if (!lockfile) {
    const binary = files.find((file) => baseName(file.path) === 'bun.lockb');
    if (binary) problems.push({ path: binary.path, message: BUN_LOCKB_MESSAGE });
    return { dependencies: [], manifests: [], problems };
  }
  const lock = readBunLock(lockfile);
  if ('problem' in lock) return { dependencies: [], manifests: [], problems: [...problems, lock.problem] };
  appendAll(problems, lock.problems);

  const targets = requiredTargets(lock);
  const { direct, scopes, dependents } = walkWorkspaces(lock, targets, manifests, dirName(lockfile.path));
  const collected: Dependency[] = [];
  for (const pkg of lock.packages.values()) {
    if (pkg.local) continue;
    const { namespace, name } = splitScopedName(pkg.name);
    const declaredAt = direct.get(pkg.key);
    collected.push({
      ecosystem: 'bun',
      name: pkg.name,
      // A git or tarball package records no version: its source is what was asked for.
      ...(pkg.version !== undefined ? { version: pkg.version } : { requirement: pkg.source ?? '' }),
      purl: makePurl('npm', namespace, name, pkg.version),
      manifest: lockfile.path,
      line: pkg.line,
      ...(declaredAt?.line !== undefined ? { declaredAt } : {}),
      scope: scopes.get(pkg) ?? 'unknown',
      direct: direct.has(pkg.key),
      requiredBy: dependents.of(pkg.key),
      ...(pkg.hashes !== undefined ? { hashes: pkg.hashes } : {}),
    });
  }
  // Several entries can install the same version (patched copies, aliases, peer sets): the
  // pipeline merges them (once, for every ecosystem); the manifest counts each version once.
  return { dependencies: collected, manifests: [{ path: lockfile.path, packages: countDistinctPurls(collected) }], problems };
}

/** What each package's required names resolve to, from its install path (looked up once for every use). */
function requiredTargets(lock: BunLock): Map<BunPackage, BunPackage[]> {
  const targets = new Map<BunPackage, BunPackage[]>();
  for (const pkg of lock.packages.values()) {
    const resolved: BunPackage[] = [];
    const from = pkg.key === '' ? [] : installPrefixes(pkg.key);
    for (const name of pkg.requires) {
      const target = resolveAlong(lock.packages, from, name);
      if (target) resolved.push(target);
    }
    targets.set(pkg, resolved);
  }
  return targets;
}

/**
 * Direct dependencies are what each workspace declares (resolved from the workspace's own
 * install path, then the top level); scope is reachability from the runtime ones, then from the
 * development ones; dependents are the workspaces (`workspace:<folder>`) and the packages (by
 * name) whose dependencies resolve to a package. Keyed by install path (scopes by package).
 */
function walkWorkspaces(
  lock: BunLock,
  targets: ReadonlyMap<BunPackage, BunPackage[]>,
  manifests: ReadonlyMap<string, PackageJson>,
  lockDir: string,
): { direct: Map<string, Location | undefined>; scopes: ReadonlyMap<BunPackage, Scope>; dependents: Dependents<string> } {
  const direct = new Map<string, Location | undefined>();
  const dependents = new Dependents<string>();
  const roots: { node: BunPackage; scope: ReachableScope }[] = [];
  const workspaces = [...lock.workspaces].sort((a, b) => (a.folder === '' ? -1 : b.folder === '' ? 1 : a.folder.localeCompare(b.folder)));
  for (const workspace of workspaces) {
    const manifest = manifests.get(joinPath(joinPath(lockDir, workspace.folder), 'package.json'));
    // A member's own copies of its dependencies sit under its package name.
    const from = workspace.folder === '' ? '' : (workspace.name ?? '');
    for (const declared of workspace.declared) {
      const pkg = resolveFrom(lock.packages, from, declared.name);
      if (!pkg) continue;
      const location = manifest?.declared.find((declaration) => declaration.name === declared.name)?.location;
      if (direct.get(pkg.key) === undefined) direct.set(pkg.key, location);
      dependents.add(pkg.key, workspaceLabel(workspace.folder));
      roots.push({ node: pkg, scope: declared.field === 'devDependencies' ? 'development' : 'runtime' });
    }
  }
  for (const [pkg, resolved] of targets) for (const target of resolved) dependents.add(target.key, pkg.name);
  const scopes = scopesByReachability(roots, (pkg) => targets.get(pkg) ?? []);
  return { direct, scopes, dependents };
}
