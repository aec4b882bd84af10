import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { findProjects } from '../../../src/evaluation/collect.js';
import { gradle } from '../../../src/ecosystems/gradle/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/gradle/${name}`, import.meta.url), 'utf8');

describe('gradle.lockfile', () => {
  const result = gradle.extract([{ path: 'service/gradle.lockfile', content: fixture('gradle.lockfile') }]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads every entry as a transitive maven package at its line, skipping comments and empty=', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'service/gradle.lockfile', packages: 7 }]);
    expect(byName.get('com.google.guava:guava')).toEqual({
      ecosystem: 'gradle',
      name: 'com.google.guava:guava',
      version: '33.2.0-jre',
      purl: 'pkg:maven/com.google.guava/guava@33.2.0-jre',
      manifest: 'service/gradle.lockfile',
      line: 5,
      scope: 'runtime',
      direct: false,
    });
    expect(result.dependencies.every((d) => d.direct === false)).toBe(true);
    expect(result.dependencies.map((d) => d.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('is development only when every configuration is a test configuration', () => {
    expect(byName.get('org.junit.jupiter:junit-jupiter-api')?.scope).toBe('development');
    expect(byName.get('org.assertj:assertj-core')?.scope).toBe('development'); // integrationTest suite
    expect(byName.get('com.fasterxml.jackson.core:jackson-databind')?.scope).toBe('runtime');
    expect(byName.get('org.projectlombok:lombok')?.scope).toBe('runtime'); // annotationProcessor + compileClasspath
    expect(byName.get('com.github.spotbugs:spotbugs')?.scope).toBe('runtime'); // a build tool, judged like runtime
    expect(byName.get('org.postgresql:postgresql')?.scope).toBe('runtime');
  });

  it('reports a malformed line with its position and keeps the other entries', () => {
    const content = 'a:b:1.0=compileClasspath\nthis is not an entry\nc:d:2.0=runtimeClasspath\nempty=\n';
    const extraction = gradle.extract([{ path: 'gradle.lockfile', content }]);
    expect(extraction.dependencies.map((d) => `${d.name}@${d.version}:${d.line}`)).toEqual(['a:b@1.0:1', 'c:d@2.0:3']);
    expect(extraction.problems).toEqual([
      { path: 'gradle.lockfile', line: 2, column: 1, message: 'not a Gradle lockfile entry (expected group:artifact:version=configurations): "this is not an entry"' },
    ]);
  });
});

describe('legacy gradle/dependency-locks/*.lockfile', () => {
  const dir = 'legacy/gradle/dependency-locks';
  const files = ['compileClasspath.lockfile', 'testRuntimeClasspath.lockfile'].map((name) => ({ path: `app/gradle/dependency-locks/${name}`, content: fixture(`${dir}/${name}`) }));

  it('takes the configuration from the file name', () => {
    const result = gradle.extract(files);
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([
      { path: 'app/gradle/dependency-locks/compileClasspath.lockfile', packages: 2 },
      { path: 'app/gradle/dependency-locks/testRuntimeClasspath.lockfile', packages: 3 },
    ]);
    expect(result.dependencies.map((d) => `${d.manifest.split('/').pop()} ${d.name}@${d.version} ${d.scope} ${d.line}`)).toEqual([
      'compileClasspath.lockfile com.google.guava:guava@31.1-jre runtime 4',
      'compileClasspath.lockfile org.slf4j:slf4j-api@2.0.13 runtime 5',
      'testRuntimeClasspath.lockfile com.google.guava:guava@31.1-jre development 4',
      'testRuntimeClasspath.lockfile junit:junit@4.13.2 development 5',
      'testRuntimeClasspath.lockfile org.hamcrest:hamcrest-core@1.3 development 6',
    ]);
  });

  it('owns lockfiles, groups legacy ones under their project, and leaves buildscript locks alone', () => {
    const paths = [
      'gradle.lockfile',
      'app/gradle/dependency-locks/compileClasspath.lockfile',
      'app/gradle/dependency-locks/runtimeClasspath.lockfile',
      'app/gradle/dependency-locks/buildscript-classpath.lockfile',
      'lib/gradle.lockfile',
      'buildscript-gradle.lockfile',
      'settings-gradle.lockfile',
      'lib/build/tmp/gradle.lockfile',
    ];
    expect(paths.filter((path) => gradle.owns(path))).toEqual(paths.slice(0, 3).concat('lib/gradle.lockfile'));
    expect(findProjects(paths, [gradle]).map((ref) => ref.project)).toEqual([
      { root: '', paths: ['gradle.lockfile'] },
      { root: 'app', paths: ['app/gradle/dependency-locks/compileClasspath.lockfile', 'app/gradle/dependency-locks/runtimeClasspath.lockfile'] },
      { root: 'lib', paths: ['lib/gradle.lockfile'] },
    ]);
  });
});
