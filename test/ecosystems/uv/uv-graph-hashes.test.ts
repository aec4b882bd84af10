import { describe, expect, it } from '@jest/globals';
import { introducedBy } from '../../../src/deps/introduced-by.js';
import { uv } from '../../../src/ecosystems/uv/index.js';

const SDIST = 'a1'.repeat(32);
const WHEEL = 'b2'.repeat(32);
const REGISTRY = 'source = { registry = "https://pypi.org/simple" }';

// app -> a, b (and devtool in a dev group, plugin a workspace member); a -> c, b -> c (a diamond);
// b -> e and c -> e (the shorter path wins); c -> d -> c (a cycle a root reaches); x <-> y (one no root reaches).
const LOCK = `version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "a" }, { name = "b" }]

[package.dev-dependencies]
dev = [{ name = "devtool" }]

[[package]]
name = "plugin"
version = "0.1.0"
source = { editable = "packages/plugin" }
dependencies = [{ name = "b" }]

[[package]]
name = "a"
version = "1.0.0"
${REGISTRY}
dependencies = [{ name = "c" }]
sdist = { url = "https://files.example/a-1.0.0.tar.gz", hash = "sha256:${SDIST.toUpperCase()}", size = 10 }
wheels = [{ url = "https://files.example/a-1.0.0-py3-none-any.whl", hash = "sha256:${WHEEL}", size = 10 }]

[[package]]
name = "b"
version = "2.0.0"
${REGISTRY}
dependencies = [{ name = "c" }, { name = "e" }]
wheels = [{ url = "https://files.example/b-2.0.0-py3-none-any.whl", hash = "sha256:${WHEEL}", size = 10 }]

[[package]]
name = "c"
version = "3.0.0"
${REGISTRY}
dependencies = [{ name = "d" }, { name = "e" }]
sdist = { url = "https://files.example/c-3.0.0.tar.gz", hash = "sha256:tooshort", size = 10 }

[[package]]
name = "d"
version = "4.0.0"
${REGISTRY}
dependencies = [{ name = "c" }]

[[package]]
name = "devtool"
version = "1.0.0"
${REGISTRY}

[[package]]
name = "e"
version = "5.0.0"
${REGISTRY}

[[package]]
name = "x"
version = "1.0.0"
${REGISTRY}
dependencies = [{ name = "y" }]

[[package]]
name = "y"
version = "1.0.0"
${REGISTRY}
dependencies = [{ name = "x" }]
`;

describe('uv.lock graph and hashes', () => {
  const result = uv.extract([{ path: 'uv.lock', content: LOCK }]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));
  const chain = (name: string) => introducedBy(result.dependencies, byName.get(name)!);

  it('records who requires each package; the project and the member are workspace:<folder>', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => [d.name, d.requiredBy])).toEqual([
      ['a', ['workspace:.']],
      ['b', ['workspace:.', 'workspace:packages/plugin']],
      ['c', ['a', 'b', 'd']],
      ['d', ['c']],
      ['devtool', ['workspace:.']],
      ['e', ['b', 'c']],
      ['x', ['y']],
      ['y', ['x']],
    ]);
  });

  it('chains: diamond to the first root in file order, the shorter path, a reached cycle ends, an unreached one is null', () => {
    expect(chain('c')).toEqual(['pkg:pypi/a@1.0.0', 'pkg:pypi/c@3.0.0']);
    expect(chain('d')).toEqual(['pkg:pypi/a@1.0.0', 'pkg:pypi/c@3.0.0', 'pkg:pypi/d@4.0.0']);
    expect(chain('e')).toEqual(['pkg:pypi/b@2.0.0', 'pkg:pypi/e@5.0.0']);
    expect(chain('x')).toBeNull();
  });

  it("keeps the sdist's hash only: none for a wheels-only version or a malformed digest", () => {
    expect(byName.get('a')?.hashes).toEqual([{ algorithm: 'sha256', value: SDIST }]);
    expect(byName.get('b')?.hashes).toBeUndefined();
    expect(byName.get('c')?.hashes).toBeUndefined();
  });

  it('narrows an edge that names a version to that version', () => {
    const lock = `version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "n", version = "2.0.0", ${REGISTRY} }]

[[package]]
name = "n"
version = "1.0.0"
${REGISTRY}

[[package]]
name = "n"
version = "2.0.0"
${REGISTRY}
`;
    const read = uv.extract([{ path: 'uv.lock', content: lock }]);
    expect(read.dependencies.map((d) => [d.version, d.requiredBy])).toEqual([
      ['1.0.0', []],
      ['2.0.0', ['workspace:.']],
    ]);
  });
});
