import semver from 'semver';
import { appendAll } from '../../deps/arrays.js';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import { baseName } from '../paths.js';
import { declarationsByName, groupJsProjects, ownsJsPath, PACKAGE_JSON, readProjectManifests, type PackageJson } from '../package-json.js';
import type { Dependency, Ecosystem, Extraction, SourceFile } from '../types.js';
import { extractNpmLockfile } from './lockfile.js';

const LOCKFILES: readonly string[] = ['npm-shrinkwrap.json', 'package-lock.json'];

/** npm: package-lock.json / npm-shrinkwrap.json (v1-v3) with the package.json files they govern. */
export const npm: Ecosystem = {
  id: 'npm',
  lockfiles: LOCKFILES,
  sharedManifest: PACKAGE_JSON,
  owns: (path) => ownsJsPath(path, LOCKFILES),
  projects: (ownedPaths, allPaths, context) => groupJsProjects(ownedPaths, allPaths, context.governingLockfiles, true),
  extract: extractNpmProject,
  compareVersions: (a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b, 'en', { numeric: true })),
};

function extractNpmProject(files: readonly SourceFile[]): Extraction {
  const { manifests, problems } = readProjectManifests(files);
  const declared = declarationsByName(manifests);
  // npm reads npm-shrinkwrap.json in preference to package-lock.json when both exist.
  const lockfile =
    files.find((file) => baseName(file.path) === 'npm-shrinkwrap.json') ?? files.find((file) => baseName(file.path) === 'package-lock.json');
  if (lockfile) {
    const result = extractNpmLockfile(lockfile, declared);
    if ('problem' in result) return { dependencies: [], manifests: [], problems: [...problems, result.problem] };
    appendAll(problems, result.problems);
    return { dependencies: result.dependencies, manifests: [{ path: lockfile.path, packages: result.dependencies.length }], problems };
  }
  // No lockfile: the package.json alone says which packages are wanted, not which versions.
  const dependencies: Dependency[] = manifests.flatMap((manifest) =>
    manifest.declared.map((declaration) => declaredOnly(manifest.path, declaration)),
  );
  return {
    dependencies,
    manifests: manifests.map((manifest) => ({ path: manifest.path, packages: manifest.declared.length })),
    problems,
  };
}

function declaredOnly(path: string, declaration: PackageJson['declared'][number]): Dependency {
  const { namespace, name } = splitScopedName(declaration.name);
  const exact = semver.valid(declaration.requirement) ?? undefined;
  return {
    ecosystem: 'npm',
    name: declaration.name,
    ...(exact ? { version: exact } : { requirement: declaration.requirement }),
    purl: makePurl('npm', namespace, name, exact),
    manifest: path,
    line: declaration.location.line,
    scope: declaration.scope,
    direct: true,
  };
}
