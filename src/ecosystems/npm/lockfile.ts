/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 * v2 carries both sections; we read `packages` (v2/v3) which has licenses and flat install paths,
 * and fall back to the nested `dependencies` tree only for v1 (./v1.ts).
 *
 * Shapes are checked at this edge, entry by entry, with the schemas below: an entry that is not
 * what npm writes (null, a list, a version that is a number...) is an `invalid-entry` problem at
 * its line and the other entries are still read; a file whose sections are not what npm writes
 * is one whole-file problem.
 */
import { jsonKeyLines, jsonSectionEntryLines, parseJson } from '../formats/json-lines.js';
import { entryMessage, packageNameProblem, sortedUnique, workspaceLabel, type DeclaredDependency } from '../package-json.js';
import { EntryProblems } from '../problems.js';
import { dirName } from '../paths.js';
import { shape } from '../shape.js';
import type { Dependency, SourceFile } from '../types.js';
import { npmDependency, RANGES, scopeOf, type NpmLockResult } from './entry.js';
import { fromV1Tree } from './v1.js';
import { integrityHashes } from '../hashes.js';

export type { NpmLockResult } from './entry.js';

interface PackagesEntry {
  name?: string;
  version?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  license?: unknown;
  /** npm's own flag: the package has preinstall/install/postinstall scripts (or a binding.gyp). */
  hasInstallScript?: boolean;
  /** SRI digest(s) of the tarball; not checked by the schema: a malformed one is only not recorded. */
  integrity?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const NODE_MODULES = 'node_modules/';

/**
 * The most folders an install path may have. Real trees nest a few levels; each level costs a
 * lookup per dependency when resolving, so a hostile path of thousands of levels would cost
 * millions of lookups per entry.
 */
const MAX_PATH_SEGMENTS = 256;

const ENTRY_PROPERTIES = {
  name: { type: 'string', minLength: 1 },
  version: { type: 'string', minLength: 1 },
  resolved: { type: 'string' },
  link: { type: 'boolean' },
  dev: { type: 'boolean' },
  devOptional: { type: 'boolean' },
  optional: { type: 'boolean' },
  // `license` is not checked: npm copies whatever the package.json had (`["MIT", "Apache2"]` is real).
  dependencies: RANGES,
  devDependencies: RANGES,
  optionalDependencies: RANGES,
  peerDependencies: RANGES,
} as const;

/** An installed package (`node_modules/x`): a version unless it is a link to a folder. */
const installEntry = shape<PackagesEntry>({
  type: 'object',
  properties: ENTRY_PROPERTIES,
  if: { properties: { link: { const: true } }, required: ['link'] },
  then: true,
  else: { required: ['version'], properties: { version: ENTRY_PROPERTIES.version } },
});

/** The root (`""`) or a workspace folder: what it depends on. */
const importerEntry = shape<PackagesEntry>({ type: 'object', properties: ENTRY_PROPERTIES });

const lockTop = shape<Record<string, unknown>>({ type: 'object' });
const v2Top = shape<{ packages: Record<string, unknown> }>({ type: 'object', required: ['packages'], properties: { packages: { type: 'object' } } });
const v1Top = shape<{ dependencies?: Record<string, unknown> }>({ type: 'object', properties: { dependencies: { type: 'object' } } });

/**
 * Extracts the dependencies of one npm lockfile. `declared` holds what the project's package.json
 * files declare (to mark direct dependencies and where they are declared).
 */
export function extractNpmLockfile(file: SourceFile, declared: ReadonlyMap<string, DeclaredDependency>): NpmLockResult {
  const parsed = parseJson<unknown>(file.content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  const notAnObject = lockTop.problem(lock);
  if (notAnObject !== undefined) {
    return { problem: { path: file.path, line: 1, message: `not an npm lockfile: the top level ${notAnObject.replace(/^the entry /, '')}` } };
  }
  const top = lock as Record<string, unknown>;
  const version = top.lockfileVersion;
  const topLine = (key: string) => jsonKeyLines(file.content, 'any').get(key);
  if (version === 2 || version === 3) {
    const problem = v2Top.problem(top);
    if (problem !== undefined) {
      const message = problem.startsWith('the entry has no') ? `lockfileVersion ${version} without a "packages" section` : `lockfileVersion ${version}: ${problem}`;
      return { problem: { path: file.path, line: topLine(problem.startsWith('the entry has no') ? 'lockfileVersion' : 'packages'), message } };
    }
    return fromPackages(file, (top as { packages: Record<string, unknown> }).packages, declared);
  }
  if (version === 1) {
    const problem = v1Top.problem(top);
    if (problem !== undefined) return { problem: { path: file.path, line: topLine('dependencies'), message: `lockfileVersion 1: ${problem}` } };
    return fromV1Tree(file, (top.dependencies ?? {}) as Record<string, unknown>, declared);
  }
  return {
    problem: {
      path: file.path,
      line: topLine('lockfileVersion'),
      message: `unsupported lockfileVersion ${JSON.stringify(version ?? null)} (supported: 1, 2, 3)`,
    },
  };
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Very old package.json files wrote `{ "type": "MIT" }`; npm copies it through.
  if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
    return (value as { type: string }).type;
  }
  return undefined;
}

/**
 * The entries of a v2/v3 `packages` section that have the shape npm writes, in file order; each
 * other one is a problem at its line.
 */
function validEntries(packages: Record<string, unknown>, lines: ReadonlyMap<string, number>, problems: EntryProblems): { keys: string[]; entries: PackagesEntry[] } {
  const keys: string[] = [];
  const entries: PackagesEntry[] = [];
  for (const key of Object.keys(packages)) {
    const entry = packages[key];
    const at = key.lastIndexOf(NODE_MODULES);
    const schema = at === -1 ? importerEntry : installEntry;
    const problem =
      schema.problem(entry) ??
      (at === -1 ? undefined : packageNameProblem((entry as PackagesEntry).name ?? key.slice(at + NODE_MODULES.length))) ??
      (segmentCount(key) > MAX_PATH_SEGMENTS ? `the entry is nested more than ${MAX_PATH_SEGMENTS} folders deep` : undefined);
    if (problem !== undefined) {
      problems.add(lines.get(key), entryMessage(['packages', key], problem));
      continue;
    }
    keys.push(key);
    entries.push(entry as PackagesEntry);
  }
  return { keys, entries };
}

function segmentCount(path: string): number {
  let count = 1;
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) count++;
  return count;
}

