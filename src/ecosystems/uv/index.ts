import { baseName, isInVendoredTree } from '../paths.js';
import { declarationsByKey, isExtractionProblem, lockfileProjects, readPyproject, type PythonDeclaration } from '../pyproject.js';
import { appendAll } from '../../deps/arrays.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { asTable, comparePythonVersions, normalizePythonName, pypiPurl, pythonPurl } from '../python.js';
import { readTomlLockPackages, type TomlKeep } from '../formats/toml-lockfile.js';
import { stripBom } from '../text.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, SourceFile } from '../types.js';
import { buildGraph, uvDependents, walkScopes, type UvGraph, type UvPackage } from './graph.js';
import type { PackageHash } from '../../deps/model.js';
import { prefixedHexHash } from '../hashes.js';

/** uv: uv.lock with the pyproject.toml beside it (a pyproject.toml alone is not uv's). */
export const uv: Ecosystem = {
  id: 'uv',
  owns: (path) => !isInVendoredTree(path) && ['uv.lock', 'pyproject.toml'].includes(baseName(path)),
  projects: (ownedPaths) => lockfileProjects(ownedPaths, 'uv.lock'),
  extract: extractUv,
  compareVersions: comparePythonVersions,
};

/** A dependency edge of a package: `{ name = "idna", marker = "...", extra = ["socks"] }`. */
const EDGE = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string' }, extra: { type: 'array', items: { type: 'string' } } } };
const EDGES = { type: 'array', items: EDGE };

/** One `[[package]]` of uv.lock: only the fields read are checked. */
const PACKAGE = lazyShape<Record<string, unknown>>({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    source: { type: 'object' },
    dependencies: EDGES,
    'optional-dependencies': { type: 'object', additionalProperties: EDGES },
    'dev-dependencies': { type: 'object', additionalProperties: EDGES },
  },
});

/** What is read of a uv.lock: of the artifacts only the sdist's hash is kept; wheels and package metadata are checked, not kept. */
const KEEP: TomlKeep = {
  manifest: { members: true },
  package: { name: true, version: true, source: true, sdist: { hash: true }, dependencies: true, 'optional-dependencies': true, 'dev-dependencies': true },
};

function extractUv(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  let declared = new Map<string, PythonDeclaration>();
  let projectName: string | undefined;
  const manifest = files.find((file) => baseName(file.path) === 'pyproject.toml');
  if (manifest) {
    const read = readPyproject(manifest);
    if (isExtractionProblem(read)) problems.push(read);
    else {
      appendAll(problems, read.problems);
      declared = declarationsByKey(read.declared);
      projectName = read.projectName;
    }
  }
  const lockfile = files.find((file) => baseName(file.path) === 'uv.lock');
  if (!lockfile) return { dependencies: [], manifests: [], problems };
  const read = readTomlLockPackages(lockfile.path, stripBom(lockfile.content), KEEP);
  if (!read.ok) return { dependencies: [], manifests: [], problems: [...problems, read.problem] };
  const { root: lock, entries, headerLines } = read;
  const members = new Set(
    (Array.isArray(asTable(lock.manifest)?.members) ? (asTable(lock.manifest)?.members as unknown[]) : [])
      .filter((member): member is string => typeof member === 'string')
      .map(normalizePythonName),
  );
  if (projectName !== undefined) members.add(normalizePythonName(projectName));
  const packages: UvPackage[] = [];
  const invalid = new ProblemList();
  entries.forEach((value: unknown, index: number) => {
    const line = headerLines[index];
    const wrong = PACKAGE.problem(value);
    const entry = asTable(value);
    if (wrong !== undefined || !entry) {
      const name = typeof entry?.name === 'string' ? ` ${quote(entry.name)}` : '';
      invalid.add({ path: lockfile.path, line, message: `[[package]]${name}: ${wrong ?? 'is not a table'}`, kind: 'invalid-entry' });
      return;
    }
    const name = entry.name as string;
    if (pythonPurl(name) === undefined) {
      invalid.add({ path: lockfile.path, line, message: `[[package]] name ${quote(name)} is not a package name`, kind: 'invalid-entry' });
      return;
    }
    packages.push({ entry, name, key: normalizePythonName(name), line });
  });
  appendAll(problems, invalid.list());
  const dependencies = lockedDependencies(lockfile.path, packages, buildGraph(packages, members), declared);
  return { dependencies, manifests: [{ path: lockfile.path, packages: dependencies.length }], problems };
}

/** One dependency per locked package that is not the workspace's own. */
function lockedDependencies(path: string, packages: readonly UvPackage[], graph: UvGraph, declared: ReadonlyMap<string, PythonDeclaration>): Dependency[] {
  const scopes = walkScopes(graph);
  const dependents = uvDependents(graph);
  const dependencies: Dependency[] = [];
  for (const locked of packages) {
    if (graph.local.has(locked)) continue;
    const version = typeof locked.entry.version === 'string' ? locked.entry.version : undefined;
    const declaration = declared.get(locked.key);
    const direct = graph.directKeys.has(locked.key) || declaration !== undefined;
    dependencies.push({
      ecosystem: 'uv',
      name: locked.name,
      ...(version !== undefined ? { version } : { requirement: sourceText(locked.entry.source) }),
      purl: pypiPurl(locked.name, version),
      manifest: path,
      line: locked.line,
      ...(direct && declaration?.location.line !== undefined ? { declaredAt: declaration.location } : {}),
      scope: scopes.get(locked) ?? 'unknown',
      direct,
      requiredBy: dependents.of(locked),
      ...sdistHashes(locked.entry.sdist),
    });
  }
  return dependencies;
}

/**
 * The sdist's hash only. A version locks several artifacts (the sdist and a wheel per platform),
 * each with its own digest, and a hash of the package version can describe one file: the sdist
 * is the one every platform can build from, the source release itself. A version without an
 * sdist (wheels only) records none.
 */
function sdistHashes(sdist: unknown): { hashes?: PackageHash[] } {
  const hash = prefixedHexHash(asTable(sdist)?.hash);
  return hash ? { hashes: [hash] } : {};
}

function sourceText(source: unknown): string {
  const table = asTable(source) ?? {};
  const value = Object.values(table).find((item) => typeof item === 'string');
  return typeof value === 'string' ? value : '';
}
