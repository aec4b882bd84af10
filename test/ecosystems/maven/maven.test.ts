import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { maven } from '../../../src/ecosystems/maven/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/maven/${name}`, import.meta.url), 'utf8');

// Lines below are read off test/fixtures/maven/pom.xml (`grep -n`), not from the code's output.
const PARENT = 'com.acme:acme-parent:7.1.0';

describe('maven pom.xml (one pom, external parent)', () => {
  const result = maven.extract([{ path: 'services/orders/pom.xml', content: fixture('pom.xml') }]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads the parent, project and profile dependencies, not managed entries, BOM imports or plugin dependencies', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'services/orders/pom.xml', packages: 11 }]);
    expect([...byName.keys()].sort()).toEqual([
      'com.acme:acme-parent',
      'com.acme:orders-api',
      'com.fasterxml.jackson.core:jackson-databind',
      'com.google.guava:guava',
      'com.oracle:ojdbc',
      'jakarta.servlet:jakarta.servlet-api',
      'org.junit.jupiter:junit-jupiter',
      'org.mockito:mockito-core',
      'org.postgresql:postgresql',
      'org.slf4j:slf4j-api',
      'org.springframework:spring-core',
    ]);
    expect(result.dependencies.every((d) => d.direct && d.ecosystem === 'maven' && d.manifest === 'services/orders/pom.xml')).toBe(true);
  });

  it('reports the external parent as a runtime dependency, its <version> line as where it is declared', () => {
    // <parent> at line 4, its <version>7.1.0</version> at line 7; ../pom.xml is not among the files.
    expect(byName.get('com.acme:acme-parent')).toEqual({
      ecosystem: 'maven',
      name: 'com.acme:acme-parent',
      version: '7.1.0',
      purl: 'pkg:maven/com.acme/acme-parent@7.1.0',
      manifest: 'services/orders/pom.xml',
      line: 4,
      declaredAt: { path: 'services/orders/pom.xml', line: 7 },
      scope: 'runtime',
      direct: true,
    });
  });

  it('resolves versions from properties (recursively), project coordinates and dependencyManagement, pointing at the deciding line', () => {
    // guava (line 44): managed `${guava.version}` = `33.2.0-${guava.flavor}`, property at line 15.
    expect(byName.get('com.google.guava:guava')).toMatchObject({ version: '33.2.0-jre', purl: 'pkg:maven/com.google.guava/guava@33.2.0-jre', scope: 'runtime', line: 44, declaredAt: { path: 'services/orders/pom.xml', line: 15 } });
    // ${project.groupId} / ${project.version} come from the parent when the module omits them: line 7.
    expect(byName.get('com.acme:orders-api')).toMatchObject({ version: '7.1.0', purl: 'pkg:maven/com.acme/orders-api@7.1.0', line: 56, declaredAt: { line: 7 } });
    // `1.10` stays text (not the number 1.1); <decimal> is at line 16.
    expect(byName.get('com.oracle:ojdbc')).toMatchObject({ version: '1.10', scope: 'runtime', line: 67, declaredAt: { line: 16 } });
    // A literal version: its own <version> line (64), under the <dependency> at 61.
    expect(byName.get('jakarta.servlet:jakarta.servlet-api')).toMatchObject({ version: '6.0.0', line: 61, declaredAt: { line: 64 } });
    // Managed literal: the <version>5.12.0</version> of dependencyManagement, line 36.
    expect(byName.get('org.mockito:mockito-core')).toMatchObject({ version: '5.12.0', line: 52, declaredAt: { line: 36 } });
  });

  it('never writes an unknown version as one: requirement as written, unresolved naming what would supply it', () => {
    const databind = byName.get('com.fasterxml.jackson.core:jackson-databind');
    expect(databind).toMatchObject({
      unresolved: `managed by the parent ${PARENT} or the imported BOM com.fasterxml.jackson:jackson-bom:2.17.1, which are not in this repository`,
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind',
      line: 48,
    });
    // No <version> element: nothing written, so no requirement, and no line decides it here.
    expect(databind?.version).toBeUndefined();
    expect(databind?.requirement).toBeUndefined();
    expect(databind?.declaredAt).toBeUndefined();

    const core = byName.get('org.springframework:spring-core');
    expect(core).toMatchObject({
      requirement: '${spring.version}',
      unresolved: `property spring.version is not defined in this pom or its in-repo parents; the parent ${PARENT}, which is not in this repository, may define it`,
      purl: 'pkg:maven/org.springframework/spring-core',
      line: 74,
    });
    expect(core?.version).toBeUndefined();
    const slf4j = byName.get('org.slf4j:slf4j-api');
    expect(slf4j).toMatchObject({ requirement: '[2.0,3.0)', unresolved: 'a version range', purl: 'pkg:maven/org.slf4j/slf4j-api', line: 79 });
    expect(slf4j?.version).toBeUndefined();
  });

  it('maps scopes: test -> development (also when managed), provided/system/runtime -> runtime', () => {
    expect(byName.get('org.mockito:mockito-core')).toMatchObject({ scope: 'development' });
    expect(byName.get('org.junit.jupiter:junit-jupiter')).toMatchObject({ scope: 'development', line: 84 });
    expect(byName.get('jakarta.servlet:jakarta.servlet-api')).toMatchObject({ scope: 'runtime' });
    expect(byName.get('org.postgresql:postgresql')).toMatchObject({ version: '42.7.3', scope: 'runtime', line: 108 });
  });

  it('reports entries without coordinates, maps an unknown scope to unknown, names the parent when nothing else manages', () => {
    const pom = `<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent>
  <dependencies>
    <dependency/>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
      <scope>import</scope>
    </dependency>
  </dependencies>
</project>`;
    const extraction = maven.extract([{ path: 'pom.xml', content: pom }]);
    // Maven rejects a <dependency/> without coordinates: an error at its line, the others still read.
    expect(extraction.problems).toEqual([{ path: 'pom.xml', line: 4, message: '<dependency> has no <groupId>', kind: 'invalid-entry' }]);
    expect(extraction.dependencies.map((d) => d.name)).toEqual(['org.springframework.boot:spring-boot-starter-parent', 'org.springframework.boot:spring-boot-starter-web']);
    expect(extraction.dependencies[1]).toEqual({
      ecosystem: 'maven',
      name: 'org.springframework.boot:spring-boot-starter-web',
      unresolved: 'managed by the parent org.springframework.boot:spring-boot-starter-parent:3.3.0, which is not in this repository',
      purl: 'pkg:maven/org.springframework.boot/spring-boot-starter-web',
      manifest: 'pom.xml',
      line: 5,
      scope: 'unknown',
      direct: true,
    });
  });

  it('says so when nothing could supply a missing version, and decodes entities and CDATA in values', () => {
    const pom = `<project>
  <groupId>a</groupId><artifactId>b</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>x</groupId><artifactId>y</artifactId></dependency>
    <dependency><groupId>r&amp;d</groupId><artifactId><![CDATA[z]]></artifactId><version>&#49;.0</version></dependency>
  </dependencies>
</project>`;
    const extraction = maven.extract([{ path: 'pom.xml', content: pom }]);
    expect(extraction.dependencies[0]).toMatchObject({ name: 'x:y', unresolved: 'no <version>, and no dependencyManagement in this pom or its in-repo parents lists it' });
    expect(extraction.dependencies[1]).toMatchObject({ name: 'r&d:z', version: '1.0', purl: 'pkg:maven/r%26d/z@1.0' });
  });

  it('reports malformed XML with the line and column, and a non-POM root', () => {
    const broken = '<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n';
    const extraction = maven.extract([
      { path: 'a/pom.xml', content: broken },
      { path: 'b/pom.xml', content: '<settings><x/></settings>' },
    ]);
    expect(extraction.dependencies).toEqual([]);
    expect(extraction.problems).toHaveLength(2);
    expect(extraction.problems[0]).toMatchObject({ path: 'a/pom.xml', line: 4, column: 3 });
    expect(extraction.problems[0]?.message).toMatch(/^invalid XML: .*dependency/);
    expect(extraction.problems[1]).toMatchObject({ path: 'b/pom.xml', message: expect.stringMatching(/not a Maven POM/) });
  });

  it('owns pom.xml files outside build output', () => {
    expect(maven.owns('pom.xml')).toBe(true);
    expect(maven.owns('modules/core/pom.xml')).toBe(true);
    expect(maven.owns('modules/core/target/classes/META-INF/maven/x/y/pom.xml')).toBe(false);
    expect(maven.owns('pom.xml.bak')).toBe(false);
  });
});
