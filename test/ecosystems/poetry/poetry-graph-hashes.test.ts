import { describe, expect, it } from '@jest/globals';
import { introducedBy } from '../../../src/deps/introduced-by.js';
import { poetry } from '../../../src/ecosystems/poetry/index.js';

const SDIST = 'c3'.repeat(32);
const WHEEL = 'd4'.repeat(32);

const PYPROJECT = `[tool.poetry]
name = "app"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.12"
a = "^1"
B = "^2"
`;

const pkg = (name: string, version: string, dependencies: string[], files = '[]') => `[[package]]
name = "${name}"
version = "${version}"
description = ""
optional = false
python-versions = "*"
files = ${files}
${dependencies.length > 0 ? `\n[package.dependencies]\n${dependencies.map((d) => `${d} = "*"`).join('\n')}\n` : ''}`;

// app -> a, b; a -> c, b -> c (a diamond); b -> e and c -> e (the shorter path wins); c -> d -> c
// (a cycle a root reaches); x <-> y (one no root reaches). Dependency keys as written, any case.
const LOCK = [
  pkg('a', '1.0.0', ['C'], `[
    {file = "a-1.0.0-py3-none-any.whl", hash = "sha256:${WHEEL}"},
    {file = "a-1.0.0.tar.gz", hash = "sha256:${SDIST}"},
]`),
  pkg('b', '2.0.0', ['c', 'e'], `[{file = "b-2.0.0-py3-none-any.whl", hash = "sha256:${WHEEL}"}]`),
  pkg('c', '3.0.0', ['d', 'e'], `[{file = "c-3.0.0.tar.gz", hash = "md5:nothex"}]`),
  pkg('d', '4.0.0', ['c']),
  pkg('e', '5.0.0', []),
  pkg('x', '1.0.0', ['y']),
  pkg('y', '1.0.0', ['x']),
  '[metadata]\nlock-version = "2.0"\npython-versions = "^3.12"\ncontent-hash = "0"\n',
].join('\n');

describe('poetry.lock graph and hashes', () => {
  const result = poetry.extract([
    { path: 'pyproject.toml', content: PYPROJECT },
    { path: 'poetry.lock', content: LOCK },
  ]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));
  const chain = (name: string) => introducedBy(result.dependencies, byName.get(name)!);

  it('records who requires each package: the project (workspace:.) for what pyproject declares', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => [d.name, d.requiredBy])).toEqual([
      ['a', ['workspace:.']],
      ['b', ['workspace:.']],
      ['c', ['a', 'b', 'd']],
      ['d', ['c']],
      ['e', ['b', 'c']],
      ['x', ['y']],
      ['y', ['x']],
    ]);
  });

  it('chains: diamond to the first root in file order, the shorter path, a reached cycle ends, an unreached one is null', () => {
    expect(chain('a')).toEqual(['pkg:pypi/a@1.0.0']);
    expect(chain('d')).toEqual(['pkg:pypi/a@1.0.0', 'pkg:pypi/c@3.0.0', 'pkg:pypi/d@4.0.0']);
    expect(chain('e')).toEqual(['pkg:pypi/b@2.0.0', 'pkg:pypi/e@5.0.0']);
    expect(chain('y')).toBeNull();
  });

  it("keeps the sdist's hash only: none for a wheels-only version or a malformed digest", () => {
    expect(byName.get('a')?.hashes).toEqual([{ algorithm: 'sha256', value: SDIST }]);
    expect(byName.get('b')?.hashes).toBeUndefined();
    expect(byName.get('c')?.hashes).toBeUndefined();
  });

  it('reads lock 1.x [metadata.files], picking the file of the locked version', () => {
    const lock = `[[package]]
name = "six"
version = "1.16.0"
description = ""
category = "main"
optional = false
python-versions = "*"

[metadata]
lock-version = "1.1"
python-versions = "*"
content-hash = "0"

[metadata.files]
six = [
    {file = "six-1.15.0.tar.gz", hash = "sha256:${WHEEL}"},
    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:${WHEEL}"},
    {file = "six-1.16.0.tar.gz", hash = "sha256:${SDIST}"},
]
`;
    const read = poetry.extract([{ path: 'poetry.lock', content: lock }]);
    expect(read.problems).toEqual([]);
    expect(read.dependencies.map((d) => [d.name, d.requiredBy, d.hashes])).toEqual([['six', [], [{ algorithm: 'sha256', value: SDIST }]]]);
  });
});
