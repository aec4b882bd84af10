import semver from 'semver';
import { appendAll } from '../../deps/arrays.js';
import { compareVersionsGeneric } from '../../deps/version.js';
import { baseName, dirName, isInVendoredTree } from '../paths.js';
import { purlOf } from '../../deps/purl.js';
import { quote } from '../problems.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Location, Project, Scope, SourceFile } from '../types.js';
import { analyseCargoGraph, inheritDeclarations, type ResolvedDeclaration } from './graph.js';
import { parseCargoLock, type LockPackage } from './lockfile.js';
import { Dependents, workspaceLabelOf } from '../package-json.js';
import { readCargoManifest, type CargoDeclaration, type CargoManifest } from './manifest.js';

/** Rust: Cargo.lock with the Cargo.toml files of the workspace it locks. */
export const cargo: Ecosystem = {
  id: 'cargo',
  // target/ is the build directory, vendor/ what `cargo vendor` writes: copies, not this project.
  owns: (path) => ['Cargo.toml', 'Cargo.lock'].includes(baseName(path)) && !isInVendoredTree(path, ['target', 'vendor', 'node_modules']),
  projects: groupCargoProjects,
  extract: extractCargoProject,
  compareVersions: (a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : compareVersionsGeneric(a, b)),
};

/**
 * A Cargo.lock governs the Cargo.toml files at or below its directory (a workspace's members),
 * the nearest lock winning. Manifests with no lock above them are grouped under the topmost
 * directory holding a Cargo.toml (the workspace root whose [workspace.dependencies] they inherit).
 */
function groupCargoProjects(ownedPaths: readonly string[]): Project[] {
  const lockDirs = new Set(ownedPaths.filter((path) => baseName(path) === 'Cargo.lock').map(dirName));
  const manifestDirs = new Set(ownedPaths.filter((path) => baseName(path) === 'Cargo.toml').map(dirName));
  const ancestors = (dir: string): string[] => {
    const list = [dir];
    for (let current = dir; current !== ''; ) {
      current = dirName(current);
      list.push(current);
    }
    return list;
  };
  const projects = new Map<string, string[]>();
  for (const path of ownedPaths) {
    const chain = ancestors(dirName(path));
    const root = chain.find((dir) => lockDirs.has(dir)) ?? [...chain].reverse().find((dir) => manifestDirs.has(dir)) ?? dirName(path);
    const list = projects.get(root);
    if (list) list.push(path);
    else projects.set(root, [path]);
  }
  return [...projects].map(([root, paths]) => ({ root, paths: paths.sort() }));
}

function extractCargoProject(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const manifests: CargoManifest[] = [];
  for (const file of files) {
    if (baseName(file.path) !== 'Cargo.toml') continue;
    const read = readCargoManifest(file.path, file.content);
    if ('message' in read) problems.push(read);
    else {
      manifests.push(read);
      appendAll(problems, read.problems);
    }
  }
  const lockfile = [...files].sort((a, b) => a.path.length - b.path.length).find((file) => baseName(file.path) === 'Cargo.lock');
  const rootDir = lockfile ? dirName(lockfile.path) : undefined;
  const shallowest = [...manifests].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const workspaceRoot =
    (rootDir !== undefined ? manifests.find((m) => dirName(m.path) === rootDir) : undefined) ?? shallowest.find((m) => m.isWorkspaceRoot) ?? shallowest[0];
  if (!lockfile) return declaredOnly(manifests, workspaceRoot, problems);

  const parsed = parseCargoLock(lockfile.path, lockfile.content);
  if ('problem' in parsed) return { dependencies: [], manifests: [], problems: [...problems, parsed.problem] };
  appendAll(problems, parsed.problems);
  const packages = parsed.lock.packages;
  const graph = analyseCargoGraph(packages, manifests, workspaceRoot);
  const dependents = cargoDependents(packages, manifests, dirName(lockfile.path));
  const dependencies: Dependency[] = [];
  for (const pkg of packages) {
    // No source: a workspace member or a path crate, i.e. this project's own code.
    if (pkg.source === undefined) continue;
    const scope = graph.scope.get(pkg.index) ?? 'unknown';
    const direct = graph.direct.has(pkg.index);
    const declaredAt = direct ? declarationFor(graph.declaredBy.get(pkg.index) ?? [], scope) : undefined;
    const purl = purlOf('cargo', undefined, pkg.name, pkg.version);
    if (purl === undefined) {
      problems.push({ path: lockfile.path, line: pkg.line, message: `[[package]] name ${quote(pkg.name)} is not a crate name`, kind: 'invalid-entry' });
      continue;
    }
    dependencies.push({
      ecosystem: 'cargo',
      name: pkg.name,
      version: pkg.version,
      purl,
      manifest: lockfile.path,
      ...(pkg.line !== undefined ? { line: pkg.line } : {}),
      ...(declaredAt ? { declaredAt } : {}),
      scope,
      direct,
      requiredBy: dependents.of(pkg.index),
      ...(pkg.hashes !== undefined ? { hashes: pkg.hashes } : {}),
    });
  }
  return { dependencies, manifests: [{ path: lockfile.path, packages: dependencies.length }], problems };
}

