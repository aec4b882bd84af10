import { describe, expect, it } from '@jest/globals';
import { pip } from '../../../src/ecosystems/pip/index.js';
import { gradle } from '../../../src/ecosystems/gradle/index.js';

const utf16WithoutBom = (text: string) => [...text].map((c) => `${c}\u0000`).join('');

describe('requirements files and Gradle lockfiles: hostile and malformed input', () => {
  it('says a requirements file full of NULs is not text, once, instead of one garbage problem per line', () => {
    const result = pip.extract([{ path: 'requirements.txt', content: utf16WithoutBom('requests==2.31.0\nflask==3.0.0\n') }]);
    expect(result).toEqual({ dependencies: [], manifests: [], problems: [{ path: 'requirements.txt', line: 1, message: expect.stringContaining('NUL characters') }] });
  });

  it('reports at most 100 bad lines of one file, then how many more, and still reads the good ones', () => {
    const content = `requests==2.31.0\n${'this is not a requirement\n'.repeat(5000)}`;
    const result = pip.extract([{ path: 'requirements.txt', content }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['requests']);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[0]).toEqual({ path: 'requirements.txt', line: 2, message: 'not a requirement: this is not a requirement' });
    expect(result.problems[100]).toEqual({ path: 'requirements.txt', kind: 'invalid-entry', message: '4900 more problems in this file are not listed (the first 100 are)' });
  });

  it('reads a `# via` line naming 200,000 sources without overflowing the stack', () => {
    const content = `requests==2.31.0\n    # via ${Array.from({ length: 200000 }, (_, i) => `p${i}`).join(', ')}\n`;
    const result = pip.extract([{ path: 'requirements.txt', content }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'requests', direct: false })]);
  });

  it('skips a leading byte order mark', () => {
    const result = pip.extract([{ path: 'requirements.txt', content: '\ufeffrequests==2.31.0\n' }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['requests@2.31.0']);
  });

  it('says a Gradle lockfile full of NULs is not text', () => {
    const result = gradle.extract([{ path: 'gradle.lockfile', content: utf16WithoutBom('org.x:a:1.0=runtimeClasspath\nempty=\n') }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path: 'gradle.lockfile', line: 1, message: expect.stringContaining('NUL characters') }]);
  });

  it('reads a Gradle lockfile of 150,000 entries without overflowing the stack, and bounds its problems', () => {
    const entries = Array.from({ length: 150000 }, (_, i) => `org.x:a${i}:1.0=runtimeClasspath`).join('\n');
    const result = gradle.extract([{ path: 'gradle.lockfile', content: `${entries}\n${'garbage\n'.repeat(300)}empty=\n` }]);
    expect(result.dependencies).toHaveLength(150000);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[100]?.message).toBe('200 more problems in this file are not listed (the first 100 are)');
  });
});

describe('requirements files: read in place, line by line', () => {
  const read = (content: string) => pip.extract([{ path: 'requirements.txt', content }]);
  const summary = (content: string) => read(content).dependencies.map((d) => `${d.name} ${d.version ?? d.requirement} ${d.line} ${d.direct}`);

  it('joins backslash continuations, with CRLF line endings too, numbering each requirement by its first line', () => {
    const compiled = 'a==1.0 \\\n    --hash=sha256:00\n    # via -r requirements.in\nb==2.0 \\\n    --hash=sha256:11 \\\n    --hash=sha256:22\n    # via a\n';
    expect(summary(compiled)).toEqual(['a 1.0 1 true', 'b 2.0 4 false']);
    expect(summary(compiled.replaceAll('\n', '\r\n'))).toEqual(['a 1.0 1 true', 'b 2.0 4 false']);
  });

  it('never continues a comment, nor a line ending in an escaped backslash', () => {
    expect(summary('# a comment \\\nb==2.0\n')).toEqual(['b 2.0 2 true']);
    // An escaped backslash is no continuation: the next line is a requirement of its own.
    expect(summary('a>=1.0\\\\\nb==2.0').slice(1)).toEqual(['b 2.0 2 true']);
  });

  it('keeps a requirement or a declaration line as the file has it', () => {
    const result = read('Foo_Bar>=1.0\nbaz==2.0\n');
    expect(result.dependencies).toEqual([
      { ecosystem: 'pip', name: 'Foo_Bar', requirement: '>=1.0', purl: 'pkg:pypi/foo-bar', manifest: 'requirements.txt', line: 1, declaredAt: { path: 'requirements.txt', line: 1 }, scope: 'runtime', direct: true },
      { ecosystem: 'pip', name: 'baz', version: '2.0', purl: 'pkg:pypi/baz@2.0', manifest: 'requirements.txt', line: 2, declaredAt: { path: 'requirements.txt', line: 2 }, scope: 'runtime', direct: true },
    ]);
    // Key order too: it is the order of the JSON report.
    expect(Object.keys(result.dependencies[0] as object)).toEqual(['ecosystem', 'name', 'requirement', 'purl', 'manifest', 'line', 'declaredAt', 'scope', 'direct']);
  });
});
