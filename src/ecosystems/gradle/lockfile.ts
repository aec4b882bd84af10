/**
 * Gradle dependency lockfiles.
 *
 * - `gradle.lockfile` (Gradle 6+, one per project): `group:artifact:version=conf1,conf2` per line,
 *   plus one `empty=conf3,conf4` line listing locked configurations that resolved to nothing.
 * - Legacy per-configuration files, `gradle/dependency-locks/<configuration>.lockfile`:
 *   `group:artifact:version` per line, the configuration being the file name.
 * `#` lines are comments in both.
 */
import { ownString } from '../../deps/order.js';
import { makePurl } from '../../deps/purl.js';
import { ProblemList } from '../problems.js';
import { stripBom } from '../text.js';
import type { Dependency, ExtractionProblem, Scope, SourceFile } from '../types.js';

const ENTRY = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=(.*))?$/;

export interface LockfileResult {
  dependencies: Dependency[];
  problems: ExtractionProblem[];
}

/**
 * `configurations` is undefined for a `gradle.lockfile` (each line names its own) and the file's
 * configuration for a legacy per-configuration lockfile. The text is read in place, one line at
 * a time (a generated lockfile has 100k+ lines): a line of printable ASCII as Gradle writes it is
 * read by a scan (EntryScan), any other line by ENTRY, which is the rule.
 */
export function extractGradleLockfile(file: SourceFile, legacyConfiguration?: string): LockfileResult {
  const dependencies: Dependency[] = [];
  const problems = new ProblemList();
  const scopes = new ScopeOfList(legacyConfiguration);
  const text = stripBom(file.content);
  const scan = new EntryScan(text, legacyConfiguration !== undefined);
  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    lineNumber++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const scanned = scan.read(start, end);
    const lineStart = start;
    start = end + 1;
    if (scanned === 'skip') continue;
    if (scanned === 'entry') {
      const { from, firstColon, secondColon, versionEnd } = scan;
      dependencies.push(gradleDependency(file.path, lineNumber, text.slice(from, firstColon), text.slice(firstColon + 1, secondColon), text.slice(from, secondColon), text.slice(secondColon + 1, versionEnd), scopes.ofRange(text, versionEnd + 1, scan.to)));
      continue;
    }
    // trim() also drops the `\r` of a CRLF line break.
    const line = text.slice(lineStart, end).trim();
    if (line === '' || line.startsWith('#') || (legacyConfiguration === undefined && line.startsWith('empty='))) continue;
    const match = ENTRY.exec(line);
    const [, group, artifact, version, configurationList] = match ?? [];
    const wellFormed = group && artifact && version && (legacyConfiguration === undefined ? configurationList !== undefined : configurationList === undefined);
    if (!wellFormed) {
      if (!problems.wants(file.path)) {
        problems.count(file.path);
        continue;
      }
      problems.add({
        path: file.path,
        line: lineNumber,
        column: 1,
        message: `not a Gradle lockfile entry (expected ${legacyConfiguration === undefined ? 'group:artifact:version=configurations' : 'group:artifact:version'}): ${JSON.stringify(line.slice(0, 120))}`,
      });
      continue;
    }
    // `group:artifact` is where the line starts.
    dependencies.push(gradleDependency(file.path, lineNumber, group, artifact, line.slice(0, group.length + 1 + artifact.length), version, scopes.of(configurationList ?? '')));
  }
  return { dependencies, problems: problems.list() };
}

function gradleDependency(manifest: string, line: number, group: string, artifact: string, name: string, version: string, scope: Scope): Dependency {
  return {
    ecosystem: 'gradle',
    // One string of its own (the diff sorts by it), not a view into the file's text.
    name: ownString(name),
    version,
    purl: makePurl('maven', group, artifact, version),
    manifest,
    line,
    scope,
    // The lockfile lists the resolved graph without saying which entries the build script
    // declared, and build.gradle(.kts) is code we don't execute, so we can't tell direct from
    // transitive: every entry is reported as transitive rather than guessing.
    direct: false,
  };
}

const COLON = 0x3a;
const EQUALS = 0x3d;

