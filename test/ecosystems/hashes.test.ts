/**
 * Dependency.hashes from every JS/PHP lockfile that records a digest of the package's artifact;
 * each expected value is the fixture's own text decoded here (base64 with Buffer), not our output.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { base64Hash, hexHash, integrityHashes, prefixedHexHash } from '../../src/ecosystems/hashes.js';
import { bun } from '../../src/ecosystems/bun/index.js';
import { composer } from '../../src/ecosystems/composer/index.js';
import { npm } from '../../src/ecosystems/npm/index.js';
import { pnpm } from '../../src/ecosystems/pnpm/index.js';
import { yarn } from '../../src/ecosystems/yarn/index.js';
import type { Dependency } from '../../src/deps/model.js';

const SHA512_B64 = 'RdJUflcE3cUzKiMqQgsCu06FHv4nyPzrTPS6Gx4Mpo+M2jiJFR3HPhrDVaqfBufV/QwP+EA7Y0Q1F5PgA2R5Xw==';
const SHA1_B64 = '2jmj7l5rSw0yVb/vlWAYkK/YBwk=';
const SHA1_HEX = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');
const SHA512 = { algorithm: 'sha512', value: hex(SHA512_B64) };
const hashesOf = (dependencies: readonly Dependency[]) => dependencies.map((d) => [d.name, d.hashes]);

describe('digest readers', () => {
  it('reads every SRI digest of a string, options and repeats dropped, bad tokens skipped', () => {
    expect(integrityHashes(`sha512-${SHA512_B64}?opt sha1-${SHA1_B64} sha512-${SHA512_B64} sha256-short md4-${SHA1_B64}`)).toEqual([
      SHA512,
      { algorithm: 'sha1', value: SHA1_HEX },
    ]);
    expect(integrityHashes(SHA1_HEX.toUpperCase())).toEqual([{ algorithm: 'sha1', value: SHA1_HEX }]);
    expect(integrityHashes('sha512-!!!!')).toBeUndefined();
    expect(integrityHashes('')).toBeUndefined();
    expect(integrityHashes(42)).toBeUndefined();
  });

  it('checks the length and the alphabet of hex and base64 digests', () => {
    expect(hexHash('SHA256', 'AB'.repeat(32))).toEqual({ algorithm: 'sha256', value: 'ab'.repeat(32) });
    expect(hexHash('sha256', 'ab'.repeat(31))).toBeUndefined();
    expect(hexHash('sha256', 'zz'.repeat(32))).toBeUndefined();
    expect(hexHash('crc32', 'ab'.repeat(4))).toBeUndefined();
    expect(base64Hash('sha1', SHA1_B64)).toEqual({ algorithm: 'sha1', value: SHA1_HEX });
    expect(base64Hash('sha1', SHA1_B64.replace('=', 'A'))).toBeUndefined();
    expect(prefixedHexHash(`md5:${'0f'.repeat(16)}`)).toEqual({ algorithm: 'md5', value: '0f'.repeat(16) });
    expect(prefixedHexHash('sha256')).toBeUndefined();
  });
});

describe('npm integrity', () => {
  it('v3: every digest of `integrity`; none for a malformed or non-string one, and no problem', () => {
    const lock = {
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '^1.0.0' } },
        'node_modules/a': { version: '1.0.0', integrity: `sha512-${SHA512_B64} sha1-${SHA1_B64}` },
        'node_modules/b': { version: '1.0.0', integrity: 'sha512-tooShort' },
        'node_modules/c': { version: '1.0.0', integrity: 5 },
      },
    };
    const result = npm.extract([{ path: 'package-lock.json', content: JSON.stringify(lock, null, 2) }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['a', [SHA512, { algorithm: 'sha1', value: SHA1_HEX }]],
      ['b', undefined],
      ['c', undefined],
    ]);
  });

  it('v1: SRI and the bare sha1 hex of the oldest lockfiles', () => {
    const lock = { lockfileVersion: 1, dependencies: { a: { version: '1.0.0', integrity: SHA1_HEX }, b: { version: '2.0.0', integrity: `sha512-${SHA512_B64}` } } };
    const result = npm.extract([{ path: 'npm-shrinkwrap.json', content: JSON.stringify(lock, null, 2) }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['a', [{ algorithm: 'sha1', value: SHA1_HEX }]],
      ['b', [SHA512]],
    ]);
  });
});

describe('pnpm resolution.integrity', () => {
  it('reads the digest of each package; a malformed one is left out', () => {
    const lock = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0

packages:

  a@1.0.0:
    resolution: {integrity: sha512-${SHA512_B64}}

  b@1.0.0:
    resolution: {integrity: sha512-broken}

snapshots:

  a@1.0.0:
    dependencies:
      b: 1.0.0

  b@1.0.0: {}
`;
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content: lock }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['a', [SHA512]],
      ['b', undefined],
    ]);
  });
});

describe('yarn', () => {
  it('classic: `integrity`, else the sha1 after the # of `resolved`', () => {
    const lock = `# yarn lockfile v1


a@^1.0.0:
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#${SHA1_HEX}"
  integrity sha512-${SHA512_B64}

b@^1.0.0:
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/b/-/b-1.0.0.tgz#${SHA1_HEX.toUpperCase()}"

c@^1.0.0:
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/c/-/c-1.0.0.tgz#notasha"
`;
    const result = yarn.extract([{ path: 'yarn.lock', content: lock }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['a', [SHA512]],
      ['b', [{ algorithm: 'sha1', value: SHA1_HEX }]],
      ['c', undefined],
    ]);
  });

  it("berry: `checksum` is the hash of yarn's cache zip, not of the package: no hashes", () => {
    const content = readFileSync(new URL('../fixtures/yarn/berry.lock', import.meta.url), 'utf8');
    const result = yarn.extract([{ path: 'yarn.lock', content }]);
    expect(content).toContain('checksum: 10c0/');
    expect(result.dependencies.length).toBeGreaterThan(0);
    expect(result.dependencies.filter((d) => d.hashes !== undefined)).toEqual([]);
  });
});

describe('bun integrity', () => {
  it("reads a registry entry's last element; a git entry's tag is no digest", () => {
    const lock = `{
  "lockfileVersion": 1,
  "workspaces": { "": { "name": "app", "dependencies": { "a": "^1", "g": "github:o/r" } } },
  "packages": {
    "a": ["a@1.0.0", "", { "dependencies": { "b": "^1" } }, "sha512-${SHA512_B64}"],
    "b": ["b@1.0.0", "", {}, "sha512-broken"],
    "g": ["g@github:o/r#abc", {}, "o-r-abc"],
  }
}
`;
    const result = bun.extract([{ path: 'bun.lock', content: lock }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['a', [SHA512]],
      ['b', undefined],
      ['g', undefined],
    ]);
  });
});

describe('composer dist.shasum', () => {
  it('reads a sha1 shasum; an empty or malformed one is left out', () => {
    const lock = {
      packages: [
        { name: 'v/a', version: '1.0.0', dist: { type: 'zip', url: 'https://x/a.zip', shasum: SHA1_HEX.toUpperCase() } },
        { name: 'v/b', version: '1.0.0', dist: { type: 'zip', url: 'https://x/b.zip', shasum: '' } },
        { name: 'v/c', version: '1.0.0', dist: { type: 'zip', url: 'https://x/c.zip', shasum: 12 } },
      ],
    };
    const result = composer.extract([{ path: 'composer.lock', content: JSON.stringify(lock, null, 4) }]);
    expect(result.problems).toEqual([]);
    expect(hashesOf(result.dependencies)).toEqual([
      ['v/a', [{ algorithm: 'sha1', value: SHA1_HEX }]],
      ['v/b', undefined],
      ['v/c', undefined],
    ]);
  });
});
