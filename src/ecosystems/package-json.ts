/**
 * What the JavaScript package managers (npm, yarn, pnpm, bun) share: `package.json`, and the rule
 * that decides which lockfile governs a given `package.json`.
 */
import { appendAll } from '../deps/arrays.js';
import { jsonKeyLines, keyPath, parseJson } from './formats/json-lines.js';
import { compareText } from '../deps/order.js';
import { baseName, dirName, isInVendoredTree } from './paths.js';
import { EntryProblems } from './problems.js';
import { kindOf, shape } from './shape.js';
import type { ExtractionProblem, Location, Project, Scope, SourceFile } from './types.js';

/** The manifest every JavaScript ecosystem reads: each declares it as its `sharedManifest`. */
export const PACKAGE_JSON = 'package.json';

const DEPENDENCY_FIELDS = [
  ['dependencies', 'runtime'],
  ['optionalDependencies', 'runtime'],
  ['peerDependencies', 'runtime'],
  ['devDependencies', 'development'],
] as const;

/** One dependency as a package.json declares it. */
export interface DeclaredDependency {
  name: string;
  requirement: string;
  scope: Scope;
  location: Location;
}

export interface PackageJson {
  path: string;
  name?: string;
  declared: DeclaredDependency[];
  workspaces: string[];
}

const dependencySection = shape<Record<string, unknown>>({ type: 'object' });
const requirementShape = shape<string>({ type: 'string' });

/**
 * Reads the declared dependencies of a package.json, with the line of each declaration. A
 * dependency section that is not a map, or a requirement that is not a string, is an
 * `invalid-entry` problem at its line; the other declarations are still read.
 */
export function readPackageJson(file: SourceFile): { manifest: PackageJson; problems: ExtractionProblem[] } | ExtractionProblem {
  const parsed = parseJson<unknown>(file.content);
  if (!parsed.ok) return { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column };
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { path: file.path, line: 1, message: `package.json is ${kindOf(data)}, expected a JSON object` };
  }
  const fields = data as Record<string, unknown>;
  const lines = jsonKeyLines(file.content, 'any');
  const problems = new EntryProblems(file.path);
  const declared: DeclaredDependency[] = [];
  const seen = new Set<string>();
  for (const [field, scope] of DEPENDENCY_FIELDS) {
    if (!Object.hasOwn(fields, field)) continue;
    const section = fields[field];
    const sectionProblem = dependencySection.problem(section);
    if (sectionProblem !== undefined) {
      problems.add(lines.get(field), entryMessage([field], sectionProblem));
      continue;
    }
    for (const name of Object.keys(section as object)) {
      const requirement = (section as Record<string, unknown>)[name];
      const line = lines.get(keyPath(field, name));
      const problem = requirementShape.problem(requirement) ?? packageNameProblem(name);
      if (problem !== undefined) {
        problems.add(line, entryMessage([field, name], problem));
        continue;
      }
      // A peer dependency also listed in devDependencies is the dev install of it: keep the first.
      if (seen.has(name)) continue;
      seen.add(name);
      declared.push({ name, requirement: requirement as string, scope, location: { path: file.path, line } });
    }
  }
  const workspacesField = fields.workspaces;
  const workspaces = Array.isArray(workspacesField)
    ? workspacesField.filter((item): item is string => typeof item === 'string')
    : typeof workspacesField === 'object' && workspacesField !== null && Array.isArray((workspacesField as { packages?: unknown }).packages)
      ? ((workspacesField as { packages: unknown[] }).packages.filter((item): item is string => typeof item === 'string'))
      : [];
  const manifest = { path: file.path, name: typeof fields.name === 'string' ? fields.name : undefined, declared, workspaces };
  return { manifest, problems: problems.list() };
}

/**
 * Why a package name read from a file cannot name an npm package (empty, or a scope without a
 * name: no package URL can be made of it); undefined when it can. Anything else is kept as
 * written: names are data (`__proto__`, `$(x)` and all).
 */
export function packageNameProblem(name: string): string | undefined {
  if (name === '') return 'the entry has an empty package name';
  if (name.startsWith('@') && (name.indexOf('/') <= 1 || name.endsWith('/'))) return `the entry ${JSON.stringify(name)} is not a package name (a scope needs a name: @scope/name)`;
  return undefined;
}

/**
 * `["packages", "node_modules/x"]` and a shape problem (`"version" is a number, expected a
 * string`, `the entry is null, expected a map`) -> `"packages" › "node_modules/x" › "version" is
 * a number, expected a string`: where in the file, in the file's own keys.
 */
export function entryMessage(where: readonly string[], problem: string): string {
  // Keys come from the file: a hostile one can be a megabyte long or nested a thousand deep.
  const quoted = where.map((segment) => JSON.stringify(clip(segment)));
  const path = (quoted.length > MAX_SHOWN_SEGMENTS ? [...quoted.slice(0, 2), '…', ...quoted.slice(-3)] : quoted).join(' › ');
  if (path === '') return problem;
  return problem.startsWith('the entry ') ? `${path} ${problem.slice('the entry '.length)}` : `${path} › ${problem}`;
}

const MAX_SHOWN_SEGMENTS = 8;
const MAX_SHOWN_KEY = 120;

/** A key as shown in a message: long ones keep their start and end. */
function clip(key: string): string {
  return key.length <= MAX_SHOWN_KEY ? key : `${key.slice(0, 80)}…${key.slice(-30)}`;
}

