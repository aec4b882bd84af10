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
 * a time (a generated lockfile has 100k+ lines).
 */
export function extractGradleLockfile(file: SourceFile, legacyConfiguration?: string): LockfileResult {
  const dependencies: Dependency[] = [];
  const problems = new ProblemList();
  const scopes = new ScopeOfList(legacyConfiguration);
  const text = stripBom(file.content);
  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    lineNumber++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    // trim() also drops the `\r` of a CRLF line break.
    const line = text.slice(start, end).trim();
    start = end + 1;
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
    dependencies.push({
      ecosystem: 'gradle',
      // `group:artifact` is where the line starts: one string of its own (the diff sorts by it), not a join of two pieces.
      name: ownString(line.slice(0, group.length + 1 + artifact.length)),
      version,
      purl: makePurl('maven', group, artifact, version),
      manifest: file.path,
      line: lineNumber,
      scope: scopes.of(configurationList ?? ''),
      // The lockfile lists the resolved graph without saying which entries the build script
      // declared, and build.gradle(.kts) is code we don't execute, so we can't tell direct from
      // transitive: every entry is reported as transitive rather than guessing.
      direct: false,
    });
  }
  return { dependencies, problems: problems.list() };
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
