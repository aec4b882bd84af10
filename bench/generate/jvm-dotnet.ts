/**
 * pom.xml, gradle.lockfile and NuGet's packages.lock.json, shaped like the corpus's.
 */
import { makeGraph, sized, type GeneratedFile, type Graph, type Pkg } from './graph.js';
import { NameSource, Rng, semverOf, word } from './random.js';

const at = (graph: Graph, index: number): Pkg => graph.packages[index] as Pkg;

function graphOf(count: number, seed: number, separator: string): { graph: Graph; rng: Rng } {
  const rng = new Rng(seed);
  const names = new NameSource(rng, separator);
  return { graph: makeGraph(count, rng, { name: () => names.next(), version: (major) => semverOf(rng, major), duplicates: 0 }), rng };
}

function mavenGroups(graph: Graph, rng: Rng): string[] {
  return graph.packages.map(() => `org.${word(rng)}`);
}

/**
 * One pom whose every package is a declared dependency (Maven has no transitive record): a third
 * of the versions through `${property}`, a third managed in `<dependencyManagement>`, test scope
 * for the development ones.
 */
export function pomXml(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = graphOf(count, seed, '-');
    const groups = mavenGroups(graph, rng);
    const style = graph.packages.map(() => rng.int(0, 2)); // 0 literal, 1 property, 2 managed
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
      '  <modelVersion>4.0.0</modelVersion>',
      '',
      '  <groupId>com.example</groupId>',
      '  <artifactId>bench-app</artifactId>',
      '  <version>1.0.0-SNAPSHOT</version>',
      '',
      '  <properties>',
      '    <java.version>21</java.version>',
      '    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>',
    ];
    graph.packages.forEach((pkg, index) => style[index] === 1 && lines.push(`    <${pkg.name}.version>${pkg.version}</${pkg.name}.version>`));
    lines.push('  </properties>', '', '  <dependencyManagement>', '    <dependencies>');
    graph.packages.forEach((pkg, index) => {
      if (style[index] !== 2) return;
      lines.push('      <dependency>', `        <groupId>${groups[index]}</groupId>`, `        <artifactId>${pkg.name}</artifactId>`, `        <version>${pkg.version}</version>`, '      </dependency>');
    });
    lines.push('    </dependencies>', '  </dependencyManagement>', '', '  <dependencies>');
    graph.packages.forEach((pkg, index) => {
      lines.push('    <!-- declared dependency -->', '    <dependency>', `      <groupId>${groups[index]}</groupId>`, `      <artifactId>${pkg.name}</artifactId>`);
      if (style[index] === 0) lines.push(`      <version>${pkg.version}</version>`);
      if (style[index] === 1) lines.push(`      <version>\${${pkg.name}.version}</version>`);
      if (pkg.dev) lines.push('      <scope>test</scope>');
      lines.push('    </dependency>');
    });
    lines.push('  </dependencies>', '</project>', '');
    return [{ path: 'pom.xml', content: lines.join('\n') }];
  }, 'pom.xml');
}

const RUNTIME = 'compileClasspath,productionRuntimeClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath';
const TEST = 'testCompileClasspath,testRuntimeClasspath';

export function gradleLockfile(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = graphOf(count, seed, '-');
    const groups = mavenGroups(graph, rng);
    const entries = graph.packages.map((pkg, index) => `${groups[index]}:${pkg.name}:${pkg.version}=${pkg.dev ? TEST : RUNTIME}`).sort();
    const lines = [
      '# This is a Gradle generated file for dependency locking.',
      '# Manual edits can break the build and are not advised.',
      '# This file is expected to be part of source control.',
      ...entries,
      'empty=annotationProcessor,developmentOnly,testAnnotationProcessor',
      '',
    ];
    return [{ path: 'gradle.lockfile', content: lines.join('\n') }];
  }, 'gradle.lockfile');
}

/** packages.lock.json for two target frameworks, each listing every package (Direct or Transitive). */
export function nugetLock(targetBytes: number, seed: number): GeneratedFile[] {
  return sized(targetBytes, (count) => {
    const { graph, rng } = graphOf(count, seed, '.');
    const title = (name: string) => name.split('.').map((part) => (part[0] ?? '').toUpperCase() + part.slice(1)).join('.');
    const ids = graph.packages.map((pkg) => `Acme.${title(pkg.name)}`);
    const direct = new Set([...graph.direct, ...graph.directDev]);
    const framework = (): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const pkg of [...graph.packages].sort((a, b) => ((ids[a.index] as string) < (ids[b.index] as string) ? -1 : 1))) {
        const deps = pkg.deps.length > 0 ? { dependencies: Object.fromEntries(pkg.deps.map((dep) => [ids[dep], at(graph, dep).version])) } : {};
        out[ids[pkg.index] as string] = direct.has(pkg.index)
          ? { type: 'Direct', requested: `[${pkg.version}, )`, resolved: pkg.version, contentHash: `${rng.base64(86)}==`, ...deps }
          : { type: 'Transitive', resolved: pkg.version, contentHash: `${rng.base64(86)}==`, ...deps };
      }
      return out;
    };
    const lock = { version: 1, dependencies: { 'net8.0': framework(), 'net6.0': framework() } };
    return [{ path: 'packages.lock.json', content: `${JSON.stringify(lock, null, 2)}\n` }];
  }, 'packages.lock.json');
}
