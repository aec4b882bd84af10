import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { maven } from '../../../src/ecosystems/maven/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';

/*
 * test/fixtures/maven/multi: a build rooted at pom.xml (external parent spring-boot-starter-parent
 * 3.5.6, properties, dependencyManagement importing the in-repo bom/ and the external netty-bom),
 * modules core/ and tools/, an intermediate parent services/ with its module services/api/.
 * Every expected value and line is read off those files (`grep -n`), not from the code's output.
 */
const PATHS = ['pom.xml', 'bom/pom.xml', 'core/pom.xml', 'services/pom.xml', 'services/api/pom.xml', 'tools/pom.xml'];
const files = PATHS.map((path) => ({ path, content: readFileSync(new URL(`../../fixtures/maven/multi/${path}`, import.meta.url), 'utf8') }));
const EXTERNAL = 'managed by the parent org.springframework.boot:spring-boot-starter-parent:3.5.6 or the imported BOM io.netty:netty-bom:4.1.110.Final, which are not in this repository';

describe('maven multi-module build', () => {
  const result = maven.extract(files);
  const of = (manifest: string, name: string): Dependency | undefined => result.dependencies.find((d) => d.manifest === manifest && d.name === name);

  it('reads every pom as its own manifest, with no problem', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([
      { path: 'pom.xml', packages: 2 },
      { path: 'bom/pom.xml', packages: 0 },
      { path: 'core/pom.xml', packages: 6 },
      { path: 'services/pom.xml', packages: 0 },
      { path: 'services/api/pom.xml', packages: 5 },
      { path: 'tools/pom.xml', packages: 1 },
    ]);
  });

  it('reports the external parent of the root, and no in-repo parent as a dependency', () => {
    // pom.xml: <parent> line 5, <version>3.5.6</version> line 8, <relativePath/> line 9.
    expect(of('pom.xml', 'org.springframework.boot:spring-boot-starter-parent')).toMatchObject({
      version: '3.5.6',
      purl: 'pkg:maven/org.springframework.boot/spring-boot-starter-parent@3.5.6',
      line: 5,
      declaredAt: { path: 'pom.xml', line: 8 },
      scope: 'runtime',
      direct: true,
    });
    // The in-repo parents are com.acme:acme-build and com.acme:acme-services.
    expect(result.dependencies.filter((d) => d.name === 'com.acme:acme-build' || d.name === 'com.acme:acme-services')).toEqual([]);
  });

  it('resolves a module version from the parent dependencyManagement, the property line as declaredAt', () => {
    // core/pom.xml guava <dependency> line 17; root manages ${guava.version}, <guava.version> at pom.xml:24.
    // The in-repo BOM also manages guava (1.0-never-used): the build's own management wins over imports.
    expect(of('core/pom.xml', 'com.google.guava:guava')).toMatchObject({ version: '33.2.0-jre', purl: 'pkg:maven/com.google.guava/guava@33.2.0-jre', line: 17, declaredAt: { path: 'pom.xml', line: 24 } });
    // A literal managed version: the root's <version>3.14.0</version> at pom.xml:53.
    expect(of('core/pom.xml', 'org.apache.commons:commons-lang3')).toMatchObject({ version: '3.14.0', line: 21, declaredAt: { path: 'pom.xml', line: 53 } });
  });

  it('lets a module property override its parent, also for versions the parent manages', () => {
    // Root manages junit ${junit.version} (pom.xml:25 says 5.10.2, scope test); core/pom.xml:13 says 5.11.0.
    expect(of('core/pom.xml', 'org.junit.jupiter:junit-jupiter')).toMatchObject({ version: '5.11.0', line: 33, scope: 'development', declaredAt: { path: 'core/pom.xml', line: 13 } });
  });

  it('reads an in-repo BOM imported by the parent, in the BOM own context', () => {
    // Root imports com.acme:acme-bom:${project.version} = 2.0.0 = bom/pom.xml; it manages snakeyaml
    // ${snakeyaml.version}, defined at bom/pom.xml:11 as 2.2.
    expect(of('core/pom.xml', 'org.yaml:snakeyaml')).toMatchObject({ version: '2.2', line: 25, declaredAt: { path: 'bom/pom.xml', line: 11 } });
  });

  it('names the external parent and external BOM when neither the build nor its BOMs manage a version', () => {
    const netty = of('core/pom.xml', 'io.netty:netty-handler');
    expect(netty).toMatchObject({ unresolved: EXTERNAL, purl: 'pkg:maven/io.netty/netty-handler', line: 29 });
    expect(netty?.version).toBeUndefined();
    expect(netty?.requirement).toBeUndefined();
  });

  it('keeps an undefined property as the requirement, with a reason naming where it could come from', () => {
    // core/pom.xml: jmh-core <dependency> line 37, <version>${commons.jmh.version}</version> line 40.
    expect(of('core/pom.xml', 'org.openjdk.jmh:jmh-core')).toEqual({
      ecosystem: 'maven',
      name: 'org.openjdk.jmh:jmh-core',
      requirement: '${commons.jmh.version}',
      unresolved: 'property commons.jmh.version is not defined in this pom or its in-repo parents; the parent org.springframework.boot:spring-boot-starter-parent:3.5.6, which is not in this repository, may define it',
      purl: 'pkg:maven/org.openjdk.jmh/jmh-core',
      manifest: 'core/pom.xml',
      line: 37,
      declaredAt: { path: 'core/pom.xml', line: 40 },
      scope: 'development',
      direct: true,
    });
  });

  it('inherits along a two-level chain: the nearer parent property wins inside the root management', () => {
    // services/api -> services (guava.version 32.1.3-jre at services/pom.xml:19) -> root (33.2.0-jre).
    expect(of('services/api/pom.xml', 'com.google.guava:guava')).toMatchObject({ version: '32.1.3-jre', line: 13, declaredAt: { path: 'services/pom.xml', line: 19 } });
    // services manages jackson-databind ${jackson.version}, services/pom.xml:20 = 2.17.1.
    expect(of('services/api/pom.xml', 'com.fasterxml.jackson.core:jackson-databind')).toMatchObject({ version: '2.17.1', line: 17, declaredAt: { path: 'services/pom.xml', line: 20 } });
    // Root management two levels up: pom.xml:53.
    expect(of('services/api/pom.xml', 'org.apache.commons:commons-lang3')).toMatchObject({ version: '3.14.0', line: 33, declaredAt: { path: 'pom.xml', line: 53 } });
    expect(of('services/api/pom.xml', 'org.springframework.boot:spring-boot-starter-web')).toMatchObject({ unresolved: EXTERNAL, line: 37 });
  });

  it('takes project.groupId / project.version from the <parent> of a module that omits them', () => {
    // services/api has no <groupId>/<version>: <parent> says com.acme / 2.0.0 (version at line 8).
    expect(of('services/api/pom.xml', 'com.acme:acme-client')).toMatchObject({ version: '2.0.0', purl: 'pkg:maven/com.acme/acme-client@2.0.0', line: 27, declaredAt: { path: 'services/api/pom.xml', line: 8 } });
  });

  it('does not report a dependency on a module of this build (com.acme:acme-core:2.0.0 is core/pom.xml)', () => {
    expect(of('services/api/pom.xml', 'com.acme:acme-core')).toBeUndefined();
  });

  it('finds the parent by coordinates when <relativePath> names another artifact', () => {
    // tools/pom.xml: relativePath ../services is com.acme:acme-services, not acme-build.
    expect(of('tools/pom.xml', 'org.apache.commons:commons-lang3')).toMatchObject({ version: '3.14.0', line: 14, declaredAt: { path: 'pom.xml', line: 53 } });
    expect(result.dependencies.filter((d) => d.manifest === 'tools/pom.xml').map((d) => d.name)).toEqual(['org.apache.commons:commons-lang3']);
  });

  it('reads the root own dependencies too', () => {
    expect(of('pom.xml', 'org.slf4j:slf4j-api')).toMatchObject({ version: '2.0.13', line: 65, declaredAt: { path: 'pom.xml', line: 68 } });
  });

  it('groups every pom of the tree into one project at the repository root', () => {
    const owned = ['services/api/pom.xml', 'pom.xml', 'other/lib/pom.xml'];
    expect(maven.projects?.(owned, [...owned, 'README.md'], projectContextOf(maven))).toEqual([{ root: '', paths: ['other/lib/pom.xml', 'pom.xml', 'services/api/pom.xml'] }]);
  });
});