/**
 * Who depends on each package (by index), from the `dependencies` of every [[package]]: a
 * package without a source (a workspace member, a path crate) is `workspace:<its folder>` when
 * its Cargo.toml is at hand, else `workspace:<crate name>` (still a root: it is this project's
 * code); any other package is named by its crate name.
 */
function cargoDependents(packages: readonly LockPackage[], manifests: readonly CargoManifest[], lockDir: string): Dependents<number> {
  const folderOf = new Map<string, string>();
  for (const manifest of manifests) {
    if (manifest.packageName !== undefined && !folderOf.has(manifest.packageName)) folderOf.set(manifest.packageName, workspaceLabelOf(manifest.path, lockDir));
  }
  const dependents = new Dependents<number>();
  for (const pkg of packages) {
    const label = pkg.source === undefined ? (folderOf.get(pkg.name) ?? `workspace:${pkg.name}`) : pkg.name;
    for (const target of pkg.dependencies) dependents.add(target, label);
  }
  return dependents;
}

const KIND_SCOPE: Record<CargoDeclaration['kind'], Scope> = { normal: 'runtime', build: 'runtime', dev: 'development', workspace: 'unknown' };

/** The declaration to point at: one whose kind gave the package its scope, else the first with a line. */
function declarationFor(entries: readonly ResolvedDeclaration[], scope: Scope): Location | undefined {
  const withLine = entries.filter((entry) => entry.declaration.line !== undefined);
  const best = withLine.find((entry) => KIND_SCOPE[entry.declaration.kind] === scope) ?? withLine[0];
  return best ? { path: best.manifest, line: best.declaration.line } : undefined;
}

/** No Cargo.lock: the manifests say which crates are wanted and with which requirement. */
function declaredOnly(manifests: readonly CargoManifest[], workspaceRoot: CargoManifest | undefined, problems: ExtractionProblem[]): Extraction {
  const dependencies: Dependency[] = [];
  const inheritedKeys = new Set(manifests.flatMap((m) => m.declarations.filter((d) => d.inherited).map((d) => d.key)));
  for (const manifest of manifests) {
    for (const declaration of inheritDeclarations(manifest, workspaceRoot)) {
      if (declaration.path !== undefined) continue;
      // A [workspace.dependencies] entry counts only when no member at hand inherits it.
      if (declaration.kind === 'workspace' && (manifest !== workspaceRoot || inheritedKeys.has(declaration.key))) continue;
      const exact = /^=\s*(\d+\.\d+\.\d+\S*)$/.exec(declaration.requirement ?? '')?.[1];
      const requirement = declaration.requirement ?? (declaration.git !== undefined ? `git+${declaration.git}` : '*');
      const purl = purlOf('cargo', undefined, declaration.crate, exact);
      if (purl === undefined) {
        problems.push({ path: manifest.path, line: declaration.line, message: `${quote(declaration.crate)} is not a crate name`, kind: 'invalid-entry' });
        continue;
      }
      dependencies.push({
        ecosystem: 'cargo',
        name: declaration.crate,
        ...(exact !== undefined ? { version: exact } : { requirement }),
        purl,
        manifest: manifest.path,
        ...(declaration.line !== undefined ? { line: declaration.line } : {}),
        scope: KIND_SCOPE[declaration.kind],
        direct: true,
      });
    }
  }
  const byManifest = new Map<string, number>();
  for (const dependency of dependencies) byManifest.set(dependency.manifest, (byManifest.get(dependency.manifest) ?? 0) + 1);
  return { dependencies, manifests: manifests.map((m) => ({ path: m.path, packages: byManifest.get(m.path) ?? 0 })), problems };
}
