/**
 * A hand-written line parser for Bundler's Gemfile.lock: there is no maintained JavaScript
 * parser for it, and the format is a small indentation-based one (Bundler's own LockfileParser
 * is a line loop too). Sections start at column 0:
 *
 *   GEM / GIT / PATH / PLUGIN SOURCE   a source: `  remote:` (and `  revision:`... for GIT), `  specs:`,
 *                                       4-space `name (version[-platform])`, 6-space requirements
 *   PLATFORMS, DEPENDENCIES (`  name (req)`, `name!` when pinned to a non-default source),
 *   RUBY VERSION, BUNDLED WITH, CHECKSUMS
 */
import { quote } from '../problems.js';
import { stripBom } from '../text.js';

export type SourceKind = 'GEM' | 'GIT' | 'PATH' | 'PLUGIN SOURCE';

export interface GemSpec {
  name: string;
  version: string;
  /** `x86_64-linux` for a platform-specific build; dropped from identity. */
  platform?: string;
  line: number;
  source: { kind: SourceKind; remote?: string; revision?: string };
}

export interface GemLockfile {
  specs: GemSpec[];
  /** Sections Bundler does not write that hold `specs:` (a misspelt source): their gems are not read. */
  unknownSources: { name: string; line: number }[];
  /** Names listed under DEPENDENCIES (the Gemfile's own gems), `!` removed, with their line. */
  dependencies: Map<string, number>;
}

export interface GemLockError {
  line: number;
  column?: number;
  message: string;
}

const SOURCE_KINDS: readonly string[] = ['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE'];
const KNOWN_SECTIONS: readonly string[] = [...SOURCE_KINDS, 'PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS'];
/** Bundler's NAME_VERSION: a name, then an optional parenthesised version or requirement. */
const NAME_VERSION = /^(\S+?)(?: \(([^()]*)\))?(!)?$/;

/**
 * A requirement line of a spec (`      rack (>= 2.0)`): six spaces, then a printable character.
 * Nothing in it is read, and a big lockfile is mostly such lines, so they are skipped in place.
 */
function isSpecRequirementLine(content: string, start: number, end: number): boolean {
  if (end - start < 7) return false;
  for (let i = start; i < start + 6; i++) if (content.charCodeAt(i) !== 0x20) return false;
  const next = content.charCodeAt(start + 6);
  return next > 0x20 && next < 0x7f;
}

function leadingSpaces(text: string): number {
  let count = 0;
  while (text.charCodeAt(count) === 0x20) count++;
  return count;
}

/** Reads the lockfile line by line, in place (a big one has close to a million lines). */
export function parseGemfileLock(content: string): { ok: true; lock: GemLockfile } | { ok: false; error: GemLockError } {
  const text = stripBom(content);
  const state: ReadState = { specs: [], unknownSources: [], dependencies: new Map(), sawSection: false };
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    line++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const from = start;
    start = end + 1;
    if (state.source && isSpecRequirementLine(text, from, end)) continue;
    const error = readLine(state, text.slice(from, text.charCodeAt(end - 1) === 0x0d && end > from ? end - 1 : end), line);
    if (error) return { ok: false, error };
  }
  if (!state.sawSection) return { ok: false, error: { line: 1, message: 'not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section' } };
  return { ok: true, lock: { specs: state.specs, unknownSources: state.unknownSources, dependencies: state.dependencies } };
}

interface ReadState extends GemLockfile {
  section?: string;
  source?: GemSpec['source'];
  unknownSection?: { name: string; line: number };
  sawSection: boolean;
}

/** One line (without its line break) into `state`; the error that makes the file unreadable, if any. */
function readLine(state: ReadState, text: string, line: number): GemLockError | undefined {
  if (/^\s*$/.test(text)) return undefined;
  if (/^(<{7}|={7}|>{7})/.test(text)) return { line, column: 1, message: 'unresolved merge conflict marker' };
  if (/^\t|^ *\t/.test(text)) return { line, column: text.indexOf('\t') + 1, message: 'tab indentation (Gemfile.lock indents with spaces)' };
  const indent = leadingSpaces(text);
  if (indent === 0) {
    const section = text.trim();
    // Bundler ignores sections it does not know (newer Bundlers add some), but it always
    // writes a known one first: a file that starts otherwise is not a lockfile it wrote.
    if (!state.sawSection && !KNOWN_SECTIONS.includes(section)) {
      return { line, column: 1, message: `not a Gemfile.lock: it starts with section ${quote(section)}, not one Bundler writes (${KNOWN_SECTIONS.join(', ')})` };
    }
    state.sawSection = true;
    state.section = section;
    state.source = SOURCE_KINDS.includes(section) ? { kind: section as SourceKind } : undefined;
    state.unknownSection = KNOWN_SECTIONS.includes(section) ? undefined : { name: section, line };
    return undefined;
  }
  const { section, source } = state;
  if (section === undefined) return { line, column: 1, message: 'indented line before any section header' };
  const body = text.slice(indent);
  if (source) return readSourceLine(state.specs, source, section, body, indent, line);
  if (state.unknownSection && indent === 2 && body === 'specs:') {
    state.unknownSources.push(state.unknownSection);
    state.unknownSection = undefined;
  }
  if (section === 'DEPENDENCIES' && indent === 2) {
    const match = NAME_VERSION.exec(body);
    if (!match) return { line, column: 3, message: `unreadable dependency "${body}"` };
    if (!state.dependencies.has(match[1] as string)) state.dependencies.set(match[1] as string, line);
  }
  // PLATFORMS, RUBY VERSION, BUNDLED WITH, CHECKSUMS and unknown future sections carry no packages.
  return undefined;
}

/** A line of a GEM, GIT, PATH or PLUGIN SOURCE section: an option, a spec, or a spec's requirement. */
function readSourceLine(specs: GemSpec[], source: GemSpec['source'], section: string, body: string, indent: number, line: number): GemLockError | undefined {
  if (indent === 2) {
    const option = /^([a-z_]+):(?: (.*))?$/.exec(body);
    if (!option) return { line, column: 3, message: `unexpected "${body}" in ${section} section` };
    // Old lockfiles list several `remote:` lines in one GEM section: keep the first.
    if (option[1] === 'remote' && source.remote === undefined && option[2]) source.remote = option[2];
    if (option[1] === 'revision' && option[2]) source.revision = option[2];
  } else if (indent === 4) {
    const match = NAME_VERSION.exec(body);
    if (!match?.[2]) return { line, column: 5, message: `spec "${body}" has no "(version)"` };
    // Bundler splits `1.15.0-x86_64-linux` at the first `-`: version, then platform.
    const name = match[1] as string;
    const dash = match[2].indexOf('-');
    specs.push(dash === -1 ? { name, version: match[2], line, source } : { name, version: match[2].slice(0, dash), platform: match[2].slice(dash + 1), line, source });
  } else if (indent !== 6) {
    return { line, column: indent + 1, message: `unexpected indentation (${indent} spaces) in ${section} section` };
  }
  return undefined;
}

/**
 * Gem::Version order: segments are runs of digits or letters; a letter segment marks a
 * pre-release and sorts below any number; missing segments count as 0 (1.0 == 1.0.0).
 */
export function compareGemVersions(a: string, b: string): number {
  const segments = (version: string) => (version.match(/\d+|[a-z]+/gi) ?? []).map((part) => (/^\d/.test(part) ? Number(part) : part));
  const left = segments(a);
  const right = segments(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? 0;
    const y = right[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1;
    return typeof x === 'string' ? -1 : 1;
  }
  return 0;
}
