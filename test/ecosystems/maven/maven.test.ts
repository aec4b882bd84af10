import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { maven } from '../../../src/ecosystems/maven/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/maven/${name}`, import.meta.url), 'utf8');

describe('maven pom.xml', () => {
  const result = maven.extract([{ path: 'services/orders/pom.xml', content: fixture('pom.xml') }]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));

  it('reads project and profile dependencies, not managed entries, BOM imports or plugin dependencies', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'services/orders/pom.xml', packages: 10 }]);
    expect([...byName.keys()].sort()).toEqual([
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

  it('resolves versions from properties (recursively), project coordinates and dependencyManagement', () => {
    // guava: version from dependencyManagement, itself `${guava.version}` = `33.2.0-${guava.flavor}`.
    expect(byName.get('com.google.guava:guava')).toMatchObject({ version: '33.2.0-jre', purl: 'pkg:maven/com.google.guava/guava@33.2.0-jre', scope: 'runtime', line: 44 });
    // ${project.groupId} / ${project.version} come from the parent when the module omits them.
    expect(byName.get('com.acme:orders-api')).toMatchObject({ version: '7.1.0', purl: 'pkg:maven/com.acme/orders-api@7.1.0', line: 56 });
    // `1.10` stays text (not the number 1.1).
    expect(byName.get('com.oracle:ojdbc')).toMatchObject({ version: '1.10', scope: 'runtime', line: 67 });
  });

  it('leaves versions it cannot know undefined, with the requirement instead', () => {
    // Only the imported jackson BOM or the parent can supply this one.
    const databind = byName.get('com.fasterxml.jackson.core:jackson-databind');
    expect(databind).toMatchObject({ requirement: 'managed by parent or imported BOM', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind', line: 48 });
    expect(databind?.version).toBeUndefined();
    expect(byName.get('org.springframework:spring-core')).toMatchObject({ requirement: '${spring.version}', purl: 'pkg:maven/org.springframework/spring-core', line: 74 });
    expect(byName.get('org.slf4j:slf4j-api')).toMatchObject({ requirement: '[2.0,3.0)', line: 79 });
    expect(byName.get('org.slf4j:slf4j-api')?.version).toBeUndefined();
  });

  it('maps scopes: test -> development (also when managed), provided/system/runtime -> runtime', () => {
    expect(byName.get('org.mockito:mockito-core')).toMatchObject({ version: '5.12.0', scope: 'development', line: 52 });
    expect(byName.get('org.junit.jupiter:junit-jupiter')).toMatchObject({ scope: 'development', line: 84 });
    expect(byName.get('jakarta.servlet:jakarta.servlet-api')).toMatchObject({ scope: 'runtime', line: 61 });
    expect(byName.get('org.postgresql:postgresql')).toMatchObject({ version: '42.7.3', scope: 'runtime', line: 108 });
  });

  it('says "managed by parent" for a versionless dependency under a parent without BOMs', () => {
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
    expect(extraction.problems).toEqual([]);
    expect(extraction.dependencies).toEqual([
      {
        ecosystem: 'maven',
        name: 'org.springframework.boot:spring-boot-starter-web',
        requirement: 'managed by parent',
        purl: 'pkg:maven/org.springframework.boot/spring-boot-starter-web',
        manifest: 'pom.xml',
        line: 5,
        scope: 'unknown',
        direct: true,
      },
    ]);
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
