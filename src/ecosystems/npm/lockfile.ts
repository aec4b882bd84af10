/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 * v2 carries both sections; we read `packages` (v2/v3) which has licenses and flat install paths,
 * and fall back to the nested `dependencies` tree only for v1.
 */
import { jsonKeyLines, jsonSectionEntryLines, keyPath, parseJson } from '../../deps/json-lines.js';
import { makePurl, splitScopedName } from '../../deps/purl.js';
import type { DeclaredDependency } from '../package-json.js';
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
  fields: { line?: number; scope: Scope; direct: boolean; license?: string; installedAs: string },
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
  const dependencies: Dependency[] = [];
  for (const key of keys) {
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1) continue;
    const entry = packages[key] as PackagesEntry;
    if (entry.link === true || typeof entry.version !== 'string') continue;
    const installedAs = key.slice(at + NODE_MODULES.length);
    const importer = at === 0 ? '' : key.slice(0, at - 1);
    const direct = !importer.includes(NODE_MODULES) && importerDeps.get(importer)?.has(installedAs) === true;
    dependencies.push(
      npmDependency(
        file,
        entry.name ?? installedAs,
        entry.version,
        { line: lines.get(key), scope: scopeOf(entry), direct, license: licenseOf(entry.license), installedAs },
        declared,
      ),
    );
  }
  return dependencies;
}

function fromV1Tree(
  file: SourceFile,
  tree: Record<string, V1Entry>,
  declared: ReadonlyMap<string, DeclaredDependency>,
): Dependency[] {
  const lines = jsonKeyLines(file.content);
  const dependencies: Dependency[] = [];
  const walk = (entries: Record<string, V1Entry>, path: string[], topLevel: boolean): void => {
    for (const [name, entry] of Object.entries(entries)) {
      const entryPath = [...path, name];
      const version = entry.version;
      // `file:` / `link:` versions are local folders (workspace members), not packages.
      if (typeof version === 'string' && !/^(file|link):/.test(version)) {
        // An aliased install records `npm:real-name@1.2.3` as its version.
        const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version);
        dependencies.push(
          npmDependency(
            file,
            alias?.[1] ?? name,
            alias?.[2] ?? version,
            { line: lines.get(keyPath(...entryPath)), scope: scopeOf(entry), direct: topLevel && declared.has(name), installedAs: name },
            declared,
          ),
        );
      }
      if (entry.dependencies) walk(entry.dependencies, [...entryPath, 'dependencies'], false);
    }
  };
  walk(tree, ['dependencies'], true);
  return dependencies;
}
