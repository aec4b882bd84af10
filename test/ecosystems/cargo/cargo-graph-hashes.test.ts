import { describe, expect, it } from '@jest/globals';
import { introducedBy } from '../../../src/deps/introduced-by.js';
import { cargo } from '../../../src/ecosystems/cargo/index.js';

const REGISTRY = 'registry+https://github.com/rust-lang/crates.io-index';
const A_SUM = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

// app -> a, b; a -> c and b -> c (a diamond); c -> e and b -> e (the shorter path wins over file order); c -> d -> c (a cycle a root reaches); x <-> y (one no root reaches).
const LOCK = `version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "a",
 "b 2.0.0",
]

[[package]]
name = "a"
version = "1.0.0"
source = "${REGISTRY}"
checksum = "${A_SUM.toUpperCase()}"
dependencies = ["c"]

[[package]]
name = "b"
version = "2.0.0"
source = "${REGISTRY}"
checksum = "not-a-sha256"
dependencies = ["c 3.0.0 (${REGISTRY})", "e"]

[[package]]
name = "c"
version = "3.0.0"
source = "${REGISTRY}"
dependencies = ["d", "e"]

[[package]]
name = "d"
version = "4.0.0"
source = "${REGISTRY}"
checksum = 42
dependencies = ["c"]

[[package]]
name = "e"
version = "5.0.0"
source = "${REGISTRY}"

[[package]]
name = "x"
version = "1.0.0"
source = "${REGISTRY}"
dependencies = ["y"]

[[package]]
name = "y"
version = "1.0.0"
source = "${REGISTRY}"
dependencies = ["x"]
`;

const MANIFEST = `[package]
name = "app"
version = "0.1.0"

[dependencies]
a = "1"
b = "2"
`;

describe('Cargo.lock graph and checksums', () => {
  const result = cargo.extract([
    { path: 'Cargo.toml', content: MANIFEST },
    { path: 'Cargo.lock', content: LOCK },
  ]);
  const byName = new Map(result.dependencies.map((d) => [d.name, d]));
  const chain = (name: string) => introducedBy(result.dependencies, byName.get(name)!);

  it('reads the lock without a problem, malformed checksums included', () => {
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'x', 'y']);
  });

  it('records who requires each package: the workspace member at the lock folder is workspace:.', () => {
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

  it('chains: the diamond takes the first root in file order, the reached cycle ends, the unreached one is null', () => {
    expect(chain('a')).toEqual(['pkg:cargo/a@1.0.0']);
    expect(chain('c')).toEqual(['pkg:cargo/a@1.0.0', 'pkg:cargo/c@3.0.0']);
    expect(chain('d')).toEqual(['pkg:cargo/a@1.0.0', 'pkg:cargo/c@3.0.0', 'pkg:cargo/d@4.0.0']);
    expect(chain('e')).toEqual(['pkg:cargo/b@2.0.0', 'pkg:cargo/e@5.0.0']);
    expect(chain('x')).toBeNull();
    expect(chain('y')).toBeNull();
  });

  it('keeps a well-formed checksum as a lowercase sha256 and leaves out the rest', () => {
    expect(byName.get('a')?.hashes).toEqual([{ algorithm: 'sha256', value: A_SUM }]);
    expect(byName.get('b')?.hashes).toBeUndefined();
    expect(byName.get('c')?.hashes).toBeUndefined();
    expect(byName.get('d')?.hashes).toBeUndefined();
  });

  it('labels a member below the lock by its folder, and reads v1 checksums from [metadata]', () => {
    const v1 = `[[package]]
name = "member"
version = "0.1.0"
dependencies = ["itoa 0.4.8 (${REGISTRY})", "serde 1.0.0 (${REGISTRY})"]

[[package]]
name = "itoa"
version = "0.4.8"
source = "${REGISTRY}"

[[package]]
name = "serde"
version = "1.0.0"
source = "${REGISTRY}"

[metadata]
"checksum itoa 0.4.8 (${REGISTRY})" = "b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4"
"checksum serde 1.0.0 (${REGISTRY})" = "<none>"
`;
    const read = cargo.extract([
      { path: 'rust/Cargo.lock', content: v1 },
      { path: 'rust/crates/member/Cargo.toml', content: '[package]\nname = "member"\nversion = "0.1.0"\n' },
    ]);
    expect(read.problems).toEqual([]);
    expect(read.dependencies.map((d) => [d.name, d.requiredBy, d.hashes])).toEqual([
      ['itoa', ['workspace:crates/member'], [{ algorithm: 'sha256', value: 'b71991ff56294aa922b450139ee08b3bfc70982c6b2c7562771375cf73542dd4' }]],
      ['serde', ['workspace:crates/member'], undefined],
    ]);
  });
});
