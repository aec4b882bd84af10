/**
 * The manifest TOML reader (Cargo.toml, pyproject.toml, Pipfile): smol-toml's parse as a value,
 * and the one position scan. Every expected line is counted by hand from the fixture text (the
 * line number stands in a comment before each fixture line).
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'smol-toml';
import { keyPath } from '../../../src/ecosystems/formats/json-lines.js';
import { readToml, tomlPositions, tomlProblem } from '../../../src/ecosystems/formats/toml.js';

const MANIFEST = [
  /*  1 */ `# a comment with "quotes", 'apostrophes' and = [not a table]`,
  /*  2 */ '[package]',
  /*  3 */ 'name = "demo" # a trailing "comment" [x]',
  /*  4 */ 'description = """',
  /*  5 */ 'not.a.key = "inside a basic string"',
  /*  6 */ '[not-a-header]',
  /*  7 */ '"""',
  /*  8 */ "notes = '''",
  /*  9 */ "also = 'inside a literal string' [text]",
  /* 10 */ "'''",
  /* 11 */ '',
  /* 12 */ '[dependencies]',
  /* 13 */ 'serde = { version = "1", features = ["derive"] }',
  /* 14 */ '"quoted.name" = "2"',
  /* 15 */ "'literal key' = \"3\"",
  /* 16 */ 'regex.version = "1.5"',
  /* 17 */ 'regex . "default-features" = false',
  /* 18 */ 'tokio = { version = "1",',
  /* 19 */ '  features = ["full"] }',
  /* 20 */ '',
  /* 21 */ "[target.'cfg(windows)'.dependencies]",
  /* 22 */ 'winapi = "0.3"',
  /* 23 */ '',
  /* 24 */ '[[bin]]',
  /* 25 */ 'name = "first"',
  /* 26 */ '[[ bin ]]',
  /* 27 */ 'name = "second"',
  /* 28 */ '',
  /* 29 */ '[project]',
  /* 30 */ 'dependencies = [',
  /* 31 */ '  "requests>=2", # a "quoted" comment [',
  /* 32 */ "  'click',",
  /* 33 */ '  "requests>=2",',
  /* 34 */ '  ["nested"],',
  /* 35 */ '  { name = "in-table" },',
  /* 36 */ ']',
  /* 37 */ 'optional = ["one", "two"]',
  /* 38 */ 'a.b.c = 1',
  /* 39 */ '',
];

