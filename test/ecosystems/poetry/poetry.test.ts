import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { poetry } from '../../../src/ecosystems/poetry/index.js';
import { uv } from '../../../src/ecosystems/uv/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import type { Dependency } from '../../../src/ecosystems/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/poetry/${name}`, import.meta.url), 'utf8');
const byName = (dependencies: Dependency[]) => new Map(dependencies.map((d) => [d.name, d]));

describe('poetry projects', () => {
  it('claims pyproject.toml only beside a poetry.lock, so poetry and uv never both report one', () => {
    const paths = ['pyproject.toml', 'poetry.lock', 'tools/pyproject.toml', 'tools/uv.lock', 'lib/pyproject.toml', 'node_modules/x/poetry.lock'];
    const owned = (ecosystem: typeof poetry) => paths.filter((path) => ecosystem.owns(path));
    expect(poetry.projects?.(owned(poetry), paths, projectContextOf(poetry))).toEqual([{ root: '', paths: ['poetry.lock', 'pyproject.toml'] }]);
    expect(uv.projects?.(owned(uv), paths, projectContextOf(uv))).toEqual([{ root: 'tools', paths: ['tools/pyproject.toml', 'tools/uv.lock'] }]);
  });
});

describe('poetry.lock 2.1 (groups) with a [tool.poetry] pyproject.toml', () => {
  const result = poetry.extract([
    { path: 'poetry.lock', content: fixture('poetry.lock') },
    { path: 'pyproject.toml', content: fixture('pyproject.toml') },
  ]);
  const deps = byName(result.dependencies);

  it('extracts every locked package at its [[package]] line, except local directories', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'poetry.lock', packages: 7 }]);
    expect([...deps.keys()]).toEqual(['black', 'certifi', 'click', 'internal-lib', 'pytest', 'requests', 'ruamel-yaml']);
    expect(deps.get('black')).toMatchObject({ ecosystem: 'poetry', version: '24.4.2', purl: 'pkg:pypi/black@24.4.2', manifest: 'poetry.lock', line: 3 });
    expect(deps.get('internal-lib')).toMatchObject({ line: 35, version: '1.2.0', direct: true, scope: 'runtime', declaredAt: { path: 'pyproject.toml', line: 11 } });
    expect(deps.get('ruamel-yaml')).toMatchObject({ line: 71, direct: true, scope: 'runtime', declaredAt: { path: 'pyproject.toml', line: 10 } });
  });

  it('takes scope from groups and direct-ness from every dependency section', () => {
    expect(deps.get('requests')).toMatchObject({ scope: 'runtime', direct: true, declaredAt: { path: 'pyproject.toml', line: 9 } });
    expect(deps.get('certifi')).toMatchObject({ scope: 'runtime', direct: false });
    expect(deps.get('certifi')?.declaredAt).toBeUndefined();
    expect(deps.get('pytest')).toMatchObject({ scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 15 } });
    expect(deps.get('black')).toMatchObject({ scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 18 } });
    expect(deps.get('click')).toMatchObject({ scope: 'development', direct: false });
  });
});

describe('older lockfiles', () => {
  it('reads `category` from lock-version 1.x', () => {
    const result = poetry.extract([{ path: 'poetry.lock', content: fixture('poetry-v1.lock') }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => [d.name, d.version, d.scope, d.line, d.direct])).toEqual([
      ['certifi', '2023.7.22', 'runtime', 1, false],
      ['pytest', '7.4.0', 'development', 9, false],
      ['requests', '2.31.0', 'runtime', 17, false],
    ]);
  });

  it('walks [package.dependencies] from PEP 621 declarations when lock-version 2.0 records no groups', () => {
    const result = poetry.extract([
      { path: 'svc/poetry.lock', content: fixture('poetry-v20.lock') },
      { path: 'svc/pyproject.toml', content: fixture('pep621-pyproject.toml') },
    ]);
    expect(result.problems).toEqual([]);
    const deps = byName(result.dependencies);
    expect(deps.get('requests')).toMatchObject({ scope: 'runtime', direct: true, line: 38, declaredAt: { path: 'svc/pyproject.toml', line: 5 } });
    expect(deps.get('certifi')).toMatchObject({ scope: 'runtime', direct: false, line: 3 });
    expect(deps.get('pytest')).toMatchObject({ scope: 'development', direct: true, declaredAt: { path: 'svc/pyproject.toml', line: 13 } });
    expect(deps.get('iniconfig')).toMatchObject({ scope: 'development', direct: false });
    expect(deps.get('orphan')).toMatchObject({ scope: 'unknown', direct: false });
  });
});

describe('unparsable files', () => {
  it('reports the TOML error at the parser position and still reads the other file', () => {
    const result = poetry.extract([
      { path: 'poetry.lock', content: fixture('bad.lock') },
      { path: 'pyproject.toml', content: fixture('pyproject.toml') },
    ]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path: 'poetry.lock', line: 6, column: expect.any(Number), message: expect.stringContaining('Invalid TOML') }]);

    const badManifest = poetry.extract([
      { path: 'poetry.lock', content: fixture('poetry-v1.lock') },
      { path: 'pyproject.toml', content: '[tool.poetry.dependencies]\nrequests = "^2\n' },
    ]);
    expect(badManifest.problems).toEqual([expect.objectContaining({ path: 'pyproject.toml', line: 2 })]);
    expect(badManifest.dependencies).toHaveLength(3);
  });
});
