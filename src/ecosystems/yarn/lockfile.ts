/**
 * yarn.lock, classic (v1) and berry (`__metadata`, yarn 2+), both parsed by `parseSyml`.
 *
 * Each lockfile entry answers one or more descriptors (`name@range`, the header line's specs);
 * this module turns the parsed object into one record per entry: what package it is (or that it
 * is a local workspace/link/file entry to skip), the line of its header, and its descriptors, so
 * that dependency edges (`name: range` under an entry) can be followed to other entries.
 */
import { parseSyml } from '@yarnpkg/parsers';
import { LineCounter } from '../../deps/lines.js';
import type { ExtractionProblem, SourceFile } from '../types.js';

/** A lockfile entry's fields we read (classic and berry share them). */
export interface RawEntry {
  version?: unknown;
  resolution?: unknown;
  resolved?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
}

export interface YarnEntry {
  raw: RawEntry;
  /** The real package name (an alias `foo@npm:bar@1` installs `bar`). */
  name: string;
  /** The resolved version; undefined for entries with no usable version. */
  version?: string;
  /** Local code (workspace, link, portal, file, exec): not a package to report. */
  local: boolean;
  /** Berry workspace entries: the workspace folder (`.`, `packages/a`). */
  workspace?: string;
  /** Names the entry is installed under (the left side of its descriptors). */
  installedAs: Set<string>;
  line?: number;
}

export interface ParsedYarnLock {
  berry: boolean;
  entries: YarnEntry[];
  /** Descriptor (`name@range` exactly as the lockfile writes it) -> entry. */
  bySpec: Map<string, YarnEntry>;
  /**
   * Berry applies some patches on its own (`fsevents@npm:^2` installs the entry
   * `fsevents@patch:fsevents@npm%3A^2#optional!builtin<compat/fsevents>`): the patched entries by
   * the descriptor they wrap.
   */
  patchedBy: Map<string, YarnEntry[]>;
  /** Entries other than workspaces by the names they are installed under. */
  byInstalledName: Map<string, YarnEntry[]>;
}

const LOCAL_PROTOCOLS = ['workspace:', 'link:', 'portal:', 'file:', 'exec:'];

