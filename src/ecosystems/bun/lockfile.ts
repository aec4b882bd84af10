/**
 * bun.lock, the text lockfile of bun >= 1.1.39 (JSONC: trailing commas). `packages` maps an
 * install path (`chalk`, `@babel/highlight/chalk` = chalk nested under @babel/highlight) to
 * `[id, ...]` where id is `name@version` (npm), `name@workspace:path`, `name@github:o/r#sha`...
 * and one element is an object with the package's dependencies. `workspaces` maps each
 * workspace folder (`""` is the root) to its name and declared dependencies.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { jsonKeyLines, keyPath } from '../../deps/json-lines.js';
import { positionAt } from '../../deps/lines.js';
import type { ExtractionProblem, SourceFile } from '../types.js';

type Fields = Record<string, unknown>;

export interface BunPackage {
  /** Install path, the key in `packages`. */
  key: string;
  name: string;
  /** Exact version for registry packages. */
  version?: string;
  /** What a non-registry package resolves from (`github:owner/repo#sha`, a tarball URL). */
  source?: string;
  /** Workspace, folder, link or root: walked through, never reported. */
  local: boolean;
  line?: number;
  /** Names it depends on (dependencies, optional dependencies, non-optional peers). */
  requires: string[];
}

export interface BunWorkspace {
  folder: string;
  name?: string;
  /** Declared dependency names with the field that declares them. */
  declared: { name: string; field: string }[];
}

export interface BunLock {
  packages: Map<string, BunPackage>;
  workspaces: BunWorkspace[];
}

const WORKSPACE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];
const LOCAL_PROTOCOLS = /^(workspace|link|file|root):/;

function asFields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function namesOf(value: unknown): string[] {
  return Object.keys(asFields(value) ?? {});
}

export function readBunLock(file: SourceFile): BunLock | { problem: ExtractionProblem } {
  const errors: ParseError[] = [];
  const data: unknown = parse(file.content, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) {
    const { line, column } = positionAt(file.content, error.offset);
    return { problem: { path: file.path, line, column, message: `invalid bun.lock: ${printParseErrorCode(error.error)}` } };
  }
  const lock = asFields(data);
  const packagesField = asFields(lock?.packages);
  if (!lock || !packagesField) {
    return { problem: { path: file.path, line: 1, message: 'not a bun.lock: no "packages" object at the top level' } };
  }
  const lines = jsonKeyLines(file.content);
  const packages = new Map<string, BunPackage>();
  for (const [key, value] of Object.entries(packagesField)) {
    if (!Array.isArray(value) || typeof value[0] !== 'string') continue;
    const id = value[0];
    const at = id.indexOf('@', 1);
    if (at === -1) continue;
    const name = id.slice(0, at);
    const resolution = id.slice(at + 1);
    const info = asFields(value.find((item) => asFields(item) !== undefined)) ?? {};
    const optionalPeers = new Set(Array.isArray(info.optionalPeers) ? info.optionalPeers : []);
    const requires = [
      ...namesOf(info.dependencies),
      ...namesOf(info.optionalDependencies),
      ...namesOf(info.peerDependencies).filter((peer) => !optionalPeers.has(peer)),
    ];
    const local = LOCAL_PROTOCOLS.test(resolution);
    // A registry version has no protocol (`1.2.3`, `0.0.0-dev.1`); anything else is a source.
    const registry = !local && !resolution.includes(':') && !resolution.includes('/');
    packages.set(key, {
      key,
      name,
      ...(registry ? { version: resolution } : local ? {} : { source: resolution }),
      local,
      line: lines.get(keyPath('packages', key)),
      requires,
    });
  }
  const workspaces: BunWorkspace[] = [];
  for (const [folder, value] of Object.entries(asFields(lock.workspaces) ?? {})) {
    const workspace = asFields(value) ?? {};
    const declared = WORKSPACE_FIELDS.flatMap((field) => namesOf(workspace[field]).map((name) => ({ name, field })));
    workspaces.push({ folder, ...(typeof workspace.name === 'string' ? { name: workspace.name } : {}), declared });
  }
  return { packages, workspaces };
}

/** `@babel/highlight/chalk` -> [`@babel/highlight`, `chalk`]: the package names along an install path. */
export function pathNames(key: string): string[] {
  const segments = key.split('/');
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    if (segment.startsWith('@') && i + 1 < segments.length) names.push(`${segment}/${segments[++i] ?? ''}`);
    else names.push(segment);
  }
  return names;
}

/**
 * The package a dependency `name` of the package at install path `from` resolves to, the way
 * node resolves modules: `from/name`, then up the path, then the top level.
 */
export function resolveFrom(packages: ReadonlyMap<string, BunPackage>, from: string, name: string): BunPackage | undefined {
  const names = from === '' ? [] : pathNames(from);
  for (let depth = names.length; depth > 0; depth--) {
    const found = packages.get(`${names.slice(0, depth).join('/')}/${name}`);
    if (found) return found;
  }
  return packages.get(name);
}
