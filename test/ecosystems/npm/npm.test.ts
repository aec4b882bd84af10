import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { npm } from '../../../src/ecosystems/npm/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/npm/${name}`, import.meta.url), 'utf8');

describe('npm lockfile v3', () => {
  it('extracts packages with purl, scope, direct flag, license and line', () => {
    const content = fixture('lock-v3.json');
    const result = npm.extract([{ path: 'package-lock.json', content }]);
    expect(result.problems).toEqual([]);
    const byPurl = new Map(result.dependencies.map((d) => [d.purl, d]));
    expect([...byPurl.keys()].sort()).toEqual([
      'pkg:npm/%40types/node@20.1.0',
      'pkg:npm/gpl-thing@3.0.0',
      'pkg:npm/left-pad@1.3.0',
      'pkg:npm/right-pad@1.0.1',
      'pkg:npm/tiny@1.0.0',
      'pkg:npm/tiny@2.0.0',
    ]);
    expect(byPurl.get('pkg:npm/%40types/node@20.1.0')).toMatchObject({ scope: 'development', direct: true, license: 'MIT', line: 19 });
    expect(byPurl.get('pkg:npm/tiny@2.0.0')).toMatchObject({ scope: 'runtime', direct: false, line: 36 });
    expect(byPurl.get('pkg:npm/gpl-thing@3.0.0')).toMatchObject({ scope: 'development', direct: true });
    expect(byPurl.get('pkg:npm/right-pad@1.0.1')).toMatchObject({ name: 'right-pad', direct: true });
  });
});