/** `@scope/name@range` -> name and range; the range may itself hold `@` (`npm:other@^1`). */
export function splitDescriptor(spec: string): { name: string; range: string } {
  const at = spec.indexOf('@', 1);
  return at === -1 ? { name: spec, range: '' } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

/** Line of every descriptor named by a header line (`"a@^1", "a@^1.2":` or `"a@npm:^1, a@npm:^1.2":`). */
function descriptorLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const counter = new LineCounter(text);
  // Entry headers are the only lines that start at column 0 (apart from comments); a key over
  // 1024 characters is written `? "key"` with its `:` on the next line.
  for (const match of text.matchAll(/^(?:\? )?([^\s#?:].*?):?[ \t]*\r?$/gm)) {
    const header = (match[1] ?? '').replace(/"/g, '');
    const line = counter.lineOf(match.index ?? 0);
    for (const spec of header.split(/,\s*/)) if (spec !== '' && !lines.has(spec)) lines.set(spec, line);
  }
  return lines;
}

/** What a berry `resolution` (`name@npm:1.2.3`, `name@patch:name@npm%3A1.2.3#...`) designates. */
/** `name@patch:name@npm%3A^1#source` -> `name@npm:^1`; undefined for a descriptor that is no patch. */
function patchedDescriptor(spec: string): string | undefined {
  const { range } = splitDescriptor(spec);
  if (!range.startsWith('patch:')) return undefined;
  const hash = range.indexOf('#');
  const inner = range.slice('patch:'.length, hash === -1 ? undefined : hash);
  try {
    return decodeURIComponent(inner);
  } catch {
    return inner;
  }
}

function fromResolution(resolution: string): { name: string; version?: string; local: boolean; workspace?: string; registry: boolean } {
  const { name, range } = splitDescriptor(resolution);
  if (range.startsWith('npm:')) {
    // A package from another registry carries `::__archiveUrl=...` after the version.
    return { name, version: range.slice(4).split('::')[0], local: false, registry: true };
  }
  // `patch:<original descriptor, URL-encoded>#<patch source>::version=..&hash=..`
  const unpatched = patchedDescriptor(resolution);
  if (unpatched !== undefined) return fromResolution(unpatched);
  if (range.startsWith('workspace:')) return { name, local: true, workspace: range.slice('workspace:'.length), registry: false };
  const local = LOCAL_PROTOCOLS.some((protocol) => range.startsWith(protocol));
  return { name, local, registry: false };
}

/** Classic entries carry no resolution: the descriptor says what it is (`alias@npm:real@^1`, `x@file:../x`). */
function fromClassicDescriptor(spec: string): { name: string; local: boolean } {
  const { name, range } = splitDescriptor(spec);
  if (range.startsWith('npm:') && range.indexOf('@', 5) !== -1) return { name: splitDescriptor(range.slice(4)).name, local: false };
  return { name, local: LOCAL_PROTOCOLS.some((protocol) => range.startsWith(protocol)) };
}

export function parseYarnLock(file: SourceFile): ParsedYarnLock | { problem: ExtractionProblem } {
  let data: unknown;
  try {
    data = parseSyml(file.content);
  } catch (error) {
    return { problem: syntaxProblem(file.path, error) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problem: { path: file.path, line: 1, message: 'not a yarn lockfile: the top level is not a mapping' } };
  }
  const record = data as Record<string, unknown>;
  const berry = '__metadata' in record;
  const lines = descriptorLines(file.content);
  const byObject = new Map<object, YarnEntry>();
  const bySpec = new Map<string, YarnEntry>();
  const patchedBy = new Map<string, YarnEntry[]>();
  for (const [key, value] of Object.entries(record)) {
    if (key === '__metadata' || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const raw = value as RawEntry;
    // Classic keys are one descriptor each (several keys share one object); berry keys join them with ", ".
    const specs = berry ? key.split(/,\s*/) : [key];
    let entry = byObject.get(raw);
    if (!entry) {
      entry = newEntry(raw, specs[0] ?? key, berry);
      byObject.set(raw, entry);
    }
    for (const spec of specs) {
      bySpec.set(spec, entry);
      const unpatched = berry ? patchedDescriptor(spec) : undefined;
      if (unpatched !== undefined) addTo(patchedBy, unpatched, entry);
      entry.installedAs.add(splitDescriptor(spec).name);
      const line = lines.get(spec);
      if (line !== undefined && (entry.line === undefined || line < entry.line)) entry.line = line;
    }
  }
  const entries = [...byObject.values()];
  const byInstalledName = new Map<string, YarnEntry[]>();
  for (const entry of entries) {
    if (entry.workspace === undefined) for (const name of entry.installedAs) addTo(byInstalledName, name, entry);
  }
  return { berry, entries, bySpec, patchedBy, byInstalledName };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function newEntry(raw: RawEntry, firstSpec: string, berry: boolean): YarnEntry {
  const declaredVersion = typeof raw.version === 'string' ? raw.version : undefined;
  if (berry && typeof raw.resolution === 'string') {
    const resolved = fromResolution(raw.resolution);
    return {
      raw,
      name: resolved.name,
      // Non-registry sources (git, tarball URL) only have the package.json version to go on.
      version: resolved.registry ? resolved.version : declaredVersion,
      local: resolved.local,
      ...(resolved.workspace !== undefined ? { workspace: resolved.workspace } : {}),
      installedAs: new Set(),
    };
  }
  const classic = fromClassicDescriptor(firstSpec);
  return { raw, name: classic.name, version: declaredVersion, local: classic.local, installedAs: new Set() };
}

function syntaxProblem(path: string, error: unknown): ExtractionProblem {
  const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
  // The classic grammar (peggy) reports `location.start`; js-yaml (berry) a 0-based `mark`.
  const location = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
  if (location?.line !== undefined) return { path, line: location.line, column: location.column, message: `invalid yarn.lock: ${message}` };
  const mark = (error as { mark?: { line?: number; column?: number } }).mark;
  if (mark?.line !== undefined) {
    return {
      path,
      line: mark.line + 1,
      ...(mark.column !== undefined ? { column: mark.column + 1 } : {}),
      message: `invalid yarn.lock: ${message.replace(/ \(\d+:\d+\)$/, '')}`,
    };
  }
  return { path, message: `invalid yarn.lock: ${message}` };
}

/** The `name: range` edges of an entry (dependencies and optional dependencies). */
export function edgesOf(raw: RawEntry): [string, string][] {
  const edges: [string, string][] = [];
  for (const field of [raw.dependencies, raw.optionalDependencies]) {
    if (typeof field !== 'object' || field === null) continue;
    for (const [name, range] of Object.entries(field as Record<string, unknown>)) {
      if (typeof range === 'string') edges.push([name, range]);
    }
  }
  return edges;
}
