import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { pip } from '../../../src/ecosystems/pip/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import { parseRequirements } from '../../../src/ecosystems/pip/requirements.js';
import type { Dependency } from '../../../src/ecosystems/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pip/${name}`, import.meta.url), 'utf8');
const byName = (dependencies: Dependency[]) => new Map(dependencies.map((d) => [d.name, d]));

describe('pip ownership and projects', () => {
  it('owns requirements files by name and anything .txt/.in in a requirements/ folder', () => {
    for (const path of ['requirements.txt', 'api/requirements-dev.txt', 'dev-requirements.txt', 'requirements.in', 'requirements/main.txt', 'requirements/test.in']) {
      expect(pip.owns(path)).toBe(true);
    }
    for (const path of ['README.txt', 'docs/notes.txt', 'requirements.md', '.venv/lib/requirements.txt', 'pyproject.toml']) {
      expect(pip.owns(path)).toBe(false);
    }
  });

  it('pairs each compiled .txt with its .in and keeps a lone .in as its own manifest', () => {
    const paths = ['requirements.txt', 'requirements.in', 'requirements-dev.txt', 'requirements/main.txt', 'requirements/main.in', 'requirements/base.in'];
    expect(pip.projects?.(paths, paths, projectContextOf(pip))).toEqual([
      { root: '', paths: ['requirements.txt', 'requirements.in'] },
      { root: '', paths: ['requirements-dev.txt'] },
      { root: 'requirements', paths: ['requirements/main.txt', 'requirements/main.in'] },
      { root: 'requirements', paths: ['requirements/base.in'] },
    ]);
  });
});

describe('pip-compile output with its .in', () => {
  const result = pip.extract([
    { path: 'requirements.txt', content: fixture('requirements.txt') },
    { path: 'requirements.in', content: fixture('requirements.in') },
  ]);
  const deps = byName(result.dependencies);

  it('reads pins, extras, markers, === and hashes with continuation lines, at the line the requirement starts', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'requirements.txt', packages: 9 }]);
    expect([...deps.keys()]).toEqual([
      'certifi', 'Flask', 'flask-login', 'importlib_metadata', 'requests', 'Zope.Interface', 'internal_tools', 'vendored_lib', 'setuptools',
    ]);
    expect(deps.get('certifi')).toMatchObject({ ecosystem: 'pip', version: '2024.2.2', purl: 'pkg:pypi/certifi@2024.2.2', line: 10, scope: 'runtime', direct: false });
    expect(deps.get('Flask')).toMatchObject({ version: '3.0.3', purl: 'pkg:pypi/flask@3.0.3', line: 14, direct: true, declaredAt: { path: 'requirements.in', line: 3 } });
    expect(deps.get('importlib_metadata')).toMatchObject({ purl: 'pkg:pypi/importlib-metadata@7.1.0', line: 21, direct: false });
    expect(deps.get('Zope.Interface')).toMatchObject({ version: '6.2', purl: 'pkg:pypi/zope-interface@6.2', line: 25, direct: false });
    expect(deps.get('setuptools')).toMatchObject({ line: 34, direct: false });
  });

  it('uses `# via` blocks, inline `# via` and the .in file for direct-ness', () => {
    expect(deps.get('flask-login')).toMatchObject({ line: 19, direct: true, declaredAt: { path: 'requirements.in', line: 4 } });
    expect(deps.get('requests')).toMatchObject({ version: '2.31.0', line: 24, direct: true, declaredAt: { path: 'requirements.in', line: 5 } });
  });

  it('keeps editables and URLs as unresolved requirements and skips local paths', () => {
    expect(deps.get('internal_tools')?.version).toBeUndefined();
    expect(deps.get('internal_tools')).toMatchObject({
      requirement: 'git+https://github.com/acme/internal-tools.git@v1.4.0#egg=internal_tools',
      purl: 'pkg:pypi/internal-tools',
      line: 27,
      direct: true,
      declaredAt: { path: 'requirements.in', line: 6 },
    });
    expect(deps.get('vendored_lib')).toMatchObject({ purl: 'pkg:pypi/vendored-lib', line: 30, direct: true, declaredAt: { path: 'requirements.txt', line: 30 } });
    expect(result.dependencies.some((d) => d.name.includes('local'))).toBe(false);
  });

  it('notes -r / -c includes without inlining them', () => {
    const parsed = parseRequirements('requirements.txt', fixture('requirements.txt'));
    expect(parsed.includes).toEqual([{ kind: 'constraint', path: 'constraints.txt', line: 8 }]);
    expect(parsed.annotated).toBe(true);
  });
});

describe('hand-written requirements files', () => {
  it('treats every listed package as direct, reads scope from the file name and reports bad lines', () => {
    const result = pip.extract([{ path: 'requirements-dev.txt', content: fixture('requirements-dev.txt') }]);
    expect(result.problems).toEqual([{ path: 'requirements-dev.txt', line: 7, message: 'not a requirement: this is not a requirement' }]);
    const deps = byName(result.dependencies);
    expect([...deps.keys()]).toEqual(['pytest', 'pytest-cov', 'black', 'mypy', 'ruff']);
    expect(result.dependencies.every((d) => d.scope === 'development' && d.direct)).toBe(true);
    expect(deps.get('pytest')).toMatchObject({ version: '8.2.0', line: 2, declaredAt: { path: 'requirements-dev.txt', line: 2 } });
    expect(deps.get('pytest-cov')?.version).toBeUndefined();
    expect(deps.get('pytest-cov')).toMatchObject({ requirement: '>=5.0', purl: 'pkg:pypi/pytest-cov', line: 3 });
    expect(deps.get('black')).toMatchObject({ requirement: '~=24.4' });
    expect(deps.get('mypy')).toMatchObject({ version: '1.10.0', line: 5 });
    expect(deps.get('ruff')).toMatchObject({ requirement: 'https://files.example.com/ruff-0.4.4.tar.gz', purl: 'pkg:pypi/ruff' });
  });

  it('reads requirements/<name>.txt with the folder file name as the scope hint, and a lone .in', () => {
    const test = pip.extract([{ path: 'requirements/test.txt', content: fixture('requirements/test.txt') }]);
    expect(test.dependencies).toEqual([
      expect.objectContaining({ name: 'hypothesis', version: '6.100.1', scope: 'development', direct: true, line: 1, manifest: 'requirements/test.txt' }),
    ]);
    const base = pip.extract([{ path: 'requirements/base.in', content: fixture('requirements/base.in') }]);
    expect(base.dependencies).toEqual([
      expect.objectContaining({ name: 'Django', requirement: '>=5.0,<5.1', purl: 'pkg:pypi/django', scope: 'runtime', direct: true, manifest: 'requirements/base.in' }),
    ]);
  });

  it('orders versions as PEP 440 does', () => {
    const compare = pip.compareVersions as (a: string, b: string) => number;
    expect(compare('2.1.0.post1', '2.1.0')).toBeGreaterThan(0);
    expect(compare('2.0.0b6', '2.0.0')).toBeLessThan(0);
    expect(compare('1.0.dev1', '1.0a1')).toBeLessThan(0);
    expect(compare('1.0', '1.0.0')).toBe(0);
    expect(compare('1!0.1', '2024.1')).toBeGreaterThan(0);
  });
});