describe('tomlPositions', () => {
  it.each([
    ['LF', MANIFEST.join('\n')],
    ['CRLF', MANIFEST.join('\r\n')],
  ])('gives the first line of each header, key, dotted-key prefix and array string item (%s line ends)', (_ends, text) => {
    expect(() => parse(text)).not.toThrow();
    const { keys, items } = tomlPositions(text);
    const key = (...path: string[]) => keys.get(keyPath(...path));
    const item = (...path: string[]) => items.get(keyPath(...path));

    expect([key('package'), key('package', 'name'), key('package', 'description'), key('package', 'notes')]).toEqual([2, 3, 4, 8]);
    // Nothing inside the multi-line strings is a key or a header.
    expect([key('package', 'not'), key('not-a-header'), key('package', 'also')]).toEqual([undefined, undefined, undefined]);

    expect([key('dependencies'), key('dependencies', 'serde'), key('dependencies', 'quoted.name'), key('dependencies', 'literal key')]).toEqual([12, 13, 14, 15]);
    // A dotted key gives each of its prefixes; the first line wins.
    expect([key('dependencies', 'regex'), key('dependencies', 'regex', 'version'), key('dependencies', 'regex', 'default-features')]).toEqual([16, 16, 17]);
    // Keys of inline tables, on one line or over two, are not recorded.
    expect([key('dependencies', 'tokio'), key('dependencies', 'serde', 'version'), key('dependencies', 'tokio', 'features'), key('features')]).toEqual([18, undefined, undefined, undefined]);

    expect([key('target', 'cfg(windows)', 'dependencies'), key('target', 'cfg(windows)', 'dependencies', 'winapi'), key('target')]).toEqual([21, 22, undefined]);
    // `[[bin]]` twice: its first header and its first `name`.
    expect([key('bin'), key('bin', 'name')]).toEqual([24, 25]);
    expect([key('project'), key('project', 'dependencies'), key('project', 'optional')]).toEqual([29, 30, 37]);
    expect([key('project', 'a'), key('project', 'a', 'b'), key('project', 'a', 'b', 'c')]).toEqual([38, 38, 38]);

    // String items of an array value, over lines and on one; the first line wins; nested ones are not items.
    expect([item('project', 'dependencies', 'requests>=2'), item('project', 'dependencies', 'click')]).toEqual([31, 32]);
    expect([item('project', 'optional', 'one'), item('project', 'optional', 'two')]).toEqual([37, 37]);
    expect([item('project', 'dependencies', 'nested'), item('project', 'dependencies', 'in-table'), item('dependencies', 'serde', 'features', 'derive')]).toEqual([undefined, undefined, undefined]);
    expect(items.size).toBe(4);
  });

  it('follows multi-line basic strings past escaped quotes, extra closing quotes and line-ending backslashes', () => {
    const text = [
      /* 1 */ 'a = """ an escaped \\""" is no delimiter',
      /* 2 */ 'b = 1 [ """',
      /* 3 */ 'c = "after"',
      /* 4 */ 'd = """two quotes of its own at the end"""""',
      /* 5 */ 'e = 2',
      /* 6 */ 'f = """\\',
      /* 7 */ '  g = ["x"] \\',
      /* 8 */ '  """',
      /* 9 */ "h = '''a literal \\''' ",
      /* 10 */ 'i = 3',
      '',
    ].join('\n');
    expect(parse(text)).toMatchObject({ a: ' an escaped """ is no delimiter\nb = 1 [ ', d: 'two quotes of its own at the end""', f: 'g = ["x"] ', h: 'a literal \\' });
    const { keys } = tomlPositions(text);
    expect(Object.fromEntries(keys)).toEqual({ a: 1, c: 3, d: 4, e: 5, f: 6, h: 9, i: 10 });
  });

  it('reads past values it does not look into: dates with a space, floats, empty and nested containers', () => {
    const text = [
      /* 1 */ 'when = 1979-05-27 07:32:00Z # a date-time',
      /* 2 */ 'ratio = 0.5',
      /* 3 */ 'grid = [[1, 2], [], [{}, { x = [ "deep" ] }]]',
      /* 4 */ 'list = [',
      /* 5 */ '  1979-05-27 07:32:00Z, inf, "item",',
      /* 6 */ ']',
      /* 7 */ 'last = true',
      '',
    ].join('\n');
    expect(() => parse(text)).not.toThrow();
    const { keys, items } = tomlPositions(text);
    expect(Object.fromEntries(keys)).toEqual({ when: 1, ratio: 2, grid: 3, list: 4, last: 7 });
    expect(Object.fromEntries(items)).toEqual({ [keyPath('list', 'item')]: 5 });
  });

  it('reads inline tables over lines with comments and a trailing comma (TOML 1.1, as smol-toml does)', () => {
    const text = ['[dependencies]', 'a = {', '  version = "1", # a "comment"', '  features = ["x"],', '}', 'b = "2"', ''].join('\n');
    expect(() => parse(text)).not.toThrow();
    expect(Object.fromEntries(tomlPositions(text).keys)).toEqual({ dependencies: 1, [keyPath('dependencies', 'a')]: 2, [keyPath('dependencies', 'b')]: 6 });
  });

  it('keeps keys the lockfile reader leaves to smol-toml, such as __proto__, as plain keys', () => {
    const { keys } = tomlPositions('[dependencies]\n__proto__ = "1"\n"constructor" = "2"\n');
    expect([keys.get(keyPath('dependencies', '__proto__')), keys.get(keyPath('dependencies', 'constructor'))]).toEqual([2, 3]);
  });

  it('records key paths of at most six segments, so a hostile dotted key costs no more than a short one', () => {
    const text = '[a.b.c.d.e]\nf.g.h = 1\n[a.b.c.d.e.f.g]\ni = 1\n' + `[x]\n${'y.'.repeat(100_000)}z = ["item"]\n`;
    const { keys, items } = tomlPositions(text);
    expect([keys.get(keyPath('a', 'b', 'c', 'd', 'e')), keys.get(keyPath('a', 'b', 'c', 'd', 'e', 'f')), keys.get(keyPath('a', 'b', 'c', 'd', 'e', 'f', 'g'))]).toEqual([1, 2, undefined]);
    expect(keys.get(keyPath('a', 'b', 'c', 'd', 'e', 'f', 'g', 'i'))).toBeUndefined();
    expect(keys.get(keyPath('x', 'y', 'y', 'y', 'y', 'y'))).toBe(6);
    expect([...keys.keys()].filter((key) => key.startsWith('x'))).toHaveLength(6);
    expect(items.size).toBe(0);
  });

  it('stops at text it does not read (a TOML 1.1 \\e escape): later keys get no line rather than a wrong one', () => {
    const text = 'a = 1\nb = "\\e[0m"\nc = 2\n';
    expect(() => parse(text)).not.toThrow();
    expect(Object.fromEntries(tomlPositions(text).keys)).toEqual({ a: 1, b: 2 });
  });
});

describe('readToml', () => {
  it('gives the parsed document', () => {
    expect(readToml('Pipfile', '[packages]\nrequests = "*"\n')).toEqual({ ok: true, value: { packages: { requests: '*' } } });
  });

  it('turns a syntax error into a problem at its line, with the first line of the message', () => {
    const read = readToml('pyproject.toml', '[project]\nname = \n');
    expect(read).toEqual({ ok: false, problem: { path: 'pyproject.toml', line: 2, column: expect.any(Number), message: expect.stringMatching(/^Invalid TOML document: [^\n]+$/) } });
  });

  it('words a failure that is no syntax error as invalid TOML, without a position', () => {
    expect(tomlProblem('Cargo.toml', { kind: 'failure', message: 'too deep' })).toEqual({ path: 'Cargo.toml', message: 'invalid TOML: too deep' });
  });
});
