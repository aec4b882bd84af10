/**
 * bun.lock, the text lockfile of bun >= 1.1.39 (JSONC: trailing commas). `packages` maps an
 * install path (`chalk`, `@babel/highlight/chalk` = chalk nested under @babel/highlight) to
 * `[id, ...]` where id is `name@version` (npm), `name@workspace:path`, `name@github:o/r#sha`...
 * and one element is an object with the package's dependencies. `workspaces` maps each
 * workspace folder (`""` is the root) to its name and declared dependencies.
 *
 * Install scripts: bun.lock does not record which packages have them (the binary bun.lockb did;
 * its top-level `trustedDependencies` is the project's allow-list, not a fact of the package), so
 * `installScripts` stays undefined here and package/install-script cannot see them.
 */
import { jsonSectionEntryLines } from '../formats/json-lines.js';
import { entryMessage, packageNameProblem } from '../package-json.js';
import { EntryProblems } from '../problems.js';
import { kindOf, shape } from '../shape.js';
import { stripBom } from '../text.js';
import type { ExtractionProblem, SourceFile } from '../types.js';
import type { PackageHash } from '../../deps/model.js';
import { integrityHashes } from '../hashes.js';
import { parseBunJsonc } from './jsonc.js';
import { mapBunLock, packageLines, parseValue } from './sections.js';

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
  /** A registry entry's integrity (its last element, after the map): the tarball's SRI digest. */
  hashes?: PackageHash[];
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
  /** Entries that could not be read (the others were). */
  problems: ExtractionProblem[];
}

const WORKSPACE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;
const LOCAL_PROTOCOLS = /^(workspace|link|file|root):/;
/** The most packages an install path may nest (`a/b/c` is three). */
const MAX_NESTING = 64;

/** `{ name: range }`. */
const RANGES = { type: 'object', additionalProperties: { type: 'string' } } as const;

const lockShape = shape<{ packages: Fields; workspaces?: Fields }>({
  type: 'object',
  required: ['packages'],
  properties: { packages: { type: 'object' }, workspaces: { type: 'object' } },
});

interface PackageInfo {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalPeers?: string[];
}

/** A `packages` entry: `[id, ...]`, the id first (`name@1.2.3`, `name@workspace:path`...). */
const entryShape = shape<[string, ...unknown[]]>({ type: 'array', minItems: 1 });
const idShape = shape<string>({ type: 'string', pattern: '^.[^@]*@' });
/** The entry's one map: what the package depends on. */
const infoShape = shape<PackageInfo>({
  type: 'object',
  properties: { dependencies: RANGES, optionalDependencies: RANGES, peerDependencies: RANGES, optionalPeers: { type: 'array', items: { type: 'string' } } },
});
const workspaceShape = shape<Partial<Record<(typeof WORKSPACE_FIELDS)[number], Record<string, string>>> & { name?: string }>({
  type: 'object',
  properties: { name: { type: 'string' }, dependencies: RANGES, optionalDependencies: RANGES, peerDependencies: RANGES, devDependencies: RANGES },
});

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readBunLock(file: SourceFile): BunLock | { problem: ExtractionProblem } {
  const text = stripBom(file.content);
  return readMapped(file.path, text) ?? readWhole(file.path, text);
}

/**
 * The common case: one entry parsed at a time from the file's map (./sections.ts), never the
 * whole tree at once. Undefined when the file is not plainly mapped or a value does not parse:
 * the whole-file read then says what it says.
 */
function readMapped(path: string, text: string): BunLock | undefined {
  const sections = mapBunLock(text);
  const packagesAt = sections?.values.get('packages');
  if (sections === undefined || packagesAt === undefined || text.charCodeAt(packagesAt.start) !== 0x7b) return undefined;
  let workspaceSection: Fields = {};
  for (const [key, at] of sections.values) {
    if (key === 'packages') continue;
    const parsed = parseValue(text, at.start, at.end);
    if (parsed === undefined) return undefined;
    if (key === 'workspaces') {
      if (!isFields(parsed.value)) return undefined;
      workspaceSection = parsed.value;
    }
  }
  const lines = packageLines(text, sections);
  const problems = new EntryProblems(path);
  const packages = new Map<string, BunPackage>();
  const refused = new Set<string>();
  const { keys, offsets } = sections;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] ?? '';
    const parsed = parseValue(text, offsets[index * 3 + 1] ?? 0, offsets[index * 3 + 2] ?? 0);
    // A repeated key: JSON.parse keeps the last value at the first place, which one pass cannot.
    if (parsed === undefined || packages.has(key) || refused.has(key)) return undefined;
    if (!addEntry(packages, problems, key, parsed.value, lines[index])) refused.add(key);
  }
  return { packages, workspaces: readWorkspaces(text, workspaceSection, problems), problems: problems.list() };
}

/** The whole file parsed at once: for what the map does not cover, and for every malformed file. */
function readWhole(path: string, text: string): BunLock | { problem: ExtractionProblem } {
  const parsed = parseBunJsonc(text);
  if (!parsed.ok) return { problem: { path, line: parsed.line, column: parsed.column, message: `invalid bun.lock: ${parsed.message}` } };
  const lockProblem = lockShape.problem(parsed.value);
  if (lockProblem !== undefined) {
    const hasPackages = isFields(parsed.value) && Object.hasOwn(parsed.value, 'packages');
    const message = hasPackages ? `not a bun.lock: ${lockProblem}` : 'not a bun.lock: no "packages" object at the top level';
    return { problem: { path, line: 1, message } };
  }
  const lock = parsed.value as { packages: Fields; workspaces?: Fields };
  const problems = new EntryProblems(path);
  const packageLines = jsonSectionEntryLines(text, 'packages');
  const packages = new Map<string, BunPackage>();
  for (const key of Object.keys(lock.packages)) addEntry(packages, problems, key, lock.packages[key], packageLines.get(key));
  return { packages, workspaces: readWorkspaces(text, lock.workspaces ?? {}, problems), problems: problems.list() };
}

