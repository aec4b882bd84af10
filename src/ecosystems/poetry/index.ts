import { scopesByReachability } from '../../deps/reachability.js';
import { baseName, isInVendoredTree } from '../paths.js';
import { declarationsByKey, isExtractionProblem, lockfileProjects, readPyproject, type PythonDeclaration } from '../pyproject.js';
import { appendAll } from '../../deps/arrays.js';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { asTable, comparePythonVersions, normalizePythonName, pypiPurl, pythonPurl } from '../python.js';
import { readTomlLockPackages, type TomlKeep } from '../formats/toml-lockfile.js';
import { stripBom } from '../text.js';
import type { PackageHash } from '../../deps/model.js';
import { Dependents, workspaceLabel } from '../package-json.js';
import { prefixedHexHash } from '../hashes.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Scope, SourceFile } from '../types.js';

/** poetry: poetry.lock with the pyproject.toml beside it (a pyproject.toml alone is not poetry's). */
export const poetry: Ecosystem = {
  id: 'poetry',
  owns: (path) => !isInVendoredTree(path) && ['poetry.lock', 'pyproject.toml'].includes(baseName(path)),
  projects: (ownedPaths) => lockfileProjects(ownedPaths, 'poetry.lock'),
  extract: extractPoetry,
  compareVersions: comparePythonVersions,
};

interface LockedPackage {
  name: string;
  key: string;
  version: string;
  line?: number;
  /** Scope the lockfile records: `groups` (lock 2.1) or `category` (lock 1.x); undefined if neither. */
  recorded?: Scope;
  dependencies: string[];
  hashes?: PackageHash[];
}

interface PoetryPackage {
  name: string;
  version: string;
  source?: { type?: string; url?: unknown };
  dependencies?: Record<string, unknown>;
  /** Lock 2.x: `{ file, hash }` per artifact; unchecked, a malformed one is only not recorded. */
  files?: unknown;
  groups?: string[];
  category?: string;
}

/** One `[[package]]` of poetry.lock: only the fields read are checked. */
const PACKAGE = lazyShape<PoetryPackage>({
  type: 'object',
  required: ['name', 'version'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', minLength: 1 },
    source: { type: 'object', properties: { type: { type: 'string' } } },
    dependencies: { type: 'object' },
    groups: { type: 'array', items: { type: 'string' } },
    category: { type: 'string' },
  },
});

/**
 * What is read of a poetry.lock: the artifact list (`files`, lock 1.x's `[metadata.files]`) for
 * the sdist's hash; extras, descriptions and the rest of [metadata] are checked, not kept; of
 * dependencies only the names.
 */
const KEEP: TomlKeep = { package: { name: true, version: true, source: true, dependencies: {}, groups: true, category: true, files: true }, metadata: { files: true } };

function extractPoetry(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  let declared = new Map<string, PythonDeclaration>();
  const manifest = files.find((file) => baseName(file.path) === 'pyproject.toml');
  if (manifest) {
    const read = readPyproject(manifest);
    if (isExtractionProblem(read)) problems.push(read);
    else {
      declared = declarationsByKey(read.declared);
      appendAll(problems, read.problems);
    }
  }
  const lockfile = files.find((file) => baseName(file.path) === 'poetry.lock');
  if (!lockfile) return { dependencies: [], manifests: [], problems };
  const read = readTomlLockPackages(lockfile.path, stripBom(lockfile.content), KEEP);
  if (!read.ok) return { dependencies: [], manifests: [], problems: [...problems, read.problem] };
  const { packages, localLabels, problems: invalid } = readLockedPackages(lockfile.path, read);
  appendAll(problems, invalid);
  const walked = walkScopes(packages, declared);
  const dependents = poetryDependents(packages, localLabels, declared);
  const dependencies: Dependency[] = packages.map((locked) => {
    const declaration = declared.get(locked.key);
    return {
      ecosystem: 'poetry',
      name: locked.name,
      version: locked.version,
      purl: pypiPurl(locked.name, locked.version),
      manifest: lockfile.path,
      line: locked.line,
      ...(declaration?.location.line !== undefined ? { declaredAt: declaration.location } : {}),
      scope: locked.recorded ?? walked.get(locked.key) ?? 'unknown',
      direct: declaration !== undefined,
      requiredBy: [...dependents.of(locked.key)],
      ...(locked.hashes !== undefined ? { hashes: locked.hashes } : {}),
    };
  });
  return { dependencies, manifests: [{ path: lockfile.path, packages: dependencies.length }], problems };
}

