import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { uv } from '../../../src/ecosystems/uv/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/uv/${name}`, import.meta.url), 'utf8');

describe('uv', () => {
  it('owns uv.lock and pyproject.toml, and drops a pyproject.toml without a uv.lock beside it', () => {
    const paths = ['uv.lock', 'pyproject.toml', 'packages/plugin/pyproject.toml', 'other/pyproject.toml', 'other/poetry.lock'];
    const owned = paths.filter((path) => uv.owns(path));
    expect(uv.projects?.(owned, paths, projectContextOf(uv))).toEqual([{ root: '', paths: ['pyproject.toml', 'uv.lock'] }]);
  });

  const result = uv.extract([
    { path: 'pyproject.toml', content: fixture('pyproject.toml') },
    { path: 'uv.lock', content: fixture('uv.lock') },
  ]);

  it('extracts every package but the project and its workspace members, at its [[package]] line', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'uv.lock', packages: 13 }]);
    expect(result.dependencies.map((d) => [d.name, d.version, d.line, d.scope, d.direct, d.declaredAt?.line])).toEqual([
      ['certifi', '2024.2.2', 50, 'runtime', false, undefined],
      ['coverage', '7.5.0', 55, 'development', true, 22],
      ['httpx', '0.27.0', 60, 'runtime', true, 6],
      ['iniconfig', '2.0.0', 68, 'development', false, undefined],
      ['internal-lib', '1.2.0', 73, 'runtime', true, 8],
      // rich[jupyter] from the `cli` extra pulls ipywidgets through rich's own optional dependencies.
      ['ipywidgets', '8.1.2', 78, 'runtime', false, undefined],
      ['numpy', '1.26.4', 83, 'runtime', true, 7],
      ['numpy', '2.0.0', 91, 'runtime', true, 7],
      // A direct dependency of the workspace member packages/plugin: runtime, declared in its own pyproject.
      ['pluggy', '1.5.0', 99, 'runtime', true, undefined],
      ['pytest', '8.2.0', 104, 'development', true, 17],
      ['rich', '13.7.1', 113, 'runtime', true, 12],
      ['ruff', '0.4.4', 123, 'development', true, 19],
      ['unused', '1.0.0', 128, 'unknown', false, undefined],
    ]);
    expect(result.dependencies[4]).toMatchObject({ ecosystem: 'uv', purl: 'pkg:pypi/internal-lib@1.2.0', manifest: 'uv.lock' });
  });

  it('works from the lockfile alone (direct-ness from the root package entry)', () => {
    const alone = uv.extract([{ path: 'uv.lock', content: fixture('uv.lock') }]);
    expect(alone.problems).toEqual([]);
    expect(alone.dependencies.filter((d) => d.direct).map((d) => d.name)).toEqual([
      'coverage', 'httpx', 'internal-lib', 'numpy', 'numpy', 'pluggy', 'pytest', 'rich', 'ruff',
    ]);
    expect(alone.dependencies.every((d) => d.declaredAt === undefined)).toBe(true);
  });

  it('reports a TOML error with line and column and still reads the pyproject', () => {
    const bad = uv.extract([
      { path: 'pyproject.toml', content: fixture('pyproject.toml') },
      { path: 'uv.lock', content: 'version = 1\n\n[[package]]\nname = "x"\nversion = "1.0"\nsource = { registry = }\n' },
    ]);
    expect(bad.dependencies).toEqual([]);
    expect(bad.problems).toEqual([{ path: 'uv.lock', line: 6, column: expect.any(Number), message: expect.stringContaining('Invalid TOML') }]);
  });
});
