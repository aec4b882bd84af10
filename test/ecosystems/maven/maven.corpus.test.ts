import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { maven } from '../../../src/ecosystems/maven/index.js';
import type { ChangeRecord, Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, recordsOf, type ChangeSummary } from '../../helpers/corpus.js';

const DIR = 'java/spring-projects-spring-petclinic';
const PATH = 'pom.xml';
const PARENT = 'org.springframework.boot:spring-boot-starter-parent';
const managedBy = (version: string) => `managed by the parent ${PARENT}:${version}, which is not in this repository`;

function extract(side: 'base' | 'head') {
  const result = maven.extract([{ path: PATH, content: readCorpus(`${DIR}/${side}/pom.xml`) }]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

/** `name@version`, the requirement when unresolved, `name@-` when the pom writes no version at all. */
const label = (change: Change) => `${change.dependency.name}@${change.dependency.version ?? change.dependency.requirement ?? '-'}`;
const of = (changes: Change[], kind: Change['change']) => changes.filter((c) => c.change === kind).map(label).sort();
/** The same label from a change record: the side's version (`from` for a removal), else its requirement, else `-`. */
const recordLabel = (record: ChangeRecord) => `${record.name}@${(record.change === 'removed' ? record.from : record.to) ?? record.requirement ?? '-'}`;
const summarize = (records: ChangeRecord[]) => {
  const labels = (kind: ChangeRecord['change']) => records.filter((record) => record.change === kind).map(recordLabel).sort();
  return { added: labels('added'), removed: labels('removed'), upgraded: labels('upgraded'), downgraded: labels('downgraded') };
};

/*
 * Expected values derived independently with python3 xml.etree.ElementTree over base/ and head/
 * pom.xml: every project/dependencies/dependency, `${prop}` versions looked up in
 * project/properties, then set differences on groupId:artifactId and a comparison of versions:
 *   22 direct dependencies in base, 23 in head; added 6, removed 5, one version change
 *   (webjars-locator-lite 1.1.1 -> 1.1.2, from the webjars-locator.version property, line 28).
 * Plus the <parent> (relativePath empty, so not in the repository): spring-boot-starter-parent
 * 4.0.0-M3 -> 4.0.0, an upgrade. The other dependencies have no <version>: the parent manages
 * them, so they carry no version and no requirement, only the reason. Lines checked with grep -n.
 * (PROVENANCE.md's "+6 −6 ~7" counts differently: it also counts property and plugin changes.)
 */
describe('maven corpus: spring-petclinic pom.xml', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(base, head);

  it('finds the parent and the direct dependencies of both sides', () => {
    expect(base).toHaveLength(23);
    expect(head).toHaveLength(24);
  });

  const expected: ChangeSummary = {
    added: [
      'org.springframework.boot:spring-boot-starter-data-jpa-test@-',
      'org.springframework.boot:spring-boot-starter-restclient-test@-',
      'org.springframework.boot:spring-boot-starter-webmvc-test@-',
      'org.springframework.boot:spring-boot-starter-webmvc@-',
      'org.testcontainers:testcontainers-junit-jupiter@-',
      'org.testcontainers:testcontainers-mysql@-',
    ],
    removed: [
      'org.springframework.boot:spring-boot-starter-restclient@-',
      'org.springframework.boot:spring-boot-starter-test@-',
      'org.springframework.boot:spring-boot-starter-web@-',
      'org.testcontainers:junit-jupiter@-',
      'org.testcontainers:mysql@-',
    ],
    upgraded: [`${PARENT}@4.0.0`, 'org.webjars:webjars-locator-lite@1.1.2'],
    downgraded: [],
  };

  it('diffs base and head exactly, the parent bump included', () => {
    expect({ added: of(changes, 'added'), removed: of(changes, 'removed'), upgraded: of(changes, 'upgraded'), downgraded: of(changes, 'downgraded') }).toEqual(expected);
    const parent = changes.find((change) => change.dependency.name === PARENT);
    expect(parent?.previous).toMatchObject({ version: '4.0.0-M3', purl: `pkg:maven/org.springframework.boot/spring-boot-starter-parent@4.0.0-M3` });
  });

  describe('through the pipeline (evaluateChange over pom.xml)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair(DIR);
    });

    it('reports the same change set, the parent bump included', () => {
      const records = recordsOf(report.changes, { ecosystem: 'maven', manifest: PATH });
      expect(summarize(records)).toEqual(expected);
      expect(records.find((record) => record.name === PARENT)).toMatchObject({ change: 'upgraded', from: '4.0.0-M3', to: '4.0.0', line: 5, scope: 'runtime', direct: true });
    });

    it('records lines and scopes of changes as the file has them (head/pom.xml lines 98 and 150)', () => {
      expect(report.changes.find((record) => record.name === 'org.webjars:webjars-locator-lite')).toMatchObject({ change: 'upgraded', from: '1.1.1', to: '1.1.2', line: 98 });
      const mysql = report.changes.find((record) => record.name === 'org.testcontainers:testcontainers-mysql');
      expect(mysql).toMatchObject({ change: 'added', line: 150, scope: 'development', unresolved: managedBy('4.0.0') });
      expect(mysql?.to).toBeUndefined();
    });
  });

  it('records the parent with its version, at its <version> line (head/pom.xml: <parent> line 5, <version> line 8)', () => {
    const parent = head.find((d) => d.name === PARENT);
    expect(parent).toEqual({
      ecosystem: 'maven',
      name: PARENT,
      version: '4.0.0',
      purl: 'pkg:maven/org.springframework.boot/spring-boot-starter-parent@4.0.0',
      manifest: PATH,
      line: 5,
      declaredAt: { path: PATH, line: 8 },
      scope: 'runtime',
      direct: true,
    });
  });

  it('records lines, scopes and versions as the file has them (checked by hand in head/pom.xml)', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    // line 45: first <dependency> (spring-boot-starter-actuator), no version: managed by the parent.
    const actuator = byName.get('org.springframework.boot:spring-boot-starter-actuator');
    expect(actuator).toMatchObject({ line: 45, scope: 'runtime', direct: true, unresolved: managedBy('4.0.0'), purl: 'pkg:maven/org.springframework.boot/spring-boot-starter-actuator' });
    expect(actuator?.version).toBeUndefined();
    expect(actuator?.requirement).toBeUndefined();
    // line 71: h2 with <scope>runtime</scope>.
    expect(byName.get('com.h2database:h2')).toMatchObject({ line: 71, scope: 'runtime', unresolved: managedBy('4.0.0') });
    // line 103: bootstrap, ${webjars-bootstrap.version} = 5.3.8, the property on line 29.
    expect(byName.get('org.webjars.npm:bootstrap')).toMatchObject({ line: 103, version: '5.3.8', purl: 'pkg:maven/org.webjars.npm/bootstrap@5.3.8', declaredAt: { path: PATH, line: 29 } });
    // line 98: webjars-locator-lite, the bumped property <webjars-locator.version> on line 28.
    expect(byName.get('org.webjars:webjars-locator-lite')).toMatchObject({ line: 98, version: '1.1.2', declaredAt: { path: PATH, line: 28 } });
    // line 150: testcontainers-mysql, <scope>test</scope>.
    expect(byName.get('org.testcontainers:testcontainers-mysql')).toMatchObject({ line: 150, scope: 'development' });
    // The checkstyle plugin's own <dependencies> are not project dependencies.
    expect(byName.has('com.puppycrawl.tools:checkstyle')).toBe(false);
    // Every dependency without an exact version names the parent, never prose in a version field.
    for (const dependency of head) {
      if (dependency.version === undefined) expect(dependency).toMatchObject({ unresolved: managedBy('4.0.0') });
    }
    expect(head.filter((d) => d.version !== undefined).map((d) => d.name).sort()).toEqual([PARENT, 'org.webjars.npm:bootstrap', 'org.webjars.npm:font-awesome', 'org.webjars:webjars-locator-lite']);
  });
});
