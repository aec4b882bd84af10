/**
 * yarn.lock, classic (v1, `# yarn lockfile v1`, read by ./classic.ts) and berry (`__metadata`,
 * yarn 2+, YAML read with js-yaml as yarn reads it). A file that is neither (JSON, an empty file,
 * some other YAML) is a whole-file problem, never "no dependencies".
 *
 * Each lockfile entry answers one or more descriptors (`name@range`, the header line's specs);
 * this module turns the parsed object into one record per entry: what package it is (or that it
 * is a local workspace/link/file entry to skip), the line of its header, and its descriptors, so
 * that dependency edges (`name: range` under an entry) can be followed to other entries.
 */
import { entryMessage, packageNameProblem } from '../package-json.js';
import { EntryProblems } from '../problems.js';
import { detach, entriesOf, loadLockfileYaml, mapTopLevel, ReadWhole } from '../lockfile-yaml.js';
import { kindOf, shape } from '../shape.js';
import { stripBom } from '../text.js';
import type { ExtractionProblem, SourceFile } from '../types.js';
import { parseClassicLockfile } from './classic.js';
import type { PackageHash } from '../../deps/model.js';
import { hexHash, integrityHashes } from '../hashes.js';

/** A lockfile entry's fields we read (classic and berry share them). */
export interface RawEntry {
  version?: unknown;
  resolution?: unknown;
  resolved?: unknown;
  /** Classic: the tarball's SRI digest(s); unchecked, a malformed one is only not recorded. */
  integrity?: unknown;
  dependencies?: unknown;
  optionalDependencies?: unknown;
}

export interface YarnEntry {
  /** Its `name: range` edges (dependencies and optional dependencies). */
  edges: [string, string][];
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
  /**
   * Classic only: `integrity`, else the `#<sha1>` of `resolved`. Berry's `checksum` is the hash
   * of yarn's own cache zip, not of the package's tarball: not a digest of the artifact.
   */
  hashes?: PackageHash[];
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

/**
 * Line of every descriptor named by a header line (`"a@^1", "a@^1.2":` or `"a@npm:^1, a@npm:^1.2":`).
 * Entry headers are the only lines that start at column 0 (apart from comments); a key over 1024
 * characters is written `? "key"` with its `:` on the next line. One pass, no regex over lines.
 */
function descriptorLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    line++;
    const first = text[start];
    if (first !== undefined && first !== ' ' && first !== '\t' && first !== '\r' && first !== '\n' && first !== '#' && first !== ':') {
      let header = text.slice(start, end).trimEnd();
      if (header.startsWith('? ')) header = header.slice(2);
      header = header.slice(0, keyEnd(header));
      for (const spec of header.replaceAll('"', '').split(/,\s*/)) if (spec !== '' && !lines.has(spec)) lines.set(spec, line);
    }
    start = end + 1;
  }
  return lines;
}

/** Where the key of a header line ends: its first `:` outside quotes that ends the line or precedes a space. */
function keyEnd(header: string): number {
  let quoted = false;
  for (let at = 0; at < header.length; at++) {
    const char = header[at];
    if (char === '\\' && quoted) at++;
    else if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted && (at + 1 === header.length || header[at + 1] === ' ' || header[at + 1] === '\t')) return at;
  }
  return header.length;
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

/** `{ name: range }`: what an entry depends on. */
const RANGES = { type: 'object', additionalProperties: { type: 'string' } } as const;
const classicEntry = shape<RawEntry>({
  type: 'object',
  required: ['version'],
  properties: { version: { type: 'string', minLength: 1 }, resolved: { type: 'string' }, dependencies: RANGES, optionalDependencies: RANGES },
});
const berryEntry = shape<RawEntry>({
  type: 'object',
  required: ['version', 'resolution'],
  properties: { version: { type: 'string', minLength: 1 }, resolution: { type: 'string', minLength: 1 }, dependencies: RANGES, optionalDependencies: RANGES },
});
const berryMetadata = shape<{ version: string }>({ type: 'object', required: ['version'], properties: { version: { type: 'string' } } });