/** The `[[package]]` entries that are packages, with their sdist hashes; path dependencies of the project as labels for requiredBy. */
function readLockedPackages(
  path: string,
  read: { root: Record<string, unknown>; entries: unknown[]; headerLines: readonly number[] },
): { packages: LockedPackage[]; localLabels: { label: string; dependencies: string[] }[]; problems: ExtractionProblem[] } {
  const { root, entries, headerLines } = read;
  const metadataFiles = asTable(asTable(root.metadata)?.files);
  const packages: LockedPackage[] = [];
  const localLabels: { label: string; dependencies: string[] }[] = [];
  const invalid = new ProblemList();
  entries.forEach((value: unknown, index: number) => {
    const line = headerLines[index];
    const wrong = PACKAGE.problem(value);
    if (wrong !== undefined) {
      const name = typeof asTable(value)?.name === 'string' ? ` ${quote(asTable(value)?.name as string)}` : '';
      invalid.add({ path: path, line, message: `[[package]]${name}: ${wrong}`, kind: 'invalid-entry' });
      return;
    }
    const entry = value as PoetryPackage;
    // A local directory (the project's own path dependencies) is not a package from anywhere.
    if (entry.source?.type === 'directory') {
      localLabels.push({ label: directoryLabel(entry), dependencies: Object.keys(entry.dependencies ?? {}).map(normalizePythonName) });
      return;
    }
    if (pythonPurl(entry.name) === undefined) {
      invalid.add({ path: path, line, message: `[[package]] name ${quote(entry.name)} is not a package name`, kind: 'invalid-entry' });
      return;
    }
    packages.push({
      name: entry.name,
      key: normalizePythonName(entry.name),
      version: entry.version,
      line,
      recorded: recordedScope(entry),
      dependencies: Object.keys(entry.dependencies ?? {}).map(normalizePythonName),
      ...sdistHashes(entry.files ?? metadataFiles?.[entry.name], entry.version),
    });
  });
  return { packages, localLabels, problems: invalid.list() };
}

function recordedScope(entry: PoetryPackage): Scope | undefined {
  if (entry.groups !== undefined) return entry.groups.includes('main') ? 'runtime' : 'development';
  if (entry.category === 'main') return 'runtime';
  if (entry.category === 'dev') return 'development';
  return undefined;
}

/** Scope by reachability: from the runtime declarations first, then from the development ones. */
function walkScopes(packages: readonly LockedPackage[], declared: ReadonlyMap<string, PythonDeclaration>): Map<string, Scope> {
  const edges = new Map<string, string[]>();
  for (const locked of packages) {
    const list = edges.get(locked.key);
    if (list) appendAll(list, locked.dependencies);
    else edges.set(locked.key, [...locked.dependencies]);
  }
  const roots = [...declared.values()].flatMap((declaration) =>
    declaration.scope === 'runtime' || declaration.scope === 'development' ? [{ node: declaration.key, scope: declaration.scope }] : [],
  );
  return scopesByReachability(roots, (key) => edges.get(key) ?? []);
}

/**
 * Who depends on each package (by normalized name): the packages whose [package.dependencies]
 * name it, by their name; the project (`workspace:.`, the pyproject.toml beside the lock) for
 * what it declares; a path dependency of the project as `workspace:<its url>`. Every version of
 * a name gets the same dependents: poetry's edges name no version.
 */
function poetryDependents(
  packages: readonly LockedPackage[],
  localLabels: readonly { label: string; dependencies: string[] }[],
  declared: ReadonlyMap<string, PythonDeclaration>,
): Dependents<string> {
  const dependents = new Dependents<string>();
  for (const key of declared.keys()) dependents.add(key, 'workspace:.');
  for (const local of localLabels) for (const key of local.dependencies) dependents.add(key, local.label);
  for (const locked of packages) for (const key of locked.dependencies) dependents.add(key, locked.name);
  return dependents;
}

function directoryLabel(entry: PoetryPackage): string {
  const url = entry.source?.url;
  return typeof url === 'string' && url !== '' ? workspaceLabel(url === '.' ? '' : url) : `workspace:${entry.name}`;
}

const SDIST = /\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/;

/**
 * The sdist's hash only: a version locks several artifacts (the sdist and a wheel per platform),
 * each with its own digest, and one hash of the package version can describe one file; the sdist
 * is the source release every platform can build from. It is the file named `<name>-<version>`
 * with an sdist extension (lock 1.x lists every version's files of a name together); none when
 * there is no such file, or more than one.
 */
function sdistHashes(files: unknown, version: string): { hashes?: PackageHash[] } {
  if (!Array.isArray(files)) return {};
  const sdists = files.map(asTable).filter((file) => {
    const name = file?.file;
    return typeof name === 'string' && SDIST.test(name) && name.replace(SDIST, '').endsWith(`-${version}`);
  });
  const hash = sdists.length === 1 ? prefixedHexHash(sdists[0]?.hash) : undefined;
  return hash ? { hashes: [hash] } : {};
}
