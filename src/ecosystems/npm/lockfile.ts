/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 * v2 carries both sections; we read `packages` (v2/v3) which has licenses and flat install paths,
 * and fall back to the nested `dependencies` tree only for v1.
 */
import { jsonKeyLines, jsonSectionEntryLines, keyPath, parseJson } from '../../deps/json-lines.js';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import { Dependents, sortedUnique, workspaceLabel, type DeclaredDependency } from '../package-json.js';
import { dirName, joinPath } from '../paths.js';
import type { Dependency, Scope, SourceFile } from '../types.js';
import type { FileResult } from '../per-file.js';

interface PackagesEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  license?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface V1Entry {
  version?: string;
  /** Names (and ranges) it depends on, resolved up the nested tree as node does. */
  requires?: Record<string, string> | boolean;
  dev?: boolean;
  optional?: boolean;
  bundled?: boolean;
  dependencies?: Record<string, V1Entry>;
}

interface Lockfile {
  lockfileVersion?: unknown;
  packages?: Record<string, PackagesEntry>;
  dependencies?: Record<string, V1Entry>;
}

const NODE_MODULES = 'node_modules/';


/**
 * Extracts the dependencies of one npm lockfile. `declared` holds what the project's package.json
 * files declare (to mark direct dependencies and where they are declared).
 */
export function extractNpmLockfile(file: SourceFile, declared: ReadonlyMap<string, DeclaredDependency>): FileResult {
  const parsed = parseJson<Lockfile>(file.content);
  if (!parsed.ok) return { problem: { path: file.path, message: parsed.message, line: parsed.line, column: parsed.column } };
  const lock = parsed.value;
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) {
    return { problem: { path: file.path, line: 1, message: 'not an npm lockfile: the top level is not a JSON object' } };
  }
  const version = lock.lockfileVersion;
  if (version === 2 || version === 3) {
    if (typeof lock.packages !== 'object' || lock.packages === null) {
      return { problem: { path: file.path, message: `lockfileVersion ${version} without a "packages" section` } };
    }
    return { dependencies: fromPackages(file, lock.packages, declared) };
  }
  if (version === 1) return { dependencies: fromV1Tree(file, lock.dependencies ?? {}, declared) };
  const lines = jsonKeyLines(file.content, 'any');
  return {
    problem: {
      path: file.path,
      line: lines.get('lockfileVersion'),
      message: `unsupported lockfileVersion ${JSON.stringify(version ?? null)} (supported: 1, 2, 3)`,
    },
  };
}

function scopeOf(entry: { dev?: boolean; devOptional?: boolean }): Scope {
  return entry.dev === true || entry.devOptional === true ? 'development' : 'runtime';
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Very old package.json files wrote `{ "type": "MIT" }`; npm copies it through.
  if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
    return (value as { type: string }).type;
  }
  return undefined;
}

function npmDependency(
  file: SourceFile,
  name: string,
  version: string,
  fields: { line?: number; scope: Scope; direct: boolean; license?: string; installedAs: string; requiredBy: string[] },
  declared: ReadonlyMap<string, DeclaredDependency>,
): Dependency {
  const { namespace, name: bareName } = splitScopedName(name);
  const declaration = fields.direct ? declared.get(fields.installedAs) : undefined;
  // One literal, absent fields undefined: this runs for every entry of multi-megabyte lockfiles.
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: makePurl('npm', namespace, bareName, version),
    manifest: file.path,
    line: fields.line,
    declaredAt: declaration?.location.line !== undefined ? declaration.location : undefined,
    scope: fields.scope,
    direct: fields.direct,
    license: fields.license,
    requiredBy: fields.requiredBy,
  };
}

function fromPackages(
  file: SourceFile,
  packages: Record<string, PackagesEntry>,
  declared: ReadonlyMap<string, DeclaredDependency>,
): Dependency[] {
  const lines = jsonSectionEntryLines(file.content, 'packages');
  // Direct dependencies are those the root or a workspace member lists, installed in that
  // importer's own node_modules (`node_modules/x` or `packages/a/node_modules/x`).
  const importerDeps = new Map<string, Set<string>>();
  const keys = Object.keys(packages);
  for (const key of keys) {
    if (key !== '' && key.includes(NODE_MODULES)) continue;
    const entry = packages[key] as PackagesEntry;
    const names = new Set<string>();
    for (const field of [entry.dependencies, entry.devDependencies, entry.optionalDependencies, entry.peerDependencies]) {
      for (const name in field ?? {}) names.add(name);
    }
    importerDeps.set(key, names);
  }
  const dependents = dependentsOfPackages(packages, keys);
  const dependencies: Dependency[] = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1) continue;
    const entry = packages[key] as PackagesEntry;
    if (entry.link === true || typeof entry.version !== 'string') continue;
    const installedAs = key.slice(at + NODE_MODULES.length);
    const importer = at === 0 ? '' : key.slice(0, at - 1);
    const direct = !importer.includes(NODE_MODULES) && importerDeps.get(importer)?.has(installedAs) === true;
    const fields = { line: lines.get(key), scope: scopeOf(entry), direct, license: licenseOf(entry.license), installedAs, requiredBy: sortedUnique(dependents[index]) };
    dependencies.push(npmDependency(file, entry.name ?? installedAs, entry.version, fields, declared));
  }
  return dependencies;
}

