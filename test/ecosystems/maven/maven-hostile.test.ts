import { describe, expect, it } from '@jest/globals';
import { maven } from '../../../src/ecosystems/maven/index.js';

const ok = '    <dependency><groupId>org.x</groupId><artifactId>ok</artifactId><version>1.0</version></dependency>\n';
/** A pom whose <dependencies> open on line 5: the valid entry is on line 6, the next one on line 7. */
const pom = (entries: string, properties = '') => `<project>\n  <groupId>g</groupId>\n  <artifactId>a</artifactId>\n  <version>1</version>${properties}\n  <dependencies>\n${ok}${entries}  </dependencies>\n</project>\n`;

describe('pom.xml: hostile and malformed input', () => {
  it.each([
    ['an element inside <groupId>', '<groupId><x/></groupId>', '<dependency> has elements inside <groupId>, where its value belongs'],
    ['an empty <groupId/>', '<groupId/>', '<dependency> has an empty <groupId>'],
    ['no <groupId>', '', '<dependency> has no <groupId>'],
  ])('reports a dependency with %s at its line and still reads the others', (_name, groupId, message) => {
    const result = maven.extract([{ path: 'pom.xml', content: pom(`    <dependency>${groupId}<artifactId>bad</artifactId><version>1.0</version></dependency>\n`) }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['org.x:ok']);
    expect(result.problems).toEqual([{ path: 'pom.xml', line: 7, message, kind: 'invalid-entry' }]);
  });

  it('reports text and unknown elements where only <dependency> belongs', () => {
    const result = maven.extract([{ path: 'pom.xml', content: pom('    org.evil:lib:1.0\n    <dependecy><groupId>a</groupId><artifactId>b</artifactId></dependecy>\n') }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['org.x:ok']);
    expect(result.problems).toEqual([
      { path: 'pom.xml', line: 7, message: 'text "org.evil:lib:1.0" inside <dependencies>, where only <dependency> elements belong', kind: 'invalid-entry' },
      { path: 'pom.xml', line: 8, message: '<dependecy> inside <dependencies>, where only <dependency> elements belong', kind: 'invalid-entry' },
    ]);
  });

  it('fails a document with two root elements, which the XML validator lets through when the second is empty', () => {
    const result = maven.extract([{ path: 'pom.xml', content: `<?xml version="1.0"?>\n${pom('')}<project/>\n` }]);
    expect(result).toEqual({
      dependencies: [],
      manifests: [],
      problems: [{ path: 'pom.xml', line: 10, message: 'invalid XML: a second root element <project> (a document has one root, <project>)' }],
    });
  });

  it('reports a groupId that expands to nothing instead of failing the reader', () => {
    const result = maven.extract([{ path: 'pom.xml', content: pom('    <dependency><groupId>${empty}</groupId><artifactId>b</artifactId><version>1</version></dependency>\n', '\n  <properties><empty></empty></properties>') }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['org.x:ok']);
    // The <properties> line moves <dependencies> one line down: the entry is on line 8.
    expect(result.problems).toEqual([{ path: 'pom.xml', line: 8, message: '<dependency> ${empty}:b has an empty groupId once its properties are expanded', kind: 'invalid-entry' }]);
  });

  it('reads a pom that starts with a byte order mark', () => {
    const result = maven.extract([{ path: 'pom.xml', content: `\ufeff${pom('')}` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['org.x:ok@1.0 6']);
  });

  it('reports a <parent> without coordinates', () => {
    const content = '<project>\n  <parent><artifactId>p</artifactId><version>1</version></parent>\n  <artifactId>a</artifactId>\n</project>\n';
    expect(maven.extract([{ path: 'pom.xml', content }]).problems).toEqual([
      { path: 'pom.xml', line: 2, message: "<parent> has no <groupId>, so the parent can't be found", kind: 'invalid-entry' },
    ]);
  });
});
