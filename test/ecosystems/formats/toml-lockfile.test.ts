import { describe, expect, it } from '@jest/globals';
import { parse, TomlError } from 'smol-toml';
import { cargoLock } from '../../../bench/generate/others.js';
import { poetryLock, uvLock } from '../../../bench/generate/python.js';
import { readTomlLockfile, readTomlLockPackages, type TomlLockfileRead } from '../../../src/ecosystems/formats/toml-lockfile.js';
import { seededRandom } from '../../helpers/random.js';

/** What smol-toml makes of a text: the document, or the error's position. */
function smol(text: string): { ok: true; root: unknown } | { ok: false; line?: number; column?: number } {
  try {
    return { ok: true, root: parse(text) };
  } catch (error) {
    return error instanceof TomlError ? { ok: false, line: error.line, column: error.column } : { ok: false };
  }
}

/** The reader's outcome in smol()'s terms. */
function outcome(read: TomlLockfileRead) {
  return read.ok ? { ok: true, root: read.lockfile.root } : { ok: false, line: read.error.line, column: read.error.column };
}

const LOCK = [
  '# generated',
  'version = 4',
  '',
  '[[package]]',
  'name = "a"',
  'version = "1.0.0"',
  'checksum = "abc"',
  'dependencies = [',
  ' "b", # a comment',
  ' "c 2.0.0 (registry+https://example.com)",',
  ']',
  '',
  '[[package]] # trailing comment',
  "name = 'b'",
  'version = "2.0.0"',
  'source = { registry = "https://pypi.org/simple", "quoted key" = "x" }',
  'wheels = [{ url = "u1", size = 12 }, { url = "u2", size = -3 }]',
  '',
  '[package.optional-dependencies]',
  'socks = [{ name = "pysocks" }]',
  '',
  '[package.metadata]',
  'requires-dist = []',
  'flags.yanked = false',
  'flags.tags = ["x\\u00e9\\"y", "tab\\there"]',
  '',
  '[metadata]',
  '"checksum a 1.0.0" = "0"',
  '',
].join('\n');

