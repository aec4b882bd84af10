/**
 * pyproject.toml as poetry and uv read it: the direct dependencies it declares, with their scope
 * and line. Sections: PEP 621 `[project] dependencies` and `optional-dependencies` (runtime),
 * PEP 735 `[dependency-groups]` and `[tool.uv] dev-dependencies` (development), and poetry's
 * `[tool.poetry.dependencies]` (runtime), `[tool.poetry.dev-dependencies]` and
 * `[tool.poetry.group.<g>.dependencies]` (development, except the `main` group).
 */
import { keyPath } from '../deps/json-lines.js';
import { lazyShape } from './shape.js';
import { ProblemList, quote } from './problems.js';
import { asTable, normalizePythonName, parsePep508, pythonPurl, readToml } from './python.js';
import { kindOf } from './shape.js';
import { stripBom } from './text.js';
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
  /** Sections and declarations of the wrong shape, each left out at its line. */
  problems: ExtractionProblem[];
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

/** A poetry dependency: a constraint string, a table (`{ version = "^1", extras = [...] }`), or a list of such tables. */
const POETRY_VALUE = lazyShape<unknown>({ anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array', items: { type: 'object' } }] });

/** Reads the declarations of a pyproject.toml; a TOML error becomes a problem, a malformed declaration an invalid-entry one. */
export function readPyproject(file: SourceFile): Pyproject | ExtractionProblem {
  const content = stripBom(file.content);
  const parsed = readToml(file.path, content);
  if (!parsed.ok) return parsed.problem;
  const data = parsed.value;
  const lines = tomlLines(content);
  const declared: PythonDeclaration[] = [];
  const problems = new ProblemList();
  const invalid = (path: string[], message: string, line = lines.keys.get(keyPath(...path))) =>
    problems.add({ path: file.path, line, message: `${path.map(tomlKey).join('.')}: ${message}`, kind: 'invalid-entry' });
  /** The table at `path`, or undefined (a problem when something else is there). */
  const table = (value: unknown, path: string[]): Record<string, unknown> | undefined => {
    if (value === undefined) return undefined;
    const found = asTable(value);
    if (!found) invalid(path, `is ${kindOf(value)}, expected a table`);
    return found;
  };
  const project = table(data.project, ['project']);
  const tool = table(data.tool, ['tool']);
  const poetry = table(tool?.poetry, ['tool', 'poetry']);
  const uv = table(tool?.uv, ['tool', 'uv']);

  /** A PEP 508 list (`dependencies = ["requests>=2"]`); `{ include-group = "x" }` items only where groups allow them. */
  const fromList = (list: unknown, path: string[], scope: Scope, group: string, tablesAllowed = false) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      invalid(path, `is ${kindOf(list)}, expected a list of requirements`);
      return;
    }
    for (const item of list) {
      if (typeof item !== 'string') {
        if (!(tablesAllowed && asTable(item))) invalid(path, `an item is ${kindOf(item)}, expected a requirement string`);
        continue;
      }
      const line = lines.items.get(keyPath(...path, item));
      const requirement = parsePep508(item);
      const purl = requirement && pythonPurl(requirement.name);
      if (!requirement || purl === undefined) {
        invalid(path, `${quote(item)} is not a requirement (PEP 508)`, line);
        continue;
      }
      declared.push({
        name: requirement.name,
        key: normalizePythonName(requirement.name),
        requirement: requirement.url ?? requirement.specifier,
        scope,
        group,
        location: { path: file.path, line },
      });
    }
  };
  const fromPoetryTable = (value: unknown, path: string[], scope: Scope, group: string) => {
    for (const [name, constraint] of Object.entries(table(value, path) ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      const wrong = POETRY_VALUE.problem(constraint);
      if (wrong !== undefined) {
        invalid([...path, name], `is ${kindOf(constraint)}, expected a version constraint or a table`);
        continue;
      }
      declared.push({
        name,
        key: normalizePythonName(name),
        requirement: poetryRequirement(constraint),
        scope,
        group,
        location: { path: file.path, line: lines.keys.get(keyPath(...path, name)) },
        ...(isLocalPath(constraint) ? { local: true } : {}),
      });
    }
  };

  fromList(project?.dependencies, ['project', 'dependencies'], 'runtime', 'main');
  fromPoetryTable(poetry?.dependencies, ['tool', 'poetry', 'dependencies'], 'runtime', 'main');
  for (const [extra, list] of Object.entries(table(project?.['optional-dependencies'], ['project', 'optional-dependencies']) ?? {})) {
    fromList(list, ['project', 'optional-dependencies', extra], 'runtime', `extra:${extra}`);
  }
  const poetryGroups = Object.entries(table(poetry?.group, ['tool', 'poetry', 'group']) ?? {});
  const groupTable = (group: string, value: unknown) => table(value, ['tool', 'poetry', 'group', group])?.dependencies;
  const mainGroup = poetryGroups.find(([group]) => group === 'main');
  if (mainGroup) fromPoetryTable(groupTable('main', mainGroup[1]), ['tool', 'poetry', 'group', 'main', 'dependencies'], 'runtime', 'main');
  for (const [group, value] of poetryGroups) {
    if (group === 'main') continue;
    fromPoetryTable(groupTable(group, value), ['tool', 'poetry', 'group', group, 'dependencies'], 'development', group);
  }
  fromPoetryTable(poetry?.['dev-dependencies'], ['tool', 'poetry', 'dev-dependencies'], 'development', 'dev');
  for (const [group, list] of Object.entries(table(data['dependency-groups'], ['dependency-groups']) ?? {})) {
    fromList(list, ['dependency-groups', group], 'development', group, true);
  }
  fromList(uv?.['dev-dependencies'], ['tool', 'uv', 'dev-dependencies'], 'development', 'dev');

  const name = typeof project?.name === 'string' ? project.name : typeof poetry?.name === 'string' ? poetry.name : undefined;
  return { path: file.path, problems: problems.list(), ...(name !== undefined ? { projectName: name } : {}), declared };
}

/** A key as TOML writes it: bare when it can be, else quoted (and clipped). */
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) && key.length <= 100 ? key : quote(key);
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
