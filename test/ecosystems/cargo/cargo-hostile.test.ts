import { describe, expect, it } from '@jest/globals';
import { cargo } from '../../../src/ecosystems/cargo/index.js';

const registry = 'registry+https://github.com/rust-lang/crates.io-index';
const serde = `[[package]]\nname = "serde"\nversion = "1.0.0"\nsource = "${registry}"\n`;
/** version = 3, a blank line, serde on lines 3-6, a blank line: the second package's header is line 8. */
const lockfile = (second: string) => `version = 3\n\n${serde}\n[[package]]\n${second}`;

describe('Cargo.lock and Cargo.toml: hostile and malformed input', () => {
  it.each([
    ['a number as its version', `name = "bad"\nversion = 5\nsource = "${registry}"\n`, '[[package]] "bad": "version" is a number, expected a string'],
    // Read as "no source", the package would pass as this workspace's own crate and vanish.
    ['a number as its source', 'name = "bad"\nversion = "1.0.0"\nsource = 5\n', '[[package]] "bad": "source" is a number, expected a string'],
    ['a string as its dependencies', `name = "bad"\nversion = "1.0.0"\nsource = "${registry}"\ndependencies = "serde"\n`, '[[package]] "bad": "dependencies" is a string, expected a list'],
  ])('reports a package with %s at its header and still reads the others', (_name, second, message) => {
    const result = cargo.extract([{ path: 'Cargo.lock', content: lockfile(second) }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['serde@1.0.0 3']);
    expect(result.problems).toEqual([{ path: 'Cargo.lock', line: 8, message, kind: 'invalid-entry' }]);
  });

  it('reports invalid TOML in what it does not keep (a checksum) at its line and column', () => {
    const result = cargo.extract([{ path: 'Cargo.lock', content: lockfile(`name = "b"\nversion = "2.0.0"\nchecksum = "ab"\nchecksum = "cd"\n`) }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([
      { path: 'Cargo.lock', line: 12, column: 1, message: 'invalid TOML: Invalid TOML document: trying to redefine an already defined table or value' },
    ]);
  });

  it('reads a lockfile with TOML outside the lockfile subset (a multi-line string) the same, header lines included', () => {
    const odd = lockfile(`name = "b"\nversion = "2.0.0"\nsource = "${registry}"\n\n[metadata]\nnote = """\nwritten by hand\n"""\n`);
    const result = cargo.extract([{ path: 'Cargo.lock', content: odd }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.line}`)).toEqual(['serde@1.0.0 3', 'b@2.0.0 8']);
  });

  it('resolves references by name, by name and version, and by source; reports the unknown at its package', () => {
    const root = `[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [" serde ", "b 2.0.0", "b 1.0.0 (${registry})", "b 9.9.9"]\n`;
    const b = (version: string) => `[[package]]\nname = "b"\nversion = "${version}"\nsource = "${registry}"\n`;
    const result = cargo.extract([{ path: 'Cargo.lock', content: `version = 3\n\n${serde}\n${b('1.0.0')}\n${b('2.0.0')}\n${root}` }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.direct}`)).toEqual(['serde@1.0.0 true', 'b@1.0.0 true', 'b@2.0.0 true']);
    expect(result.problems).toEqual([{ path: 'Cargo.lock', line: 18, message: 'dependency "b 9.9.9" of "app" matches no [[package]] entry', kind: 'invalid-entry' }]);
  });

  it('skips a leading byte order mark', () => {
    const result = cargo.extract([{ path: 'Cargo.lock', content: `\ufeff${lockfile(`name = "b"\nversion = "2.0.0"\nsource = "${registry}"\n`)}` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['serde', 'b']);
  });

  it('reports Cargo.toml declarations and tables of the wrong shape, and names that are no crate, instead of throwing', () => {
    const content = '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1.0"\nbad = 5\nworse = ["x"]\nodd = { version = 1 }\n"" = "1.0"\n\n[target]\nlinux = 3\n';
    const result = cargo.extract([{ path: 'Cargo.toml', content }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['serde']);
    expect(result.problems).toEqual([
      { path: 'Cargo.toml', line: 7, message: 'bad in [dependencies]: is a number, expected a version string or a table', kind: 'invalid-entry' },
      { path: 'Cargo.toml', line: 8, message: 'worse in [dependencies]: is a list, expected a version string or a table', kind: 'invalid-entry' },
      { path: 'Cargo.toml', line: 9, message: 'odd in [dependencies]: "version" is a number, expected a string', kind: 'invalid-entry' },
      { path: 'Cargo.toml', line: 13, message: '[target.linux] is a number, expected a table', kind: 'invalid-entry' },
      { path: 'Cargo.toml', line: 10, message: '"" is not a crate name', kind: 'invalid-entry' },
    ]);
  });

  it('reports [dependencies] that is not a table', () => {
    const result = cargo.extract([{ path: 'Cargo.toml', content: 'dependencies = ["serde"]\n[package]\nname = "x"\n' }]);
    expect(result.problems).toEqual([{ path: 'Cargo.toml', line: 1, message: '[dependencies] is a list, expected a table', kind: 'invalid-entry' }]);
  });

  it('keeps __proto__ and constructor as crate names', () => {
    const result = cargo.extract([{ path: 'Cargo.toml', content: '[package]\nname = "x"\n\n[dependencies]\n__proto__ = "1.0"\nconstructor = "2.0"\n' }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name} ${d.requirement} ${d.line}`)).toEqual(['__proto__ 1.0 5', 'constructor 2.0 6']);
  });
});
