import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { pipenv } from '../../../src/ecosystems/pipenv/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pipenv/${name}`, import.meta.url), 'utf8');

describe('pipenv', () => {
  it('owns Pipfile and Pipfile.lock and groups them by directory', () => {
    const paths = ['Pipfile', 'Pipfile.lock', 'api/Pipfile', 'node_modules/x/Pipfile', 'pipfile.txt'];
    const owned = paths.filter((path) => pipenv.owns(path));
    expect(owned).toEqual(['Pipfile', 'Pipfile.lock', 'api/Pipfile']);
    expect(pipenv.projects?.(owned, paths, projectContextOf(pipenv))).toEqual([
      { root: '', paths: ['Pipfile', 'Pipfile.lock'] },
      { root: 'api', paths: ['api/Pipfile'] },
    ]);
  });

  const result = pipenv.extract([
    { path: 'Pipfile.lock', content: fixture('Pipfile.lock') },
    { path: 'Pipfile', content: fixture('Pipfile') },
  ]);

  it('reads default as runtime, develop as development and other categories as unknown, at each key line', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifests).toEqual([{ path: 'Pipfile.lock', packages: 8 }]);
    expect(result.dependencies.map((d) => [d.name, d.version ?? d.requirement, d.scope, d.line, d.direct])).toEqual([
      ['certifi', '2024.2.2', 'runtime', 19, false],
      ['django', '5.0.4', 'runtime', 26, true],
      ['internal-lib', 'git+https://github.com/acme/internal-lib.git@0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c', 'runtime', 33, true],
      ['requests', '2.31.0', 'runtime', 41, true],
      ['certifi', '2024.2.2', 'development', 50, false],
      ['pytest', '8.2.0', 'development', 54, true],
      ['ruamel.yaml', '0.18.6', 'development', 59, true],
      ['sphinx', '7.3.7', 'unknown', 66, true],
    ]);
  });

  it('takes declaration lines from the Pipfile, normalising names (Django, "ruamel.yaml")', () => {
    const byName = new Map(result.dependencies.map((d) => [d.name, d]));
    expect(byName.get('django')).toMatchObject({ purl: 'pkg:pypi/django@5.0.4', declaredAt: { path: 'Pipfile', line: 8 } });
    expect(byName.get('ruamel.yaml')).toMatchObject({ purl: 'pkg:pypi/ruamel-yaml@0.18.6', declaredAt: { path: 'Pipfile', line: 14 } });
    expect(byName.get('sphinx')).toMatchObject({ declaredAt: { path: 'Pipfile', line: 17 } });
    expect(byName.get('internal-lib')?.purl).toBe('pkg:pypi/internal-lib');
    expect(result.dependencies.some((d) => d.name === 'myapp')).toBe(false);
  });

  it('merges a package locked in both sections into one runtime entry', () => {
    const certifi = mergeDuplicates(result.dependencies).filter((d) => d.name === 'certifi');
    expect(certifi).toEqual([expect.objectContaining({ scope: 'runtime', line: 19 })]);
  });

  it('reads a Pipfile alone as declared requirements, without local paths', () => {
    const alone = pipenv.extract([{ path: 'api/Pipfile', content: fixture('Pipfile') }]);
    expect(alone.problems).toEqual([]);
    expect(alone.dependencies.map((d) => [d.name, d.version ?? d.requirement, d.scope, d.line])).toEqual([
      ['requests', '*', 'runtime', 7],
      ['Django', '5.0.4', 'runtime', 8],
      ['internal-lib', 'https://github.com/acme/internal-lib.git@v1.2.0', 'runtime', 9],
      ['pytest', '>=8.0', 'development', 13],
      ['ruamel.yaml', '*', 'development', 14],
      ['sphinx', '*', 'unknown', 17],
    ]);
  });

  it('reports JSON and TOML errors with positions', () => {
    const bad = pipenv.extract([
      { path: 'Pipfile.lock', content: '{\n  "default": {\n    "requests": {"version": "==2.31.0",}\n  }\n}\n' },
      { path: 'Pipfile', content: '[packages]\nrequests = \n' },
    ]);
    expect(bad.dependencies).toEqual([]);
    expect(bad.problems).toEqual([
      expect.objectContaining({ path: 'Pipfile', line: 2 }),
      expect.objectContaining({ path: 'Pipfile.lock', line: 3, message: expect.stringContaining('invalid JSON') }),
    ]);
  });
});
