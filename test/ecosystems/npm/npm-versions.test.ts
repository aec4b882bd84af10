/** Small fixtures of each npm lockfile generation (v1, v2, shrinkwrap), expected values read off the files by hand. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { npm } from '../../../src/ecosystems/npm/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/npm/${name}`, import.meta.url), 'utf8');
const summary = (dependencies: Dependency[]) =>
  dependencies
    .map((d) => ({ purl: d.purl, manifest: d.manifest, line: d.line, scope: d.scope, direct: d.direct, license: d.license, requiredBy: d.requiredBy }))
    .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));

const PACKAGE_JSON = JSON.stringify({ name: 'demo-v1', version: '1.0.0', dependencies: { alpha: '^1.0.0' }, devDependencies: { beta: '^2.0.0' } }, null, 2);

describe('npm lockfile v2 (packages and the legacy dependencies section)', () => {
  const expected = (manifest: string) => [
    { purl: 'pkg:npm/alpha@1.0.0', manifest, line: 17, scope: 'runtime', direct: true, license: 'MIT', requiredBy: ['workspace:.'] },
    { purl: 'pkg:npm/beta@2.0.0', manifest, line: 28, scope: 'development', direct: true, license: 'ISC', requiredBy: ['workspace:.'] },
    { purl: 'pkg:npm/gamma@3.0.0', manifest, line: 24, scope: 'runtime', direct: false, license: 'BSD-2-Clause', requiredBy: ['alpha'] },
  ];

  it('reads `packages` (with licenses and nested paths) and not the legacy section a second time', () => {
    const result = npm.extract([{ path: 'package-lock.json', content: fixture('lock-v2.json') }]);
    expect(result.problems).toEqual([]);
    expect(summary(result.dependencies)).toEqual(expected('package-lock.json'));
  });

  it('reads npm-shrinkwrap.json exactly as package-lock.json', () => {
    expect(npm.owns('npm-shrinkwrap.json')).toBe(true);
    const result = npm.extract([{ path: 'npm-shrinkwrap.json', content: fixture('lock-v2.json') }]);
    expect(summary(result.dependencies)).toEqual(expected('npm-shrinkwrap.json'));
  });
});

describe('npm lockfile v1 (the nested dependencies tree)', () => {
  it('reads nested and top-level versions, dev flags, and who requires the nested copy; direct from package.json', () => {
    const result = npm.extract([
      { path: 'package-lock.json', content: fixture('lock-v1.json') },
      { path: 'package.json', content: PACKAGE_JSON },
    ]);
    expect(result.problems).toEqual([]);
    const byPurl = new Map(summary(result.dependencies).map((d) => [d.purl, d]));
    expect([...byPurl.keys()]).toEqual(['pkg:npm/alpha@1.0.0', 'pkg:npm/beta@2.0.0', 'pkg:npm/gamma@3.0.0', 'pkg:npm/gamma@4.0.0']);
    expect(byPurl.get('pkg:npm/alpha@1.0.0')).toMatchObject({ line: 7, scope: 'runtime', direct: true });
    expect(byPurl.get('pkg:npm/beta@2.0.0')).toMatchObject({ line: 18, scope: 'development', direct: true });
    // alpha's `gamma` resolves to its nested 3.0.0; the top-level 4.0.0 is a dev-only copy nobody listed requires.
    expect(byPurl.get('pkg:npm/gamma@3.0.0')).toMatchObject({ line: 13, scope: 'runtime', direct: false, requiredBy: ['alpha'] });
    expect(byPurl.get('pkg:npm/gamma@4.0.0')).toMatchObject({ line: 22, scope: 'development', direct: false });
    const alpha = result.dependencies.find((d) => d.purl === 'pkg:npm/alpha@1.0.0');
    expect(alpha?.declaredAt).toEqual({ path: 'package.json', line: 5 });
  });
});
