import { jsonKeyLines, keyPath, parseJson } from '../../deps/json-lines.js';
import { baseName, isInVendoredTree, projectsByDirectory } from '../paths.js';
import { isLocalPath, poetryRequirement, type PythonDeclaration } from '../pyproject.js';
import { asTable, comparePythonVersions, normalizePythonName, pinnedVersion, pypiPurl, readToml } from '../python.js';
import { tomlLines } from '../python-toml-lines.js';
import type { Dependency, Ecosystem, Extraction, ExtractionProblem, Scope, SourceFile } from '../types.js';

/** pipenv: Pipfile.lock with the Pipfile beside it; a Pipfile alone gives what it asks for. */
export const pipenv: Ecosystem = {
  id: 'pipenv',
  purlType: 'pypi',
  depsDevSystem: 'PYPI',
  owns: (path) => !isInVendoredTree(path) && ['Pipfile', 'Pipfile.lock'].includes(baseName(path)),
  projects: (ownedPaths) => projectsByDirectory(ownedPaths),
  extract: extractPipenv,
  compareVersions: comparePythonVersions,
};

/** Pipfile sections and lockfile sections, with their scope. Other (custom) categories: unknown. */
const PIPFILE_SECTIONS: Record<string, Scope> = { packages: 'runtime', 'dev-packages': 'development' };
const LOCK_SECTIONS: Record<string, Scope> = { default: 'runtime', develop: 'development' };
const PIPFILE_NOT_PACKAGES = new Set(['source', 'requires', 'scripts', 'pipenv']);

function readPipfile(file: SourceFile): PythonDeclaration[] | ExtractionProblem {
  const parsed = readToml(file.path, file.content);
  if (!parsed.ok) return parsed.problem;
  const lines = tomlLines(file.content);
  const declared: PythonDeclaration[] = [];
  // `packages` first so that a package in both sections is declared where it is a runtime one.
  const sections = Object.keys(parsed.value).sort((a, b) => Number(b === 'packages') - Number(a === 'packages'));
  for (const section of sections) {
    if (PIPFILE_NOT_PACKAGES.has(section)) continue;
    const table = asTable(parsed.value[section]);
    if (!table) continue;
    for (const [name, value] of Object.entries(table)) {
      declared.push({
        name,
        key: normalizePythonName(name),
        requirement: poetryRequirement(value),
        scope: PIPFILE_SECTIONS[section] ?? 'unknown',
        group: section,
        location: { path: file.path, line: lines.keys.get(keyPath(section, name)) },
        ...(isLocalPath(value) ? { local: true } : {}),
      });
    }
  }
  return declared;
}

interface LockEntry {
  version?: unknown;
  git?: unknown;
  ref?: unknown;
  file?: unknown;
  path?: unknown;
}

function extractPipenv(files: readonly SourceFile[]): Extraction {
  const problems: ExtractionProblem[] = [];
  const pipfile = files.find((file) => baseName(file.path) === 'Pipfile');
  let declarations: PythonDeclaration[] = [];
  if (pipfile) {
    const read = readPipfile(pipfile);
    if ('message' in read) problems.push(read);
    else declarations = read;
  }
  const lockfile = files.find((file) => baseName(file.path) === 'Pipfile.lock');
  if (!lockfile) {
    // No lockfile: the Pipfile says which packages are wanted, and the version only when pinned.
    const dependencies = declarations.filter((declaration) => !declaration.local).map((declaration): Dependency => {
      const version = pinnedVersion(declaration.requirement);
      return {
        ecosystem: 'pipenv',
        name: declaration.name,
        ...(version !== undefined ? { version } : { requirement: declaration.requirement }),
        purl: pypiPurl(declaration.name, version),
        manifest: declaration.location.path,
        line: declaration.location.line,
        declaredAt: declaration.location,
        scope: declaration.scope,
        direct: true,
      };
    });
    return { dependencies, manifests: pipfile && !problems.length ? [{ path: pipfile.path, packages: dependencies.length }] : [], problems };
  }
  const parsed = parseJson<Record<string, unknown>>(lockfile.content);
  if (!parsed.ok) {
    return { dependencies: [], manifests: [], problems: [...problems, { path: lockfile.path, message: parsed.message, line: parsed.line, column: parsed.column }] };
  }
  const lock = asTable(parsed.value);
  if (!lock) return { dependencies: [], manifests: [], problems: [...problems, { path: lockfile.path, line: 1, message: 'Pipfile.lock is not a JSON object' }] };
  const lines = jsonKeyLines(lockfile.content);
  const dependencies: Dependency[] = [];
  for (const [section, value] of Object.entries(lock)) {
    if (section === '_meta') continue;
    const table = asTable(value);
    if (!table) continue;
    for (const [name, raw] of Object.entries(table)) {
      const entry = (asTable(raw) ?? {}) as LockEntry;
      // A local path (`pipenv = {path = ".", editable = true}`) is the project itself, not a package.
      if (typeof entry.path === 'string' && typeof entry.version !== 'string') continue;
      const version = typeof entry.version === 'string' ? pinnedVersion(entry.version) : undefined;
      const requirement =
        typeof entry.git === 'string'
          ? `git+${entry.git}${typeof entry.ref === 'string' ? `@${entry.ref}` : ''}`
          : typeof entry.file === 'string'
            ? entry.file
            : typeof entry.version === 'string'
              ? entry.version
              : '';
      // Direct when the Pipfile section that fills this lock section asks for it.
      const pipfileSection = section === 'default' ? 'packages' : section === 'develop' ? 'dev-packages' : section;
      const declaration = declarations.find((item) => item.group === pipfileSection && item.key === normalizePythonName(name));
      dependencies.push({
        ecosystem: 'pipenv',
        name,
        ...(version !== undefined ? { version } : { requirement }),
        purl: pypiPurl(name, version),
        manifest: lockfile.path,
        line: lines.get(keyPath(section, name)),
        ...(declaration?.location.line !== undefined ? { declaredAt: declaration.location } : {}),
        scope: LOCK_SECTIONS[section] ?? 'unknown',
        direct: declaration !== undefined,
      });
    }
  }
  return { dependencies, manifests: [{ path: lockfile.path, packages: dependencies.length }], problems };
}
