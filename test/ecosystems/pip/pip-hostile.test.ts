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