/** True when the leading comment lines hold yarn 1's `# yarn lockfile v1` (what tells yarn, too, which grammar to use). */
function hasClassicHeader(text: string): boolean {
  for (let start = 0; text[start] === '#'; ) {
    const newline = text.indexOf('\n', start);
    const line = text.slice(start, newline === -1 ? text.length : newline);
    if (/^#\s*yarn\s+lockfile\s+v1\s*$/i.test(line)) return true;
    if (newline === -1) break;
    start = newline + 1;
  }
  return false;
}

type Loaded = { berry: boolean; record: Record<string, unknown> } | { problem: ExtractionProblem };

/** The file's syntax, parsed: yarn 1's own, or berry's YAML; anything else is no yarn lockfile. */
function loadYarnLock(path: string, text: string): Loaded {
  if (hasClassicHeader(text)) {
    const parsed = parseClassicLockfile(text);
    if (!parsed.ok) return { problem: { path, line: parsed.line, column: parsed.column, message: `invalid yarn.lock: ${parsed.message}` } };
    return { berry: false, record: parsed.value };
  }
  if (!/^__metadata:/m.test(text)) {
    const first = text.trimStart()[0];
    const what = first === undefined ? 'it is empty' : first === '{' || first === '[' ? 'it is JSON' : 'it has neither the "# yarn lockfile v1" header of yarn 1 nor the "__metadata" of yarn 2+';
    return { problem: { path, line: 1, message: `not a yarn lockfile: ${what}` } };
  }
  const loaded = loadLockfileYaml(text);
  if (!loaded.ok) return { problem: { path, line: loaded.line, column: loaded.column, message: `invalid yarn.lock: ${loaded.message}` } };
  const value = loaded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: { path, line: 1, message: `not a yarn lockfile: the top level is ${kindOf(value)}, expected a map` } };
  }
  const record = value as Record<string, unknown>;
  const metadata = berryMetadata.problem(record.__metadata);
  if (metadata !== undefined) return { problem: { path, line: descriptorLines(text).get('__metadata'), message: entryMessage(['__metadata'], metadata) } };
  return { berry: true, record };
}

type ReadLock = ParsedYarnLock & { problems: ExtractionProblem[] };

export function parseYarnLock(file: SourceFile): ReadLock | { problem: ExtractionProblem } {
  const text = stripBom(file.content);
  const mapped = hasClassicHeader(text) || !/^__metadata:/m.test(text) ? undefined : mapTopLevel(text);
  if (mapped !== undefined) {
    try {
      const read = readEntries(file.path, text, mapped, 'mapped-berry');
      if (read !== undefined) return read;
    } catch (error) {
      if (!(error instanceof ReadWhole)) throw error;
    }
  }
  const loaded = loadYarnLock(file.path, text);
  if ('problem' in loaded) return loaded;
  return readEntries(file.path, text, entriesOf(loaded.record), loaded.berry ? 'berry' : 'classic') as ReadLock;
}

/**
 * One record per entry. A berry file read entry by entry (`mapped-berry`) checks its
 * `__metadata` on the way and returns undefined when it is bad or missing: the whole-file read
 * words that problem (it checks the metadata first, and a syntax error anywhere before that).
 */