/** Reads one entry into `packages`, or its problem into `problems` (then false). */
function addEntry(packages: Map<string, BunPackage>, problems: EntryProblems, key: string, value: unknown, line: number | undefined): boolean {
  const read = readEntry(key, value, line);
  if (typeof read === 'string') problems.add(line, entryMessage(['packages', key], read));
  else packages.set(key, read);
  return typeof read !== 'string';
}

function readWorkspaces(text: string, workspaceSection: Fields, problems: EntryProblems): BunWorkspace[] {
  const workspaces: BunWorkspace[] = [];
  let workspaceLines: ReadonlyMap<string, number> | undefined; // scanned once, and only when a workspace is bad
  for (const folder of Object.keys(workspaceSection)) {
    const value = workspaceSection[folder];
    const problem = workspaceShape.problem(value);
    if (problem !== undefined) {
      workspaceLines ??= jsonSectionEntryLines(text, 'workspaces');
      problems.add(workspaceLines.get(folder), entryMessage(['workspaces', folder], problem));
      continue;
    }
    const workspace = value as Partial<Record<(typeof WORKSPACE_FIELDS)[number], Record<string, string>>> & { name?: string };
    const declared = WORKSPACE_FIELDS.flatMap((field) => Object.keys(workspace[field] ?? {}).map((name) => ({ name, field })));
    workspaces.push({ folder, ...(workspace.name !== undefined ? { name: workspace.name } : {}), declared });
  }
  return workspaces;
}

/** One `packages` entry, or what is wrong with it. */
function readEntry(key: string, value: unknown, line: number | undefined): BunPackage | string {
  // Resolving walks up the install path, a lookup per level for every dependency: real paths nest a few packages deep.
  if (pathNames(key).length > MAX_NESTING) return `the entry is nested more than ${MAX_NESTING} packages deep`;
  const problem = entryShape.problem(value);
  if (problem !== undefined) return Array.isArray(value) ? 'the entry is an empty list, expected ["name@version", ...]' : problem;
  const entry = value as [unknown, ...unknown[]];
  const id = entry[0];
  if (!idShape.is(id)) return `the entry's id (its first element) is ${typeof id === 'string' ? JSON.stringify(id) : kindOf(id)}, expected "name@version"`;
  const at = id.indexOf('@', 1);
  const name = id.slice(0, at);
  const resolution = id.slice(at + 1);
  const nameProblem = packageNameProblem(name);
  if (nameProblem !== undefined) return nameProblem;
  if (resolution === '') return `the entry's id ${JSON.stringify(id)} has no version after "@"`;
  const infoValue = entry.find((item, index) => index > 0 && isFields(item));
  const infoProblem = infoValue === undefined ? undefined : infoShape.problem(infoValue);
  if (infoProblem !== undefined) return infoProblem.replace(/^the entry /, "the entry's map ");
  const info = (infoValue ?? {}) as PackageInfo;
  const optionalPeers = new Set(info.optionalPeers ?? []);
  const requires: string[] = [];
  for (const field of [info.dependencies, info.optionalDependencies, info.peerDependencies]) {
    if (field === undefined) continue;
    for (const name of Object.keys(field)) if (field !== info.peerDependencies || !optionalPeers.has(name)) requires.push(name);
  }
  const local = LOCAL_PROTOCOLS.test(resolution);
  // A registry version has no protocol (`1.2.3`, `0.0.0-dev.1`); anything else is a source.
  const registry = !local && !resolution.includes(':') && !resolution.includes('/');
  // Registry entries are `[id, registry, map, integrity]`; a git entry's last string is bun's tag, which reads as no digest.
  const last = entry[entry.length - 1];
  const hashes = registry && entry.length > 2 && typeof last === 'string' ? integrityHashes(last) : undefined;
  return { key, name, ...(registry ? { version: resolution } : local ? {} : { source: resolution }), local, line, requires, ...(hashes ? { hashes } : {}) };
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
 * `@babel/highlight/chalk` -> [`@babel/highlight`, `@babel/highlight/chalk`]: the install path up
 * to the end of each package name along it, i.e. `pathNames(key).slice(0, depth).join('/')` for
 * each depth, cut from the key instead of joined again for every dependency looked up.
 */
export function installPrefixes(key: string): string[] {
  const segments = key.split('/');
  const prefixes: string[] = [];
  let end = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    end += segment.length;
    if (segment.startsWith('@') && i + 1 < segments.length) end += 1 + (segments[++i] ?? '').length;
    prefixes.push(key.slice(0, end));
    end++; // the slash after this name
  }
  return prefixes;
}

/**
 * The package a dependency `name` of the package at install path `from` resolves to, the way
 * node resolves modules: `from/name`, then up the path, then the top level.
 */
export function resolveFrom(packages: ReadonlyMap<string, BunPackage>, from: string, name: string): BunPackage | undefined {
  return resolveAlong(packages, from === '' ? [] : installPrefixes(from), name);
}

/** resolveFrom with the install path already cut into its prefixes (installPrefixes: once for all of a package's dependencies). */
export function resolveAlong(packages: ReadonlyMap<string, BunPackage>, prefixes: readonly string[], name: string): BunPackage | undefined {
  for (let depth = prefixes.length; depth > 0; depth--) {
    const found = packages.get(`${prefixes[depth - 1] as string}/${name}`);
    if (found) return found;
  }
  return packages.get(name);
}