describe('readTomlLockfile: the lockfile subset', () => {
  it('reads what smol-toml reads, with the line of each top-level [[header]], by itself', () => {
    const read = readTomlLockfile(LOCK);
    expect(read.ok && read.lockfile.readBySmolToml).toBeUndefined();
    expect(outcome(read)).toStrictEqual(smol(LOCK));
    expect(read.ok && read.lockfile.arrayTableLines('package')).toEqual([4, 13]);
    expect(read.ok && read.lockfile.arrayTableLines('metadata')).toEqual([]);
  });

  it('counts CRLF line ends and skips a byte order mark', () => {
    const text = `\ufeff${LOCK.replace(/\n/g, '\r\n')}`;
    const read = readTomlLockfile(text);
    expect(read.ok && read.lockfile.readBySmolToml).toBeUndefined();
    expect(outcome(read)).toStrictEqual(smol(text));
    expect(read.ok && read.lockfile.arrayTableLines('package')).toEqual([4, 13]);
  });

  it('gives tables that inherit no keys: constructor and toString are data', () => {
    const text = '[[package]]\nconstructor = "c"\n\n[package.toString]\nvalueOf = 1\n';
    const read = readTomlLockfile(text);
    if (!read.ok) throw new Error('not read');
    expect(read.lockfile.readBySmolToml).toBeUndefined();
    expect(outcome(read)).toStrictEqual(smol(text));
    const [entry] = read.lockfile.root.package as Record<string, unknown>[];
    expect('hasOwnProperty' in read.lockfile.root).toBe(false);
    expect(entry?.constructor).toBe('c');
    expect('valueOf' in (entry ?? {}) || 'isPrototypeOf' in (entry?.toString as object)).toBe(false);
  });

  it('builds only the kept keys, the others present as undefined', () => {
    const read = readTomlLockfile(LOCK, { version: true, metadata: {}, package: { name: true, source: true, metadata: { flags: { tags: true } } } });
    if (!read.ok) throw new Error('not read');
    const [a, b] = read.lockfile.root.package as Record<string, unknown>[];
    expect(read.lockfile.root.version).toBe(4);
    expect(Object.keys(read.lockfile.root.metadata as object)).toEqual(['checksum a 1.0.0']);
    expect((read.lockfile.root.metadata as Record<string, unknown>)['checksum a 1.0.0']).toBeUndefined();
    expect({ ...a }).toEqual({ name: 'a', version: undefined, checksum: undefined, dependencies: undefined });
    expect(b?.source).toStrictEqual((smol(LOCK) as { root: { package: { source: unknown }[] } }).root.package[1]?.source);
    expect(b?.wheels).toBeUndefined();
    expect({ ...(b?.metadata as object) }).toEqual({ 'requires-dist': undefined, flags: expect.anything() });
    expect({ ...((b?.metadata as Record<string, object>).flags as object) }).toEqual({ yanked: undefined, tags: ['x\u00e9"y', 'tab\there'] });
  });

  it.each([
    ['a multi-line string', 'description = """\nmany\n[[package]]\nlines"""\n'],
    ['a literal multi-line string', "description = '''\none'''\n"],
    ['a date', 'date = 1979-05-27T07:32:00Z\n'],
    ['a float', 'ratio = 0.5\n'],
    ['a hex integer', 'n = 0xff\n'],
    ['an integer with underscores', 'n = 1_000\n'],
    ['a signed integer', 'n = +5\n'],
    ['minus zero', 'n = -0\n'],
    ['an inline table over lines (TOML 1.1)', 't = {\n a = 1,\n}\n'],
    ['a trailing comma in an inline table (TOML 1.1)', 't = { a = 1, }\n'],
    ['a dotted key in an inline table', 't = { a.b = 1, a.c = 2 }\n'],
    ['the \\e escape (TOML 1.1)', 'e = "\\e"\n'],
    ['a __proto__ key', '"__proto__" = 1\n'],
    ['deep nesting', `n = ${'['.repeat(80)}${']'.repeat(80)}\n`],
  ])('hands %s to smol-toml, and gets its reading and the header lines', (_name, extra) => {
    const text = `[[package]]\nname = "a"\n${extra}\n[[package]]\nname = "b"\n`;
    const read = readTomlLockfile(text);
    expect(read.ok && read.lockfile.readBySmolToml).toEqual(expect.any(String));
    expect(outcome(read)).toStrictEqual(smol(text));
    const lines = read.ok ? read.lockfile.arrayTableLines('package') : [];
    expect(lines[0]).toBe(1);
  });

  it.each([
    ['an unterminated string', 'name = "a\n'],
    ['a duplicate key', 'name = "a"\nname = "b"\n'],
    ['a duplicate key in an inline table', 'source = { a = 1, a = 2 }\n'],
    ['a duplicate key in a skipped inline table', 'wheels = [{ a = 1, a = 2 }]\n'],
    ['a missing value', 'name =\n'],
    ['two statements on a line', 'name = "a" version = "1"\n'],
    ['a control character in a string', 'name = "a\u0001"\n'],
    ['a control character in a comment', '# \u0007\n'],
    ['a lone carriage return', 'name = "a"\rversion = "1"\n'],
    ['an unknown escape', 'name = "\\q"\n'],
    ['a surrogate escape', 'name = "\\uD800"\n'],
    ['a leading zero', 'n = 01\n'],
    ['an integer too big for a double', 'n = 123456789012345678901\n'],
    ['an unclosed array', 'dependencies = [\n "a",\n'],
    ['two array items without a comma', 'dependencies = ["a" "b"]\n'],
    ['an empty array item', 'dependencies = [,]\n'],
    ['[package] after [[package]]', '[package]\n'],
    ['[[metadata]] after [metadata]', '[metadata]\n[[metadata]]\n'],
    ['a table defined twice', '[package.extras]\n[package.extras]\n'],
    ['a header into an inline table', 'source = { a = 1 }\n[package.source.x]\n'],
    ['a dotted key into a header table', '[package.x.y]\n[package.x]\ny.z = 1\n'],
    ['a header over a dotted table', 'x.y = 1\n[package.x]\n'],
    ['a bad key character', 'na!me = "a"\n'],
    ['an empty header', '[]\n'],
    ['text after a header', '[package.x] y = 1\n'],
  ])('reports %s as smol-toml does (its line and column)', (_name, bad) => {
    const text = `version = 1\n\n[[package]]\n${bad}`;
    const reference = smol(text);
    expect(reference.ok).toBe(false);
    const read = readTomlLockfile(text);
    expect(read.ok).toBe(false);
    expect(outcome(read)).toStrictEqual(reference);
    expect(read.ok ? undefined : read.error).toMatchObject({ kind: 'syntax', message: expect.stringContaining('Invalid TOML document') });
  });

  it('checks the keys of a wide skipped inline table in linear time', () => {
    const keys = Array.from({ length: 30_000 }, (_, index) => `k${index} = 1`);
    const wide = `[[package]]\nname = "a"\nwheels = [{ ${keys.join(', ')} }]\n`;
    const started = Date.now();
    const read = readTomlLockfile(wide, { package: { name: true } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(read.ok && read.lockfile.readBySmolToml).toBeUndefined();
    const duplicate = wide.replace(' }]', ', k29000 = 2 }]');
    expect(outcome(readTomlLockfile(duplicate, { package: { name: true } }))).toStrictEqual(smol(duplicate));
    expect(smol(duplicate).ok).toBe(false);
  });

  it('reads valid table forms the way smol-toml does', () => {
    const text = [
      '[a.b.c]', 'x = 1', '[a]', 'y = 2', // a made on the way to [a.b.c], then defined
      '[d]', 'e.f = 1', 'e.g = "two"', '[d.e.h]', 'z = 3', // a table under a dotted-key table
      '[[t.list]]', 'n = 1', '[t.list.sub]', 'm = 1', '[[t.list]]', 'n = 2', '[t]', 'k = 0',
      '["quoted . key".\'lit\']', '"" = "empty key"', 'empty = {}', 'nested = [[1, 2], ["a"], [{ b = true }]]',
    ].join('\n');
    const read = readTomlLockfile(text);
    expect(read.ok && read.lockfile.readBySmolToml).toBeUndefined();
    expect(outcome(read)).toStrictEqual(smol(text));
  });
});

describe('readTomlLockfile against smol-toml on mangled lockfiles', () => {
  const pieces = ['[', ']', '[[', ']]', '{', '}', '"', "'", '=', ',', '.', '#', '\n', '\r', ' ', '\\', 'a', '1', '-', 'true', '\\u0041', '"""'];

  it('agrees on every mutant: the same document, or an error at the same place', () => {
    const next = seededRandom(12);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    let disagreements: string[] = [];
    for (let round = 0; round < 3000; round++) {
      let text = LOCK;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const cut = next() < 0.5 ? Math.floor(next() * 4) : 0;
        text = text.slice(0, at) + (next() < 0.7 ? pick(pieces) : '') + text.slice(at + cut);
      }
      const mine = outcome(readTomlLockfile(text));
      const theirs = smol(text);
      try {
        expect(mine).toStrictEqual(theirs);
      } catch {
        disagreements = [...disagreements, JSON.stringify(text)];
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('readTomlLockfile on the generated benchmark lockfiles', () => {
  it.each([
    ['Cargo.lock', cargoLock],
    ['poetry.lock', poetryLock],
    ['uv.lock', uvLock],
  ])('reads a generated %s by itself, as smol-toml does', (path, generate) => {
    const content = generate(200_000, 12).find((file) => file.path === path)?.content ?? '';
    const read = readTomlLockfile(content);
    expect(read.ok && read.lockfile.readBySmolToml).toBeUndefined();
    expect(outcome(read)).toStrictEqual(smol(content));
  });
});

describe('readTomlLockPackages', () => {
  it('gives the [[package]] tables and their lines', () => {
    const read = readTomlLockPackages('uv.lock', LOCK, true);
    expect(read.ok && read.entries.length).toBe(2);
    expect(read.ok && read.headerLines).toEqual([4, 13]);
  });

  it('gives no lines for an inline package list', () => {
    const read = readTomlLockPackages('uv.lock', 'package = [{ name = "a" }]\n', true);
    expect(read.ok && read.entries).toHaveLength(1);
    expect(read.ok && read.headerLines).toEqual([]);
  });

  it('reports a package key that is not a list, and a syntax error with its position', () => {
    expect(readTomlLockPackages('uv.lock', 'package = "x"\n', true)).toEqual({
      ok: false,
      problem: { path: 'uv.lock', message: '`package` is a string, expected an array of tables ([[package]])' },
    });
    expect(readTomlLockPackages('uv.lock', 'a = 1\nb = \n', true)).toEqual({
      ok: false,
      problem: { path: 'uv.lock', line: 2, column: 5, message: 'Invalid TOML document: invalid value' },
    });
  });
});