function fromPackages(file: SourceFile, packages: Record<string, unknown>, declared: ReadonlyMap<string, DeclaredDependency>): NpmLockResult {
  const lines = jsonSectionEntryLines(file.content, 'packages');
  const problems = new EntryProblems(file.path);
  const { keys, entries } = validEntries(packages, lines, problems);
  // Direct dependencies are those the root or a workspace member lists, installed in that
  // importer's own node_modules (`node_modules/x` or `packages/a/node_modules/x`).
  const importerDeps = new Map<string, Set<string>>();
  keys.forEach((key, index) => {
    if (key !== '' && key.includes(NODE_MODULES)) return;
    const entry = entries[index] as PackagesEntry;
    const names = new Set<string>();
    for (const field of [entry.dependencies, entry.devDependencies, entry.optionalDependencies, entry.peerDependencies]) {
      if (field !== undefined) for (const name of Object.keys(field)) names.add(name);
    }
    importerDeps.set(key, names);
  });
  const dependents = dependentsOfPackages(entries, keys);
  const dependencies: Dependency[] = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1) continue;
    const entry = entries[index] as PackagesEntry;
    if (entry.link === true || entry.version === undefined) continue;
    const installedAs = key.slice(at + NODE_MODULES.length);
    const importer = at === 0 ? '' : key.slice(0, at - 1);
    const direct = !importer.includes(NODE_MODULES) && importerDeps.get(importer)?.has(installedAs) === true;
    const fields = { line: lines.get(key), scope: scopeOf(entry), direct, license: licenseOf(entry.license), installedAs, requiredBy: sortedUnique(dependents[index]), installScripts: entry.hasInstallScript === true ? true : undefined, hashes: integrityHashes(entry.integrity) };
    dependencies.push(npmDependency(file, entry.name ?? installedAs, entry.version, fields, declared));
  }
  return { dependencies, problems: problems.list() };
}

