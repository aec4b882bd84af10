/**
 * Gradle dependency lockfiles.
 *
 * - `gradle.lockfile` (Gradle 6+, one per project): `group:artifact:version=conf1,conf2` per line,
 *   plus one `empty=conf3,conf4` line listing locked configurations that resolved to nothing.
 * - Legacy per-configuration files, `gradle/dependency-locks/<configuration>.lockfile`:
 *   `group:artifact:version` per line, the configuration being the file name.
 * `#` lines are comments in both.
 */
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
 * configuration for a legacy per-configuration lockfile.
 */
export function extractGradleLockfile(file: SourceFile, legacyConfiguration?: string): LockfileResult {
  const dependencies: Dependency[] = [];
  const problems = new ProblemList();
  const lines = stripBom(file.content).split(/\r?\n/);
  lines.forEach((text, index) => {
    const line = text.trim();
    if (line === '' || line.startsWith('#') || (legacyConfiguration === undefined && line.startsWith('empty='))) return;
    const match = ENTRY.exec(line);
    const [, group, artifact, version, configurationList] = match ?? [];
    const wellFormed = group && artifact && version && (legacyConfiguration === undefined ? configurationList !== undefined : configurationList === undefined);
    if (!wellFormed) {
      if (!problems.wants(file.path)) return problems.count(file.path);
      problems.add({
        path: file.path,
        line: index + 1,
        column: 1,
        message: `not a Gradle lockfile entry (expected ${legacyConfiguration === undefined ? 'group:artifact:version=configurations' : 'group:artifact:version'}): ${JSON.stringify(line.slice(0, 120))}`,
      });
      return;
    }
    const configurations = legacyConfiguration !== undefined ? [legacyConfiguration] : (configurationList ?? '').split(',').map((c) => c.trim());
    dependencies.push({
      ecosystem: 'gradle',
      name: `${group}:${artifact}`,
      version,
      purl: makePurl('maven', group, artifact, version),
      manifest: file.path,
      line: index + 1,
      scope: scopeOf(configurations),
      // The lockfile lists the resolved graph without saying which entries the build script
      // declared, and build.gradle(.kts) is code we don't execute, so we can't tell direct from
      // transitive: every entry is reported as transitive rather than guessing.
      direct: false,
    });
  });
  return { dependencies, problems: problems.list() };
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
