import { describe, expect, it } from '@jest/globals';
import { maven } from '../../../src/ecosystems/maven/index.js';
import { MAX_DEPTH, MAX_LENGTH } from '../../../src/ecosystems/maven/properties.js';

/** A pom with these coordinates, an optional `<parent>` and the given extra body. */
function pom(coordinates: string, parent: string | undefined, body: string): string {
  const [groupId, artifactId, version] = coordinates.split(':');
  const parentXml = parent === undefined ? '' : parentElement(parent);
  return `<project>\n${parentXml}  <groupId>${groupId}</groupId>\n  <artifactId>${artifactId}</artifactId>\n  <version>${version}</version>\n${body}</project>\n`;
}

function parentElement(reference: string): string {
  const [groupId, artifactId, version, relativePath] = reference.split(':');
  const relative = relativePath === undefined ? '' : `<relativePath>${relativePath}</relativePath>`;
  return `  <parent><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version>${relative}</parent>\n`;
}

const dependency = (coordinates: string) => {
  const [groupId, artifactId, version] = coordinates.split(':');
  return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>${version === undefined ? '' : `<version>${version}</version>`}</dependency>`;
};

describe('maven parent chains', () => {
  it('reports a loop in the parent chain as a problem for every pom on it, and stops', () => {
    // a/pom.xml's parent is b (../b/pom.xml), b's is a; c's parent is a, so its chain runs into the loop.
    const extraction = maven.extract([
      { path: 'a/pom.xml', content: pom('g:a:1', 'g:b:1:../b/pom.xml', `  <dependencies>${dependency('x:y')}</dependencies>\n`) },
      { path: 'b/pom.xml', content: pom('g:b:1', 'g:a:1:../a/pom.xml', '') },
      { path: 'c/pom.xml', content: pom('g:c:1', 'g:a:1:../a/pom.xml', '') },
    ]);
    // The <parent> is on line 2 of each generated pom.
    expect(extraction.problems).toEqual([
      { path: 'a/pom.xml', line: 2, message: 'the parent chain loops (a/pom.xml -> b/pom.xml -> a/pom.xml), which Maven rejects' },
      { path: 'b/pom.xml', line: 2, message: 'the parent chain loops (b/pom.xml -> a/pom.xml -> b/pom.xml), which Maven rejects' },
      { path: 'c/pom.xml', line: 2, message: 'the parent chain loops (a/pom.xml -> b/pom.xml -> a/pom.xml), which Maven rejects' },
    ]);
    expect(extraction.dependencies).toEqual([
      expect.objectContaining({ name: 'x:y', unresolved: "no <version>, and the parent chain loops (a/pom.xml -> b/pom.xml -> a/pom.xml), so inherited versions can't be read" }),
    ]);
  });

  it('treats a parent of another version than the in-repo pom as external, and reports it', () => {
    const extraction = maven.extract([
      { path: 'pom.xml', content: pom('g:root:2.0', undefined, '') },
      { path: 'm/pom.xml', content: pom('g:m:1', 'g:root:1.0', `  <dependencies>${dependency('x:y')}</dependencies>\n`) },
    ]);
    expect(extraction.dependencies.map((d) => [d.name, d.version ?? d.unresolved])).toEqual([
      ['g:root', '1.0'],
      ['x:y', 'managed by the parent g:root:1.0, which is not in this repository'],
    ]);
  });

  it('matches a CI-friendly ${revision} parent version to the in-repo parent', () => {
    const root = pom('g:root:${revision}', undefined, '  <properties><revision>3.1</revision></properties>\n  <dependencyManagement><dependencies>' + dependency('x:y:${revision}') + '</dependencies></dependencyManagement>\n');
    const extraction = maven.extract([
      { path: 'pom.xml', content: root },
      { path: 'm/pom.xml', content: pom('g:m:${revision}', 'g:root:${revision}', `  <dependencies>${dependency('x:y')}</dependencies>\n`) },
    ]);
    expect(extraction.problems).toEqual([]);
    // <revision> is on line 5 of the root (project, groupId, artifactId, version, properties).
    expect(extraction.dependencies).toEqual([expect.objectContaining({ manifest: 'm/pom.xml', name: 'x:y', version: '3.1', declaredAt: { path: 'pom.xml', line: 5 } })]);
  });

  it('says which in-repo parent pom could not be read instead of calling it external', () => {
    const extraction = maven.extract([
      { path: 'pom.xml', content: '<project><oops></project>' },
      { path: 'm/pom.xml', content: pom('g:m:1', 'g:root:1', `  <dependencies>${dependency('x:y')}</dependencies>\n`) },
    ]);
    expect(extraction.problems).toEqual([expect.objectContaining({ path: 'pom.xml', message: expect.stringMatching(/^invalid XML/) })]);
    expect(extraction.dependencies).toEqual([expect.objectContaining({ name: 'x:y', unresolved: 'managed by the parent g:root:1, whose pom pom.xml could not be read' })]);
  });

  it('reports a BOM that imports itself instead of looping', () => {
    const bom = pom('g:bom:1', undefined, `  <dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>bom</artifactId><version>1</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>\n`);
    const extraction = maven.extract([{ path: 'pom.xml', content: bom }]);
    expect(extraction.problems).toEqual([{ path: 'pom.xml', line: 5, message: 'the imported BOM g:bom:1 (pom.xml) imports this pom back, which Maven rejects' }]);
  });
});

describe('maven property expansion bounds', () => {
  it(`stops a value that grows past ${MAX_LENGTH} characters (ten references per level), with a problem at the property`, () => {
    // p0 = 10 characters, p(n) = ten ${p(n-1)}: p1 is 100 characters, p2 1,000 (at the bound), p3
    // 10,000 (past it). Unbounded, ${p6} would be 10^7 characters.
    const levels = ['<p0>aaaaaaaaaa</p0>', ...Array.from({ length: 6 }, (_, n) => `<p${n + 1}>${`\${p${n}}`.repeat(10)}</p${n + 1}>`)];
    const content = pom('g:a:1', undefined, `  <properties>\n${levels.map((line) => `    ${line}\n`).join('')}  </properties>\n  <dependencies>${dependency('x:ok:${p2}')}${dependency('x:big:${p6}')}</dependencies>\n`);
    const extraction = maven.extract([{ path: 'pom.xml', content }]);
    const [ok, big] = extraction.dependencies;
    expect(ok?.version).toBe('a'.repeat(1000));
    expect(big).toMatchObject({ requirement: '${p6}', unresolved: `property p3 expands to more than ${MAX_LENGTH} characters` });
    expect(big?.version).toBeUndefined();
    // <properties> opens on line 5, p0 on line 6, so p3 on line 9.
    expect(extraction.problems).toEqual([{ path: 'pom.xml', line: 9, message: `property p3 expands to more than ${MAX_LENGTH} characters; its value is left unexpanded` }]);
  });

  it('expands each property once: thousands of references to empty properties cost nothing', () => {
    // e0 is empty, e(n) = 50 ${e(n-1)}; without memory ${e9} would take 50^9 expansions.
    const levels = ['<e0></e0>', ...Array.from({ length: 9 }, (_, n) => `<e${n + 1}>${`\${e${n}}`.repeat(50)}</e${n + 1}>`)];
    const content = pom('g:a:1', undefined, `  <properties>${levels.join('')}</properties>\n  <dependencies>${dependency('x:y:1${e9}')}</dependencies>\n`);
    const extraction = maven.extract([{ path: 'pom.xml', content }]);
    expect(extraction.dependencies[0]?.version).toBe('1');
  });

  it(`stops nesting deeper than ${MAX_DEPTH} levels, and names a property cycle`, () => {
    // q1 = ${q2}, ..., q11 = ${q12}, q12 = end: ${q1} nests 12 levels, ${q3} exactly 10.
    const chain = Array.from({ length: 11 }, (_, n) => `<q${n + 1}>\${q${n + 2}}</q${n + 1}>`).join('');
    const content = pom('g:a:1', undefined, `  <properties>${chain}<q12>9</q12><c1>\${c2}</c1><c2>\${c1}</c2></properties>\n  <dependencies>${dependency('x:deep:${q1}')}${dependency('x:fits:${q3}')}${dependency('x:loop:${c1}')}</dependencies>\n`);
    const extraction = maven.extract([{ path: 'pom.xml', content }]);
    const [deep, fits, loop] = extraction.dependencies;
    expect(deep).toMatchObject({ requirement: '${q1}', unresolved: `property q11 nests more than ${MAX_DEPTH} levels of properties` });
    expect(fits).toMatchObject({ version: '9' });
    expect(loop).toMatchObject({ requirement: '${c1}', unresolved: 'property c1 refers to itself (c1 -> c2 -> c1)' });
    expect(extraction.problems.map((problem) => problem.message)).toEqual([
      `property q11 nests more than ${MAX_DEPTH} levels of properties; its value is left unexpanded`,
      'property c1 refers to itself (c1 -> c2 -> c1); its value is left unexpanded',
    ]);
  });
});
