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

export function parseGemfileLock(content: string): { ok: true; lock: GemLockfile } | { ok: false; error: GemLockError } {
  const lines = stripBom(content).split('\n');
  const specs: GemSpec[] = [];
  const unknownSources: GemLockfile['unknownSources'] = [];
  let unknownSection: { name: string; line: number } | undefined;
  const dependencies = new Map<string, number>();
  let section: string | undefined;
  let source: GemSpec['source'] | undefined;
  let sawSection = false;
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const text = (lines[index] ?? '').replace(/\r$/, '');
    if (text.trim() === '') continue;
    if (/^(<{7}|={7}|>{7})/.test(text)) return { ok: false, error: { line, column: 1, message: 'unresolved merge conflict marker' } };
    if (/^\t|^ *\t/.test(text)) return { ok: false, error: { line, column: text.indexOf('\t') + 1, message: 'tab indentation (Gemfile.lock indents with spaces)' } };
    const indent = /^ */.exec(text)?.[0].length ?? 0;
    if (indent === 0) {
      section = text.trim();
      // Bundler ignores sections it does not know (newer Bundlers add some), but it always
      // writes a known one first: a file that starts otherwise is not a lockfile it wrote.
      if (!sawSection && !KNOWN_SECTIONS.includes(section)) {
        return { ok: false, error: { line, column: 1, message: `not a Gemfile.lock: it starts with section ${quote(section)}, not one Bundler writes (${KNOWN_SECTIONS.join(', ')})` } };
      }
      sawSection = true;
      source = SOURCE_KINDS.includes(section) ? { kind: section as SourceKind } : undefined;
      unknownSection = KNOWN_SECTIONS.includes(section) ? undefined : { name: section, line };
      continue;
    }
    if (section === undefined) return { ok: false, error: { line, column: 1, message: 'indented line before any section header' } };
    const body = text.slice(indent);
    if (source) {
      if (indent === 2) {
        const option = /^([a-z_]+):(?: (.*))?$/.exec(body);
        if (!option) return { ok: false, error: { line, column: 3, message: `unexpected "${body}" in ${section} section` } };
        // Old lockfiles list several `remote:` lines in one GEM section: keep the first.
        if (option[1] === 'remote' && source.remote === undefined && option[2]) source.remote = option[2];
        if (option[1] === 'revision' && option[2]) source.revision = option[2];
      } else if (indent === 4) {
        const match = NAME_VERSION.exec(body);
        if (!match?.[2]) return { ok: false, error: { line, column: 5, message: `spec "${body}" has no "(version)"` } };
        // Bundler splits `1.15.0-x86_64-linux` at the first `-`: version, then platform.
        const dash = match[2].indexOf('-');
        specs.push({
          name: match[1] as string,
          version: dash === -1 ? match[2] : match[2].slice(0, dash),
          ...(dash === -1 ? {} : { platform: match[2].slice(dash + 1) }),
          line,
          source,
        });
      } else if (indent !== 6) {
        return { ok: false, error: { line, column: indent + 1, message: `unexpected indentation (${indent} spaces) in ${section} section` } };
      }
      continue;
    }
    if (unknownSection && indent === 2 && body === 'specs:') {
      unknownSources.push(unknownSection);
      unknownSection = undefined;
    }
    if (section === 'DEPENDENCIES' && indent === 2) {
      const match = NAME_VERSION.exec(body);
      if (!match) return { ok: false, error: { line, column: 3, message: `unreadable dependency "${body}"` } };
      if (!dependencies.has(match[1] as string)) dependencies.set(match[1] as string, line);
    }
    // PLATFORMS, RUBY VERSION, BUNDLED WITH, CHECKSUMS and unknown future sections carry no packages.
  }
  if (!sawSection) return { ok: false, error: { line: 1, message: 'not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section' } };
  return { ok: true, lock: { specs, unknownSources, dependencies } };
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
