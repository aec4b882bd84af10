/**
 * pyproject.toml as poetry and uv read it: the direct dependencies it declares, with their scope
 * and line. Sections: PEP 621 `[project] dependencies` and `optional-dependencies` (runtime),
 * PEP 735 `[dependency-groups]` and `[tool.uv] dev-dependencies` (development), and poetry's
 * `[tool.poetry.dependencies]` (runtime), `[tool.poetry.dev-dependencies]` and
 * `[tool.poetry.group.<g>.dependencies]` (development, except the `main` group).
 */
import { keyPath } from '../deps/json-lines.js';
import { asTable, normalizePythonName, parsePep508, readToml } from './python.js';
import { tomlLines } from './python-toml-lines.js';
import type { ExtractionProblem, Location, Scope, SourceFile } from './types.js';
import { baseName, dirName } from './paths.js';

/** One dependency as a Python manifest (pyproject.toml, Pipfile) declares it. */
export interface PythonDeclaration {
  /** As written. */
  name: string;
  /** PEP 503 normalised. */
  key: string;
  requirement: string;
  scope: Scope;
  /** `main`, an extra (`extra:cli`) or a dependency group name. */
  group: string;
  location: Location;
  /** A local path (`{ path = "../lib" }`): the project's own code, not a package. */
  local?: boolean;
}

export interface Pyproject {
  path: string;
  /** `[project] name` or `[tool.poetry] name`. */
  projectName?: string;
  declared: PythonDeclaration[];
}

/** Index by normalised name; the first declaration wins, and runtime sections are read first. */
export function declarationsByKey(declared: readonly PythonDeclaration[]): Map<string, PythonDeclaration> {
  const byKey = new Map<string, PythonDeclaration>();
  for (const declaration of declared) if (!byKey.has(declaration.key)) byKey.set(declaration.key, declaration);
  return byKey;
}

/** Reads the declarations of a pyproject.toml; a TOML error becomes a problem. */
export function readPyproject(file: SourceFile): Pyproject | ExtractionProblem {
  const parsed = readToml(file.path, file.content);
  if (!parsed.ok) return parsed.problem;
  const data = parsed.value;
  const lines = tomlLines(file.content);
  const declared: PythonDeclaration[] = [];
  const project = asTable(data.project);
  const tool = asTable(data.tool);
  const poetry = asTable(tool?.poetry);
  const uv = asTable(tool?.uv);

  const fromList = (list: unknown, path: string[], scope: Scope, group: string) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string') continue; // `{ include-group = "x" }` entries
      const requirement = parsePep508(item);
      if (!requirement) continue;
      declared.push({
        name: requirement.name,
        key: normalizePythonName(requirement.name),
        requirement: requirement.url ?? requirement.specifier,
        scope,
        group,
        location: { path: file.path, line: lines.items.get(keyPath(...path, item)) },
      });
    }
  };
  const fromPoetryTable = (table: unknown, path: string[], scope: Scope, group: string) => {
    for (const [name, value] of Object.entries(asTable(table) ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      declared.push({
        name,
        key: normalizePythonName(name),
        requirement: poetryRequirement(value),
        scope,
        group,
        location: { path: file.path, line: lines.keys.get(keyPath(...path, name)) },
        ...(isLocalPath(value) ? { local: true } : {}),
      });
    }
  };

  fromList(project?.dependencies, ['project', 'dependencies'], 'runtime', 'main');
  fromPoetryTable(poetry?.dependencies, ['tool', 'poetry', 'dependencies'], 'runtime', 'main');
  for (const [extra, list] of Object.entries(asTable(project?.['optional-dependencies']) ?? {})) {
    fromList(list, ['project', 'optional-dependencies', extra], 'runtime', `extra:${extra}`);
  }
  const poetryGroups = Object.entries(asTable(poetry?.group) ?? {});
  const mainGroup = poetryGroups.find(([group]) => group === 'main');
  if (mainGroup) fromPoetryTable(asTable(mainGroup[1])?.dependencies, ['tool', 'poetry', 'group', 'main', 'dependencies'], 'runtime', 'main');
  for (const [group, table] of poetryGroups) {
    if (group === 'main') continue;
    fromPoetryTable(asTable(table)?.dependencies, ['tool', 'poetry', 'group', group, 'dependencies'], 'development', group);
  }
  fromPoetryTable(poetry?.['dev-dependencies'], ['tool', 'poetry', 'dev-dependencies'], 'development', 'dev');
  for (const [group, list] of Object.entries(asTable(data['dependency-groups']) ?? {})) {
    fromList(list, ['dependency-groups', group], 'development', group);
  }
  fromList(uv?.['dev-dependencies'], ['tool', 'uv', 'dev-dependencies'], 'development', 'dev');

  const name = typeof project?.name === 'string' ? project.name : typeof poetry?.name === 'string' ? poetry.name : undefined;
  return { path: file.path, ...(name !== undefined ? { projectName: name } : {}), declared };
}

/** Poetry's constraint text: `^1.2`, `{ version = "^1.2" }`, `{ git = "..." }`, a list of alternatives. */
export function poetryRequirement(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(poetryRequirement).filter(Boolean).join(' || ');
  const table = asTable(value);
  if (!table) return '';
  for (const field of ['version', 'git', 'url', 'path']) {
    const text = table[field];
    if (typeof text === 'string') {
      const ref = ['tag', 'rev', 'branch', 'ref'].map((refField) => table[refField]).find((item) => typeof item === 'string');
      return field === 'git' && typeof ref === 'string' ? `${text}@${ref}` : text;
    }
  }
  return '';
}

/** A `{ path = "..." }` declaration (poetry path dependency, pipenv `path = "."`). */
export function isLocalPath(value: unknown): boolean {
  const table = asTable(value);
  return table !== undefined && typeof table.path === 'string';
}

export function isExtractionProblem<T extends object>(value: T | ExtractionProblem): value is ExtractionProblem {
  return 'message' in value;
}

/**
 * Groups a lockfile-based Python tool's paths: each directory holding `lockfile` is a project
 * with the pyproject.toml beside it. A pyproject.toml without that lockfile is left alone (it may
 * belong to another tool, or to none): poetry and uv both own pyproject.toml, neither claims it alone.
 */
export function lockfileProjects(ownedPaths: readonly string[], lockfile: string): { root: string; paths: string[] }[] {
  const lockDirs = new Set(ownedPaths.filter((path) => baseName(path) === lockfile).map(dirName));
  const byDir = new Map<string, string[]>();
  for (const path of ownedPaths) {
    const dir = dirName(path);
    if (!lockDirs.has(dir)) continue;
    const list = byDir.get(dir);
    if (list) list.push(path);
    else byDir.set(dir, [path]);
  }
  return [...byDir].map(([root, paths]) => ({ root, paths: paths.sort() }));
}
