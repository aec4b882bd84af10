/**
 * pyproject.toml as poetry and uv read it: the direct dependencies it declares, with their scope
 * and line. Sections: PEP 621 `[project] dependencies` and `optional-dependencies` (runtime),
 * PEP 735 `[dependency-groups]` and `[tool.uv] dev-dependencies` (development), and poetry's
 * `[tool.poetry.dependencies]` (runtime), `[tool.poetry.dev-dependencies]` and
 * `[tool.poetry.group.<g>.dependencies]` (development, except the `main` group).
 */
import { keyPath } from './formats/json-lines.js';
import { readToml, tomlPositions, type TomlPositions } from './formats/toml.js';
import { lazyShape } from './shape.js';
import { ProblemList, quote } from './problems.js';
import { asTable, normalizePythonName, parsePep508, pythonPurl } from './python.js';
import { kindOf } from './shape.js';
import { stripBom } from './text.js';
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
  const reader = new DeclarationReader(file.path, tomlPositions(content));
  const project = reader.table(data.project, ['project']);
  const tool = reader.table(data.tool, ['tool']);
  const poetry = reader.table(tool?.poetry, ['tool', 'poetry']);
  const uv = reader.table(tool?.uv, ['tool', 'uv']);

  reader.fromList(project?.dependencies, ['project', 'dependencies'], 'runtime', 'main');
  reader.fromPoetryTable(poetry?.dependencies, ['tool', 'poetry', 'dependencies'], 'runtime', 'main');
  for (const [extra, list] of Object.entries(reader.table(project?.['optional-dependencies'], ['project', 'optional-dependencies']) ?? {})) {
    reader.fromList(list, ['project', 'optional-dependencies', extra], 'runtime', `extra:${extra}`);
  }
  readPoetryGroups(reader, poetry);
  reader.fromPoetryTable(poetry?.['dev-dependencies'], ['tool', 'poetry', 'dev-dependencies'], 'development', 'dev');
  for (const [group, list] of Object.entries(reader.table(data['dependency-groups'], ['dependency-groups']) ?? {})) {
    reader.fromList(list, ['dependency-groups', group], 'development', group, true);
  }
  reader.fromList(uv?.['dev-dependencies'], ['tool', 'uv', 'dev-dependencies'], 'development', 'dev');

  const name = typeof project?.name === 'string' ? project.name : typeof poetry?.name === 'string' ? poetry.name : undefined;
  return { path: file.path, problems: reader.problems.list(), ...(name !== undefined ? { projectName: name } : {}), declared: reader.declared };
}

/** `[tool.poetry.group.<name>.dependencies]`: `main` is runtime (read first), every other group development. */
function readPoetryGroups(reader: DeclarationReader, poetry: Record<string, unknown> | undefined): void {
  const groups = Object.entries(reader.table(poetry?.group, ['tool', 'poetry', 'group']) ?? {});
  const dependenciesOf = (group: string, value: unknown) => reader.table(value, ['tool', 'poetry', 'group', group])?.dependencies;
  const main = groups.find(([group]) => group === 'main');
  if (main) reader.fromPoetryTable(dependenciesOf('main', main[1]), ['tool', 'poetry', 'group', 'main', 'dependencies'], 'runtime', 'main');
  for (const [group, value] of groups) {
    if (group === 'main') continue;
    reader.fromPoetryTable(dependenciesOf(group, value), ['tool', 'poetry', 'group', group, 'dependencies'], 'development', group);
  }
}

/** The declarations of one pyproject.toml, and the invalid entries met on the way, each at its line. */
class DeclarationReader {
  readonly declared: PythonDeclaration[] = [];
  readonly problems = new ProblemList();

  constructor(
    private readonly path: string,
    private readonly lines: TomlPositions,
  ) {}

  invalid(keys: string[], message: string, line = this.lines.keys.get(keyPath(...keys))): void {
    this.problems.add({ path: this.path, line, message: `${keys.map(tomlKey).join('.')}: ${message}`, kind: 'invalid-entry' });
  }

  /** The table at `keys`, or undefined (a problem when something else is there). */
  table(value: unknown, keys: string[]): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    const found = asTable(value);
    if (!found) this.invalid(keys, `is ${kindOf(value)}, expected a table`);
    return found;
  }

  /** A PEP 508 list (`dependencies = ["requests>=2"]`); `{ include-group = "x" }` items only where groups allow them. */
  fromList(list: unknown, keys: string[], scope: Scope, group: string, tablesAllowed = false): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) return this.invalid(keys, `is ${kindOf(list)}, expected a list of requirements`);
    for (const item of list) {
      if (typeof item !== 'string') {
        if (!(tablesAllowed && asTable(item))) this.invalid(keys, `an item is ${kindOf(item)}, expected a requirement string`);
        continue;
      }
      const line = this.lines.items.get(keyPath(...keys, item));
      const requirement = parsePep508(item);
      const purl = requirement && pythonPurl(requirement.name);
      if (!requirement || purl === undefined) {
        this.invalid(keys, `${quote(item)} is not a requirement (PEP 508)`, line);
        continue;
      }
      this.declared.push({
        name: requirement.name,
        key: normalizePythonName(requirement.name),
        requirement: requirement.url ?? requirement.specifier,
        scope,
        group,
        location: { path: this.path, line },
      });
    }
  }

  /** Poetry's `name = "^1.2"` / `name = { version = ..., path = ... }` tables. */
  fromPoetryTable(value: unknown, keys: string[], scope: Scope, group: string): void {
    for (const [name, constraint] of Object.entries(this.table(value, keys) ?? {})) {
      if (name.toLowerCase() === 'python') continue;
      if (POETRY_VALUE.problem(constraint) !== undefined) {
        this.invalid([...keys, name], `is ${kindOf(constraint)}, expected a version constraint or a table`);
        continue;
      }
      this.declared.push({
        name,
        key: normalizePythonName(name),
        requirement: poetryRequirement(constraint),
        scope,
        group,
        location: { path: this.path, line: this.lines.keys.get(keyPath(...keys, name)) },
        ...(isLocalPath(constraint) ? { local: true } : {}),
      });
    }
  }
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