/** True for the paths a JavaScript ecosystem module reads: its lockfiles and every package.json. */
export function ownsJsPath(path: string, lockfileNames: readonly string[]): boolean {
  if (isInVendoredTree(path)) return false;
  const name = baseName(path);
  return name === PACKAGE_JSON || lockfileNames.includes(name);
}

/**
 * Groups one JavaScript ecosystem's paths into projects: each of its lockfiles with the
 * package.json files it governs. A package.json is governed by the lockfile in the nearest
 * directory at or above it that holds any of `governingLockfiles` (every ecosystem's that reads
 * package.json; workspace members sit below the root lockfile), so a package.json under a
 * yarn.lock is left to yarn. A package.json with no lockfile above it becomes a project of its
 * own only when `claimsStandaloneManifests` (npm does: it is what `npm install` would read).
 */
export function groupJsProjects(
  ownedPaths: readonly string[],
  allPaths: readonly string[],
  governingLockfiles: ReadonlySet<string>,
  claimsStandaloneManifests: boolean,
): Project[] {
  const lockDirs = new Set<string>();
  for (const path of allPaths) {
    if (governingLockfiles.has(baseName(path)) && !isInVendoredTree(path)) lockDirs.add(dirName(path));
  }
  const projects = new Map<string, Project>();
  for (const path of ownedPaths) {
    if (baseName(path) === PACKAGE_JSON) continue;
    const dir = dirName(path);
    const project = projects.get(dir);
    if (project) project.paths.push(path);
    else projects.set(dir, { root: dir, paths: [path] });
  }
  for (const path of ownedPaths) {
    if (baseName(path) !== PACKAGE_JSON) continue;
    const governingDir = nearestLockDir(dirName(path), lockDirs);
    if (governingDir !== undefined) {
      projects.get(governingDir)?.paths.push(path);
    } else if (claimsStandaloneManifests) {
      projects.set(dirName(path), { root: dirName(path), paths: [path] });
    }
  }
  return [...projects.values()].map((project) => ({ ...project, paths: project.paths.sort() }));
}

function nearestLockDir(dir: string, lockDirs: ReadonlySet<string>): string | undefined {
  for (let current: string | undefined = dir; current !== undefined; current = current === '' ? undefined : dirName(current)) {
    if (lockDirs.has(current)) return current;
  }
  return undefined;
}

/** Index of the declarations of a project's package.json files, by package name; root first. */
export function declarationsByName(manifests: readonly PackageJson[]): Map<string, DeclaredDependency> {
  const byName = new Map<string, DeclaredDependency>();
  const rootFirst = [...manifests].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const manifest of rootFirst) {
    for (const declaration of manifest.declared) {
      if (!byName.has(declaration.name)) byName.set(declaration.name, declaration);
    }
  }
  return byName;
}

/** Every package.json among a project's files; one that does not parse is a problem, not a stop. */
export function readProjectManifests(files: readonly SourceFile[]): { manifests: PackageJson[]; problems: ExtractionProblem[] } {
  const manifests: PackageJson[] = [];
  const problems: ExtractionProblem[] = [];
  for (const file of files) {
    if (baseName(file.path) !== PACKAGE_JSON) continue;
    const read = readPackageJson(file);
    if ('message' in read) {
      problems.push(read);
      continue;
    }
    manifests.push(read.manifest);
    appendAll(problems, read.problems);
  }
  return { manifests, problems };
}

/**
 * The `requiredBy` name of a project of the lockfile: `workspace:.` for the root,
 * `workspace:packages/a` for a member (folder relative to the lockfile, as the lockfile writes it).
 */
export function workspaceLabel(folder: string): string {
  const relative = folder.replace(/^\.\//, '').replace(/\/$/, '');
  return `workspace:${relative === '' ? '.' : relative}`;
}

/** The `requiredBy` name of the project whose package.json is at `manifestPath`, for a lockfile in `lockDir`. */
export function workspaceLabelOf(manifestPath: string, lockDir: string): string {
  const dir = dirName(manifestPath);
  if (lockDir === '') return workspaceLabel(dir);
  return workspaceLabel(dir === lockDir ? '' : dir.startsWith(`${lockDir}/`) ? dir.slice(lockDir.length + 1) : dir);
}

/**
 * Who depends on each node of a lockfile (a package key, an entry), for `Dependency.requiredBy`:
 * workspace labels and dependent package names, sorted so the output is stable.
 */
export class Dependents<K> {
  // Plain lists, deduplicated when read: cheaper than a Set per node on big lockfiles.
  private readonly byNode = new Map<K, string[]>();

  add(node: K, dependent: string): void {
    const list = this.byNode.get(node);
    if (list) list.push(dependent);
    else this.byNode.set(node, [dependent]);
  }

  /**
   * Sorted dependents; empty (not undefined) for a node nothing depends on: the lockfile says so.
   * The list is handed over, not copied: read each node once, after the last `add`.
   */
  of(node: K): string[] {
    return sortedUnique(this.byNode.get(node));
  }
}

/** Sorts a list of dependents in place and drops repeats; a missing list is an empty one. */
export function sortedUnique(list: string[] | undefined): string[] {
  if (list === undefined) return [];
  if (list.length > 1) {
    list.sort(compareText);
    let kept = 1;
    for (let i = 1; i < list.length; i++) if (list[i] !== list[kept - 1]) list[kept++] = list[i] as string;
    list.length = kept;
  }
  return list;
}