/** A `\r` not followed by `\n`: found with indexOf, which is far cheaper than a regex over megabytes. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 0x0a) return true;
  return false;
}

/** Printable ASCII but the space: never white space, never a line break (what trim() and ENTRY treat specially). */
function isPrintable(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/**
 * A line read without a regex or a copy, when that gives what trim() and ENTRY would: `skip`
 * (blank, `#` comment, `empty=`), `entry` (the part bounds are then set), or `other` for
 * anything the scan does not settle (a problem, a character outside printable ASCII), which the
 * caller reads with ENTRY. Not for a text with U+2028, U+2029 or a lone `\r`, which ENTRY's `.` refuses.
 */
class EntryScan {
  from = 0;
  firstColon = 0;
  secondColon = 0;
  versionEnd = 0;
  to = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly text: string,
    private readonly legacy: boolean,
  ) {
    // Every `\r` then ends its line (CRLF), where the scan drops it as trim() does: none is
    // left inside a configuration list, where ENTRY's `.` would refuse it.
    this.enabled = !text.includes('\u2028') && !text.includes('\u2029') && !hasLoneCarriageReturn(text);
  }

  read(start: number, end: number): 'skip' | 'entry' | 'other' {
    const text = this.text;
    if (!this.enabled) return 'other';
    let from = start;
    let to = end;
    while (from < to && (text.charCodeAt(from) === 0x20 || text.charCodeAt(from) === 0x09)) from++;
    while (to > from && (text.charCodeAt(to - 1) === 0x20 || text.charCodeAt(to - 1) === 0x09 || text.charCodeAt(to - 1) === 0x0d)) to--;
    if (from === to) return 'skip';
    if (!isPrintable(text.charCodeAt(from)) || !isPrintable(text.charCodeAt(to - 1))) return 'other';
    if (text.charCodeAt(from) === 0x23 || (!this.legacy && text.startsWith('empty=', from))) return 'skip';
    const firstColon = this.partEnd(from, to);
    if (firstColon === from || text.charCodeAt(firstColon) !== COLON) return 'other';
    const secondColon = this.partEnd(firstColon + 1, to);
    if (secondColon === firstColon + 1 || text.charCodeAt(secondColon) !== COLON) return 'other';
    const versionEnd = this.partEnd(secondColon + 1, to);
    if (versionEnd === secondColon + 1 || (versionEnd < to && text.charCodeAt(versionEnd) !== EQUALS)) return 'other';
    // A legacy entry has no `=`; a gradle.lockfile entry has one.
    if (this.legacy ? versionEnd !== to : versionEnd === to) return 'other';
    this.from = from;
    this.firstColon = firstColon;
    this.secondColon = secondColon;
    this.versionEnd = versionEnd;
    this.to = to;
    return 'entry';
  }

  /** Where the part at `from` ends: its first character that is not printable or is `:` or `=` (ENTRY's `[^:=\s]`, in ASCII). */
  private partEnd(from: number, to: number): number {
    let at = from;
    while (at < to) {
      const code = this.text.charCodeAt(at);
      if (!isPrintable(code) || code === COLON || code === EQUALS) break;
      at++;
    }
    return at;
  }
}

/** Lists remembered per file: real lockfiles have a few dozen; a file of all-different lists stops being remembered here. */
const MAX_REMEMBERED_LISTS = 1000;

/**
 * The scope of each configuration list, worked out once per list: a lockfile writes the same few
 * lists (`compileClasspath,runtimeClasspath,...`) on thousands of lines.
 */
class ScopeOfList {
  private readonly known = new Map<string, Scope>();
  private readonly legacyScope: Scope | undefined;

  constructor(legacyConfiguration: string | undefined) {
    this.legacyScope = legacyConfiguration === undefined ? undefined : scopeOf([legacyConfiguration]);
  }

  /** The last list looked up and its scope: consecutive lines mostly have the same one, compared without a hash. */
  private last: { list: string; scope: Scope } | undefined;

  /** `of(text.slice(from, to))`. */
  ofRange(text: string, from: number, to: number): Scope {
    if (this.legacyScope !== undefined) return this.legacyScope;
    // A slice is a view (no copy), and comparing two strings is a native memory compare.
    const list = text.slice(from, to);
    const last = this.last;
    if (last !== undefined && last.list === list) return last.scope;
    const scope = this.of(list);
    this.last = { list, scope };
    return scope;
  }

  /** `list` is the text after `=` (ignored in a legacy lockfile, where the file names the configuration). */
  of(list: string): Scope {
    if (this.legacyScope !== undefined) return this.legacyScope;
    let scope = this.known.get(list);
    if (scope === undefined) {
      scope = scopeOf(list.split(',').map((name) => name.trim()));
      if (this.known.size < MAX_REMEMBERED_LISTS) this.known.set(list, scope);
    }
    return scope;
  }
}

/**
 * Development only if every configuration the entry is locked in is a test configuration:
 * `testCompileClasspath`, `testRuntimeClasspath`, `testAnnotationProcessor`, and the test
 * suites of the jvm-test-suite plugin (`integrationTestRuntimeClasspath`...).
 * Everything else is runtime, including build-tool configurations such as `annotationProcessor`
 * (annotation processors generate code that ships), `spotbugs`, `jacocoAnt` or Spring Boot's
 * `developmentOnly`: their names are plugin conventions we can't enumerate, and calling an unknown
 * configuration runtime makes the policy judge it rather than pass it under a looser rule.
 */
function scopeOf(configurations: readonly string[]): Scope {
  const named = configurations.filter((name) => name !== '');
  if (named.length === 0) return 'unknown';
  return named.every(isTestConfiguration) ? 'development' : 'runtime';
}

function isTestConfiguration(name: string): boolean {
  return /^test(?![a-z])/.test(name) || /[a-z]Test(?:[A-Z]|$)/.test(name);
}
