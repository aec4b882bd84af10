import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { gradle } from '../../../src/ecosystems/gradle/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const DIR = 'java/DataBiosphere-terra-workspace-manager';
const PATH = 'service/gradle.lockfile'; // its path upstream

function extract(side: 'base' | 'head') {
  const result = gradle.extract([{ path: PATH, content: readCorpus(`${DIR}/${side}/gradle.lockfile`) }]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

const label = (c: Change) => `${c.dependency.name}@${c.dependency.version}`;
const of = (changes: Change[], kind: Change['change']) => changes.filter((c) => c.change === kind).map(label).sort();

/*
 * Expected values derived independently with a python3 script: for each side, every line that is
 * not blank, `#` or `empty=` split as `group:artifact:version=configs`, collected into
 * {group:artifact: set(versions)}. base has 501 entries (479 artifacts), head 509 (486).
 * added = versions of artifacts only in head (19 entries, 18 artifacts: kotlin-logging-jvm is
 * locked at 2.0.10 and 2.0.11), removed = artifacts only in base (11), and the 23 artifacts in
 * both whose version sets differ each went from one version to one higher version.
 * (PROVENANCE.md: +18 −11 ~23, counting artifacts.)
 */
describe('gradle corpus: terra-workspace-manager service/gradle.lockfile', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(base, head);

  it('reads every entry', () => {
    expect(base).toHaveLength(501);
    expect(head).toHaveLength(509);
  });

  const expected: ChangeSummary = {
    added: [
      'com.michael-bull.kotlin-result:kotlin-result-jvm@1.1.16',
      'com.vdurmont:semver4j@3.1.0',
      'io.github.java-diff-utils:java-diff-utils@4.12',
      'io.github.microutils:kotlin-logging-jvm@2.0.10',
      'io.github.microutils:kotlin-logging-jvm@2.0.11',
      'io.grpc:grpc-netty@1.47.0',
      'io.ktor:ktor-http-cio@1.6.8',
      'io.ktor:ktor-http@1.6.8',
      'io.ktor:ktor-io@1.6.8',
      'io.ktor:ktor-network-jvm@1.6.8',
      'io.ktor:ktor-network-tls-jvm@1.6.8',
      'io.ktor:ktor-server-core-kotlinMultiplatform@1.6.8',
      'io.ktor:ktor-server-host-common-kotlinMultiplatform@1.6.8',
      'io.ktor:ktor-utils@1.6.8',
      'io.pact.plugin.driver:core@0.0.9',
      'javax.json:javax.json-api@1.1.4',
      'org.apache.commons:commons-io@1.3.2',
      'org.apache.httpcomponents.client5:httpclient5-fluent@5.1.4',
      'org.fusesource.jansi:jansi@2.4.0',
    ],
    removed: [
      'com.ibm.icu:icu4j@61.1',
      'io.github.microutils:kotlin-logging-common@1.6.26',
      'org.abego.treelayout:org.abego.treelayout.core@1.0.3',
      'org.antlr:ST4@4.1',
      'org.antlr:antlr-runtime@3.5.2',
      'org.antlr:antlr4-runtime@4.7.2',
      'org.antlr:antlr4@4.7.2',
      'org.apache.httpcomponents:fluent-hc@4.5.14',
      'org.apache.httpcomponents:httpmime@4.5.14',
      'org.jetbrains.kotlinx:atomicfu@0.14.1',
      'org.jetbrains.kotlinx:kotlinx-coroutines-core-common@1.3.3',
    ],
    upgraded: [
      'au.com.dius.pact.consumer:junit5@4.1.7->4.3.19',
      'au.com.dius.pact.core:matchers@4.1.7->4.3.19',
      'au.com.dius.pact.core:model@4.1.7->4.3.19',
      'au.com.dius.pact.core:pactbroker@4.1.7->4.3.19',
      'au.com.dius.pact.core:support@4.1.7->4.3.19',
      'au.com.dius.pact:consumer@4.1.7->4.3.19',
      'com.michael-bull.kotlin-result:kotlin-result@1.1.6->1.1.16',
      'com.typesafe:config@1.3.1->1.4.1',
      'io.github.microutils:kotlin-logging@1.6.26->2.0.11',
      'io.ktor:ktor-http-cio-jvm@1.3.1->1.6.8',
      'io.ktor:ktor-http-jvm@1.3.1->1.6.8',
      'io.ktor:ktor-io-jvm@1.3.1->1.6.8',
      'io.ktor:ktor-network-tls-certificates@1.3.1->1.6.8',
      'io.ktor:ktor-network-tls@1.3.1->1.6.8',
      'io.ktor:ktor-network@1.3.1->1.6.8',
      'io.ktor:ktor-server-core@1.3.1->1.6.8',
      'io.ktor:ktor-server-host-common@1.3.1->1.6.8',
      'io.ktor:ktor-server-netty@1.3.1->1.6.8',
      'io.ktor:ktor-utils-jvm@1.3.1->1.6.8',
      'org.apache.tika:tika-core@1.24.1->1.28.5',
      'org.atteo:evo-inflector@1.2.2->1.3',
      'org.glassfish:javax.json@1.0.4->1.1.4',
      'xerces:xercesImpl@2.12.0->2.12.2',
    ],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    const upgraded = changes.filter((c) => c.change === 'upgraded').map((c) => `${c.dependency.name}@${c.previous?.version}->${c.dependency.version}`);
    expect({ added: of(changes, 'added'), removed: of(changes, 'removed'), upgraded: upgraded.sort(), downgraded: of(changes, 'downgraded') }).toEqual(expected);
  });

  describe('through the pipeline (evaluateChange, the lockfile at its upstream path)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair(DIR, { at: { 'gradle.lockfile': PATH } });
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'gradle', manifest: PATH, nameOf: (record) => record.name })).toEqual(expected);
    });

    it('records lines and scopes of changes as the file has them (head lines 195, 196, 511)', () => {
      const find = (name: string, version: string) => report.changes.find((record) => record.name === name && record.to === version);
      expect(find('xerces:xercesImpl', '2.12.2')).toMatchObject({ change: 'upgraded', from: '2.12.0', line: 511, scope: 'development' });
      expect(find('io.github.microutils:kotlin-logging-jvm', '2.0.10')).toMatchObject({ change: 'added', line: 195, scope: 'development' });
      expect(find('io.github.microutils:kotlin-logging-jvm', '2.0.11')).toMatchObject({ change: 'added', line: 196, scope: 'development' });
    });
  });

  it('records lines and scopes as the file has them (checked with grep -n on head)', () => {
    const find = (name: string, version: string) => head.find((d) => d.name === name && d.version === version);
    // 428: org.postgresql:postgresql:42.3.7=productionRuntimeClasspath,runtimeClasspath,testRuntimeClasspath
    expect(find('org.postgresql:postgresql', '42.3.7')).toMatchObject({ line: 428, scope: 'runtime', direct: false, purl: 'pkg:maven/org.postgresql/postgresql@42.3.7' });
    // 511: xerces:xercesImpl:2.12.2=testRuntimeClasspath
    expect(find('xerces:xercesImpl', '2.12.2')).toMatchObject({ line: 511, scope: 'development' });
    // 195/196: kotlin-logging-jvm 2.0.10=testCompileClasspath, 2.0.11=testRuntimeClasspath
    expect(find('io.github.microutils:kotlin-logging-jvm', '2.0.10')).toMatchObject({ line: 195, scope: 'development' });
    expect(find('io.github.microutils:kotlin-logging-jvm', '2.0.11')).toMatchObject({ line: 196, scope: 'development' });
    // 101: com.github.spotbugs:spotbugs:4.7.3=spotbugs (a build tool configuration: runtime, see lockfile.ts)
    expect(find('com.github.spotbugs:spotbugs', '4.7.3')).toMatchObject({ line: 101, scope: 'runtime' });
  });
});