function readEntries(path: string, text: string, record: Iterable<[string, unknown]>, kind: 'classic' | 'berry' | 'mapped-berry'): ReadLock | undefined {
  const berry = kind !== 'classic';
  const lines = descriptorLines(text);
  const problems = new EntryProblems(path);
  // Classic keys share one object per entry (several descriptors); berry entries are each their own.
  const byObject = new Map<object, YarnEntry | undefined>();
  const entries: YarnEntry[] = [];
  const bySpec = new Map<string, YarnEntry>();
  const patchedBy = new Map<string, YarnEntry[]>();
  let metadataSeen = false;
  for (const [key, value] of record) {
    if (berry && key === '__metadata') {
      if (kind === 'mapped-berry' && berryMetadata.problem(value) !== undefined) return undefined;
      metadataSeen = true;
      continue;
    }
    // Classic keys are one descriptor each (several keys share one object); berry keys join them with ", ".
    const specs = berry ? key.split(/,\s*/) : [key];
    const firstSpec = specs[0] ?? key;
    const known = !berry && typeof value === 'object' && value !== null && byObject.has(value);
    let entry = known ? byObject.get(value) : undefined;
    if (!known) {
      const problem = (berry ? berryEntry : classicEntry).problem(value) ?? packageNameProblem(splitDescriptor(firstSpec).name);
      if (problem !== undefined) {
        problems.add(lines.get(firstSpec), entryMessage([key], problem));
        if (!berry && typeof value === 'object' && value !== null) byObject.set(value, undefined);
        continue;
      }
      entry = newEntry(value as RawEntry, firstSpec, berry);
      if (!berry) byObject.set(value as object, entry);
      entries.push(entry);
    }
    if (entry === undefined) continue; // a descriptor of an entry already reported
    for (const spec of specs) {
      bySpec.set(spec, entry);
      const unpatched = berry ? patchedDescriptor(spec) : undefined;
      if (unpatched !== undefined) addTo(patchedBy, unpatched, entry);
      entry.installedAs.add(splitDescriptor(spec).name);
      const line = lines.get(spec);
      if (line !== undefined && (entry.line === undefined || line < entry.line)) entry.line = line;
    }
  }
  if (kind === 'mapped-berry' && !metadataSeen) return undefined;
  const byInstalledName = new Map<string, YarnEntry[]>();
  for (const entry of entries) {
    if (entry.workspace === undefined) for (const name of entry.installedAs) addTo(byInstalledName, name, entry);
  }
  return { berry, entries, bySpec, patchedBy, byInstalledName, problems: problems.list() };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function newEntry(raw: RawEntry, firstSpec: string, berry: boolean): YarnEntry {
  const declaredVersion = typeof raw.version === 'string' ? detach(raw.version) : undefined;
  if (berry && typeof raw.resolution === 'string') {
    const resolved = fromResolution(detach(raw.resolution));
    return {
      edges: edgesOf(raw),
      name: resolved.name,
      // Non-registry sources (git, tarball URL) only have the package.json version to go on.
      version: resolved.registry ? resolved.version : declaredVersion,
      local: resolved.local,
      ...(resolved.workspace !== undefined ? { workspace: resolved.workspace } : {}),
      installedAs: new Set(),
    };
  }
  const classic = fromClassicDescriptor(firstSpec);
  const hashes = classicHashes(raw);
  return { edges: edgesOf(raw), name: classic.name, version: declaredVersion, local: classic.local, installedAs: new Set(), ...(hashes ? { hashes } : {}) };
}

/** `integrity`, else the sha1 yarn 1 wrote after the `#` of `resolved` before it wrote integrity. */
function classicHashes(raw: RawEntry): PackageHash[] | undefined {
  const fromIntegrity = integrityHashes(raw.integrity);
  if (fromIntegrity !== undefined || typeof raw.resolved !== 'string') return fromIntegrity;
  const hash = raw.resolved.indexOf('#');
  const sha1 = hash === -1 ? undefined : hexHash('sha1', raw.resolved.slice(hash + 1));
  return sha1 ? [sha1] : undefined;
}

/** The `name: range` edges of an entry (dependencies and optional dependencies). */
export function edgesOf(raw: RawEntry): [string, string][] {
  const edges: [string, string][] = [];
  for (const field of [raw.dependencies, raw.optionalDependencies]) {
    if (typeof field !== 'object' || field === null) continue;
    for (const [name, range] of Object.entries(field as Record<string, unknown>)) {
      if (typeof range === 'string') edges.push([detach(name), detach(range)]);
    }
  }
  return edges;
}
