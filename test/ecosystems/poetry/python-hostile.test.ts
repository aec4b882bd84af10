import { describe, expect, it } from '@jest/globals';
import { poetry } from '../../../src/ecosystems/poetry/index.js';
import { uv } from '../../../src/ecosystems/uv/index.js';

const requests = '[[package]]\nname = "requests"\nversion = "2.31.0"\n';

describe('poetry.lock, uv.lock and pyproject.toml: hostile and malformed input', () => {
  it.each([
    ['a number as its version', 'name = "bad"\nversion = 5\n', '[[package]] "bad": "version" is a number, expected a string'],
    ['a string as its groups', 'name = "bad"\nversion = "1.0"\ngroups = "main"\n', '[[package]] "bad": "groups" is a string, expected a list'],
    ['no name', 'version = "1.0"\n', '[[package]]: the entry has no "name"'],
  ])('poetry: reports a package with %s at its header and still reads the others', (_name, bad, message) => {
    const result = poetry.extract([{ path: 'poetry.lock', content: `${requests}\n[[package]]\n${bad}` }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['requests']);
    expect(result.problems).toEqual([{ path: 'poetry.lock', line: 5, message, kind: 'invalid-entry' }]);
  });

  it.each([
    ['a number as its version', 'name = "bad"\nversion = 5\n', '[[package]] "bad": "version" is a number, expected a string'],
    ['dependencies that are not a list of tables', 'name = "bad"\nversion = "1.0"\ndependencies = ["requests"]\n', '[[package]] "bad": "dependencies" › "0" is a string, expected a map'],
  ])('uv: reports a package with %s at its header and still reads the others', (_name, bad, message) => {
    const lock = `version = 1\n\n${requests}source = { registry = "https://pypi.org/simple" }\n\n[[package]]\n${bad}`;
    const result = uv.extract([{ path: 'uv.lock', content: lock }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['requests']);
    expect(result.problems).toEqual([{ path: 'uv.lock', line: 8, message, kind: 'invalid-entry' }]);
  });

  it('poetry: reads a description on many lines (left to smol-toml) the same, header lines included', () => {
    const lock = `${requests}description = """\nHTTP\n[[package]]\n"""\n\n[[package]]\nname = "idna"\nversion = "3.7"\n\n[package.dependencies]\nrequests = "*"\n`;
    const result = poetry.extract([{ path: 'poetry.lock', content: lock }]);
    expect(result.problems).toEqual([]);
    // The scan for headers finds the one in the string too: no lines rather than wrong ones, as before.
    expect(result.dependencies.map((d) => `${d.name} ${d.line}`)).toEqual(['requests undefined', 'idna undefined']);
    const plain = poetry.extract([{ path: 'poetry.lock', content: lock.replace('[[package]]\n"""', '"""') }]);
    expect(plain.dependencies.map((d) => `${d.name} ${d.line}`)).toEqual(['requests 1', 'idna 8']);
  });

  it.each([
    ['poetry', poetry, 'poetry.lock', `${requests}files = [\n    {file = "a.whl", hash = "sha256:1", file = "b.whl"},\n]\n`, 5, 41],
    ['uv', uv, 'uv.lock', `${requests}wheels = [\n    { url = "a.whl", size = 1x },\n]\n`, 5, 30],
  ])('%s: reports invalid TOML in what it does not keep (file lists, wheels) at its line and column', (_name, ecosystem, path, content, line, column) => {
    const result = ecosystem.extract([{ path, content }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path, line, column, message: expect.stringMatching(/^Invalid TOML document: /) }]);
  });

  it('uv: reports a package key that is not an array of tables', () => {
    const result = uv.extract([{ path: 'uv.lock', content: 'version = 1\npackage = "requests"\n' }]);
    expect(result.problems).toEqual([{ path: 'uv.lock', message: '`package` is a string, expected an array of tables ([[package]])' }]);
  });

  it('skips a leading byte order mark in the lockfile and in pyproject.toml', () => {
    const result = poetry.extract([
      { path: 'pyproject.toml', content: '\ufeff[tool.poetry.dependencies]\nrequests = "^2.31"\n' },
      { path: 'poetry.lock', content: `\ufeff${requests}` },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'requests', direct: true, declaredAt: { path: 'pyproject.toml', line: 2 } })]);
  });

  it('reports pyproject.toml sections and declarations of the wrong shape instead of skipping them', () => {
    const pyproject = '[project]\nname = "x"\ndependencies = "requests"\noptional-dependencies = ["a"]\n\n[tool.poetry.dependencies]\nflask = 3\n\n[dependency-groups]\ndev = ["pytest>=8", { include-group = "x" }, "!!!"]\n';
    const result = uv.extract([
      { path: 'pyproject.toml', content: pyproject },
      { path: 'uv.lock', content: 'version = 1\n' },
    ]);
    expect(result.problems).toEqual([
      { path: 'pyproject.toml', line: 3, message: 'project.dependencies: is a string, expected a list of requirements', kind: 'invalid-entry' },
      { path: 'pyproject.toml', line: 7, message: 'tool.poetry.dependencies.flask: is a number, expected a version constraint or a table', kind: 'invalid-entry' },
      { path: 'pyproject.toml', line: 4, message: 'project.optional-dependencies: is a list, expected a table', kind: 'invalid-entry' },
      { path: 'pyproject.toml', line: 10, message: 'dependency-groups.dev: "!!!" is not a requirement (PEP 508)', kind: 'invalid-entry' },
    ]);
  });
});