/**
 * Who depends on each install path of a v2/v3 `packages` section, by index in `keys`: every
 * entry's dependencies (importers' dev dependencies too) resolved as node resolves them. An
 * importer (the root `""`, a workspace folder) is named `workspace:<folder>`, a package by its
 * name. Indexes and arrays rather than maps of strings: this runs over every edge of the file.
 */
function dependentsOfPackages(packages: Record<string, PackagesEntry>, keys: readonly string[]): (string[] | undefined)[] {
  const installs = installsByName(keys);
  const dependents: (string[] | undefined)[] = new Array<string[] | undefined>(keys.length);
  for (const key of keys) {
    const entry = packages[key] as PackagesEntry;
    // A link's dependencies are listed on the entry of the folder it points to.
    if (entry.link === true) continue;
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
  }
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

function fromV1Tree(
  file: SourceFile,
  tree: Record<string, V1Entry>,
  declared: ReadonlyMap<string, DeclaredDependency>,
): Dependency[] {
  const lines = jsonKeyLines(file.content);
  const dependents = dependentsOfV1Tree(tree, declared, joinPath(dirName(file.path), 'package.json'));
  const dependencies: Dependency[] = [];
  const walk = (entries: Record<string, V1Entry>, path: string[], topLevel: boolean): void => {
    for (const [name, entry] of Object.entries(entries)) {
      const entryPath = [...path, name];
      const version = entry.version;
      // `file:` / `link:` versions are local folders (workspace members), not packages.
      if (typeof version === 'string' && !/^(file|link):/.test(version)) {
        const alias = v1Alias(version);
        const fields = {
          line: lines.get(keyPath(...entryPath)),
          scope: scopeOf(entry),
          direct: topLevel && declared.has(name),
          installedAs: name,
          requiredBy: dependents.of(entry),
        };
        dependencies.push(npmDependency(file, alias?.name ?? name, alias?.version ?? version, fields, declared));
      }
      if (entry.dependencies) walk(entry.dependencies, [...entryPath, 'dependencies'], false);
    }
  };
  walk(tree, ['dependencies'], true);
  return dependencies;
}

/** An aliased install records `npm:real-name@1.2.3` as its version. */
function v1Alias(version: string): { name: string; version: string } | undefined {
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version);
  return alias ? { name: alias[1] as string, version: alias[2] as string } : undefined;
}

/**
 * Who depends on each entry of a v1 tree: an entry's `requires` resolve in its own nested
 * `dependencies`, then each enclosing level up to the top, as node resolves; the root
 * package.json's declarations (the root lists none in a v1 lockfile) resolve at the top.
 */
function dependentsOfV1Tree(
  tree: Record<string, V1Entry>,
  declared: ReadonlyMap<string, DeclaredDependency>,
  rootManifest: string,
): Dependents<V1Entry> {
  const dependents = new Dependents<V1Entry>();
  const resolve = (levels: readonly Record<string, V1Entry>[], name: string): V1Entry | undefined => {
    for (let i = levels.length - 1; i >= 0; i--) {
      const found = Object.prototype.hasOwnProperty.call(levels[i], name) ? levels[i]?.[name] : undefined;
      if (found) return found;
    }
    return undefined;
  };
  for (const [name, declaration] of declared) {
    const target = declaration.location.path === rootManifest ? resolve([tree], name) : undefined;
    if (target) dependents.add(target, workspaceLabel(''));
  }
  // `levels` holds the dependency maps from the top down to the one holding `entries`.
  const walk = (levels: Record<string, V1Entry>[]): void => {
    for (const [name, entry] of Object.entries(levels[levels.length - 1] ?? {})) {
      const inner = entry.dependencies ? [...levels, entry.dependencies] : levels;
      const label = typeof entry.version === 'string' ? (v1Alias(entry.version)?.name ?? name) : name;
      if (typeof entry.requires === 'object' && entry.requires !== null) {
        for (const required of Object.keys(entry.requires)) {
          const target = resolve(inner, required);
          if (target) dependents.add(target, label);
        }
      }
      if (entry.dependencies) walk(inner);
    }
  };
  walk([tree]);
  return dependents;
}