/**
 * Who depends on each install path of a v2/v3 `packages` section, by index in `keys`: every
 * entry's dependencies (importers' dev dependencies too) resolved as node resolves them. An
 * importer (the root `""`, a workspace folder) is named `workspace:<folder>`, a package by its
 * name. Indexes and arrays rather than maps of strings: this runs over every edge of the file.
 */
function dependentsOfPackages(entries: readonly PackagesEntry[], keys: readonly string[]): (string[] | undefined)[] {
  const installs = installsByName(keys);
  const dependents: (string[] | undefined)[] = new Array<string[] | undefined>(keys.length);
  keys.forEach((key, index) => {
    const entry = entries[index] as PackagesEntry;
    // A link's dependencies are listed on the entry of the folder it points to.
    if (entry.link === true) return;
    const at = key.lastIndexOf(NODE_MODULES);
    const importer = at === -1;
    const label = importer ? workspaceLabel(key) : (entry.name ?? key.slice(at + NODE_MODULES.length));
    let lookIn: string[] | undefined; // the folders node looks in from `key`, nearest first, built once per entry
    const resolveAll = (field: Record<string, string> | undefined) => {
      if (field === undefined) return;
      for (const name of Object.keys(field)) {
        const installed = installs.get(name);
        if (installed === undefined) continue; // not installed (an optional peer)
        let target: number | undefined;
        if (typeof installed === 'number') target = installed;
        else {
          lookIn ??= foldersVisibleFrom(key);
          for (const dir of lookIn) if ((target = installed.get(dir)) !== undefined) break;
        }
        if (target !== undefined) (dependents[target] ??= []).push(label);
      }
    };
    resolveAll(entry.dependencies);
    resolveAll(entry.optionalDependencies);
    resolveAll(entry.peerDependencies);
    if (importer) resolveAll(entry.devDependencies);
  });
  return dependents;
}

/**
 * Where each package name is installed, as indexes in `keys`: a number for a name installed once
 * at the top level (nearly all: visible from everywhere), else by the folder whose node_modules
 * holds it (`''` for the root).
 */
function installsByName(keys: readonly string[]): Map<string, number | Map<string, number>> {
  const byName = new Map<string, number | Map<string, number>>();
  keys.forEach((key, index) => {
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1) return;
    const name = key.slice(at + NODE_MODULES.length);
    const dir = at === 0 ? '' : key.slice(0, at - 1);
    const seen = byName.get(name);
    if (seen === undefined) byName.set(name, dir === '' ? index : new Map([[dir, index]]));
    else if (typeof seen === 'number') byName.set(name, new Map([['', seen], [dir, index]]));
    else seen.set(dir, index);
  });
  return byName;
}

/**
 * The folders whose node_modules node searches from the package at `from`, nearest first:
 * `a/node_modules/b` -> itself, `a`, the root; a workspace folder `packages/x` -> itself,
 * `packages`, the root.
 */
function foldersVisibleFrom(from: string): string[] {
  const folders: string[] = [];
  for (let dir: string | undefined = from; dir !== undefined; dir = parentFolder(dir)) folders.push(dir);
  return folders;
}

function parentFolder(dir: string): string | undefined {
  if (dir === '') return undefined;
  const at = dir.lastIndexOf(`/${NODE_MODULES}`);
  if (at !== -1) return dir.slice(0, at);
  return dir.startsWith(NODE_MODULES) ? '' : dirName(dir);
}
