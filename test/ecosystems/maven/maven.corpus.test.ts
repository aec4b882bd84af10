import { describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/collect.js';
import { diffDependencies, type Change } from '../../../src/deps/diff.js';
import { maven } from '../../../src/ecosystems/maven/index.js';
import { readCorpus } from '../../helpers/corpus.js';

const DIR = 'java/spring-projects-spring-petclinic';
const PATH = 'pom.xml';

function extract(side: 'base' | 'head') {
  const result = maven.extract([{ path: PATH, content: readCorpus(`${DIR}/${side}/pom.xml`) }]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

const label = (change: Change) => `${change.dependency.name}@${change.dependency.version ?? change.dependency.requirement}`;
const of = (changes: Change[], kind: Change['change']) => changes.filter((c) => c.change === kind).map(label).sort();

/*
 * Expected sets derived independently with python3 xml.etree.ElementTree: every
 * project/dependencies/dependency of base and head, `${prop}` versions looked up in
 * project/properties, then set differences on groupId:artifactId and a comparison of versions:
 *   22 direct dependencies in base, 23 in head; added 6, removed 5, one version change
 *   (webjars-locator-lite 1.1.1 -> 1.1.2, from the webjars-locator.version property).
 * The others have no <version>: spring-boot-starter-parent manages them, so they stay
 * unresolved ("managed by parent") and the parent bump 4.0.0-M3 -> 4.0.0 shows as no change.
 * (PROVENANCE.md's "+6 −6 ~7" counts differently: it also counts property and plugin changes.)
 */
describe('maven corpus: spring-petclinic pom.xml', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffDependencies(base, head);

  it('finds the direct dependencies of both sides', () => {
    expect(base).toHaveLength(22);
    expect(head).toHaveLength(23);
  });

  it('diffs base and head exactly', () => {
    expect(of(changes, 'added')).toEqual([
      'org.springframework.boot:spring-boot-starter-data-jpa-test@managed by parent',
      'org.springframework.boot:spring-boot-starter-restclient-test@managed by parent',
      'org.springframework.boot:spring-boot-starter-webmvc-test@managed by parent',
      'org.springframework.boot:spring-boot-starter-webmvc@managed by parent',
      'org.testcontainers:testcontainers-junit-jupiter@managed by parent',
      'org.testcontainers:testcontainers-mysql@managed by parent',
    ]);
    expect(of(changes, 'removed')).toEqual([
      'org.springframework.boot:spring-boot-starter-restclient@managed by parent',
      'org.springframework.boot:spring-boot-starter-test@managed by parent',
      'org.springframework.boot:spring-boot-starter-web@managed by parent',
      'org.testcontainers:junit-jupiter@managed by parent',
      'org.testcontainers:mysql@managed by parent',
    ]);
    expect(of(changes, 'upgraded')).toEqual(['org.webjars:webjars-locator-lite@1.1.2']);
    expect(of(changes, 'downgraded')).toEqual([]);
  });

  it('records lines, scopes and versions as the file has them (checked by hand in head/pom.xml)', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    // line 45: first <dependency> (spring-boot-starter-actuator), no version: managed by the parent.
    expect(byName.get('org.springframework.boot:spring-boot-starter-actuator')).toMatchObject({ line: 45, scope: 'runtime', direct: true, requirement: 'managed by parent' });
    // line 71: h2 with <scope>runtime</scope>.
    expect(byName.get('com.h2database:h2')).toMatchObject({ line: 71, scope: 'runtime' });
    // line 103: bootstrap, ${webjars-bootstrap.version} = 5.3.8.
    expect(byName.get('org.webjars.npm:bootstrap')).toMatchObject({ line: 103, version: '5.3.8', purl: 'pkg:maven/org.webjars.npm/bootstrap@5.3.8' });
    // line 150: testcontainers-mysql, <scope>test</scope>.
    expect(byName.get('org.testcontainers:testcontainers-mysql')).toMatchObject({ line: 150, scope: 'development' });
    // The checkstyle plugin's own <dependencies> are not project dependencies.
    expect(byName.has('com.puppycrawl.tools:checkstyle')).toBe(false);
  });
});
