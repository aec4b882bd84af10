/**
 * The shared JSON reader (npm, composer, NuGet, Pipfile.lock, package.json): a BOM is no error,
 * every syntax error has a line, keys are data, and the line scans never throw.
 */
import { describe, expect, it } from '@jest/globals';
import { npmV1, npmV3 } from '../../../bench/generate/js.js';
import { nugetLock } from '../../../bench/generate/jvm-dotnet.js';
import { composerLock } from '../../../bench/generate/others.js';
import { pipfileLock } from '../../../bench/generate/python.js';
import { LineCounter } from '../../../src/deps/lines.js';
import { jsonKeyLines, jsonKeyTree, jsonSectionEntryLines, keyLineAt, keyPath, KEY_PATH_SEPARATOR, parseJson, sectionKeyLine, type KeyLine } from '../../../src/ecosystems/formats/json-lines.js';
import { seededRandom } from '../../helpers/random.js';

describe('parseJson', () => {
  it('skips a leading byte order mark', () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('gives a line and column for the errors V8 words without a position, and drops its excerpt of the file', () => {
    // V8: `Unexpected token 'x', "\n\n[1, x]" is not valid JSON`. The x is line 3, column 5.
    expect(parseJson('\n\n[1, x]')).toEqual({ ok: false, message: "invalid JSON: Unexpected token 'x'", line: 3, column: 5 });
    // V8: `Unexpected end of JSON input`: where the text ends, line 2 column 7.
    expect(parseJson('{\n  "a":')).toEqual({ ok: false, message: 'invalid JSON: Unexpected end of JSON input', line: 2, column: 7 });
  });

  it('keeps a "__proto__" key as an own key, never the prototype', () => {
    const parsed = parseJson<Record<string, unknown>>('{"__proto__": {"polluted": true}, "constructor": 1}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.keys(parsed.value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
  });
});

describe('line scans', () => {
  it('a key the scan picks up that is no valid JSON string stays as written instead of throwing', () => {
    // Not JSON (the scans look at lines, and run beside the parse, not after it): `\x` is no escape.
    const text = '{\n  "a\\x": {\n    "b": 1\n  }\n}';
    expect(jsonKeyLines(text, 'any').get(keyPath('a\\x', 'b'))).toBe(3);
    expect(jsonSectionEntryLines('{\n  "packages": {\n    "a\\x": {}\n  }\n}', 'packages').get('a\\x')).toBe(3);
  });

  it('a BOM changes no line', () => {
    expect(jsonSectionEntryLines('\uFEFF{\n  "packages": {\n    "left-pad": {}\n  }\n}', 'packages').get('left-pad')).toBe(3);
  });
});

describe('jsonKeyLines', () => {
  // Lines counted by hand: 1 `{`, 2 `"a": {`, 3 `"b": [`, 4 `"c": {`, 5 `"d": 1`, 6 `}`, 7 `]`, 8 `"e": "x"`, 9 `}`, 10 `"f": {}`.
  const text = ['{', '  "a": {', '    "b": [', '      "c": {', '        "d": 1', '      }', '    ],', '    "e": "x"', '  },', '  "f": {}', '}'].join('\n');

  it('records the keys whose value is an object or array by their path, or every key with "any"', () => {
    expect([...jsonKeyLines(text)]).toEqual([
      ['a', 2],
      [keyPath('a', 'b'), 3],
      [keyPath('a', 'b', 'c'), 4],
      ['f', 10],
    ]);
    expect(jsonKeyLines(text, 'any').get(keyPath('a', 'b', 'c', 'd'))).toBe(5);
    expect(jsonKeyLines(text, 'any').get(keyPath('a', 'e'))).toBe(8);
  });

  it('stops at maxDepth keys: the levels above are the same as without it', () => {
    expect([...jsonKeyLines(text, 'container', 1)]).toEqual([
      ['a', 2],
      ['f', 10],
    ]);
    expect([...jsonKeyLines(text, 'any', 2)]).toEqual([
      ['a', 2],
      [keyPath('a', 'b'), 3],
      [keyPath('a', 'e'), 8],
      ['f', 10],
    ]);
  });

  it('at maxDepth, a line indented deeper is skipped whether spaces or tabs indent it', () => {
    // "a" is at indent 2: lines indented 3 or more are inside it, "\t\t" (2) is a sibling again.
    const mixed = '{\n  "a": {\n   "deep": {},\n\t   "tabbed": {},\n\t\t"b": {},\n \t"c": {}\n  }\n}';
    expect([...jsonKeyLines(mixed, 'container', 1)]).toEqual([
      ['a', 2],
      ['b', 5],
      ['c', 6],
    ]);
    expect([...jsonKeyLines(mixed, 'container', 2)]).toEqual([
      ['a', 2],
      // "tabbed" (indent 4) sits inside "deep" (3): three keys deep.
      [keyPath('a', 'deep'), 3],
      ['b', 5],
      ['c', 6],
    ]);
  });

  it('keeps the first line of a repeated path, reads escaped keys and tab indents', () => {
    const repeated = '{\n\t"a\\"b": {\n\t\t"x": []\n\t},\n\t"a\\"b": {\n\t\t"y": []\n\t}\n}';
    expect([...jsonKeyLines(repeated)]).toEqual([
      ['a"b', 2],
      [keyPath('a"b', 'x'), 3],
      [keyPath('a"b', 'y'), 6],
    ]);
  });

  it('ends a key at the end of its line, escaped or not', () => {
    // `"a\` then a line break: no key on line 2; line 3 `": {}` opens a quote it never closes.
    expect(jsonKeyLines('{\n  "a\\\n": {}\n}').size).toBe(0);
    expect(jsonKeyLines('{\n  "a\n": {}\n}').size).toBe(0);
  });

  it('counts a lone carriage return or a line separator as a line start, as the pattern does, without changing line numbers', () => {
    // `^` starts a line after `\r` and U+2028 too; lines are counted by `\n` only.
    expect([...jsonKeyLines('{"a": {},\r"b": {},\u2028"c": {}\n"d": {}}')]).toEqual([
      ['b', 1],
      ['c', 1],
      ['d', 2],
    ]);
  });
});

/**
 * jsonKeyLines as it was before the line scan: a regex over every line, every key path joined
 * from a stack. The reference the scan must agree with (paths deeper than `maxDepth` dropped).
 */
function referenceKeyLines(text: string, valueStart: 'container' | 'any', maxDepth: number): Map<string, number> {
  const pattern = valueStart === 'container' ? /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*[{[]/gm : /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:/gm;
  const unescape = (raw: string) => {
    try {
      return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    } catch {
      return raw;
    }
  };
  const lines = new Map<string, number>();
  const counter = new LineCounter(text);
  const stack: { indent: number; key: string }[] = [];
  for (const match of text.matchAll(pattern)) {
    const indent = (match[1] ?? '').length;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, key: unescape(match[2] ?? '') });
    const path = stack.map((entry) => entry.key).join(KEY_PATH_SEPARATOR);
    if (stack.length <= maxDepth && !lines.has(path)) lines.set(path, counter.lineOf(match.index ?? 0));
  }
  return lines;
}

/** A tree of jsonKeyTree as the paths and lines of jsonKeyLines, sorted by path (a repeated key's later children come after its siblings in the map). */
function treePaths(tree: ReadonlyMap<string, KeyLine>, prefix?: string): [string, number][] {
  return [...tree].flatMap(([key, node]) => {
    const path = prefix === undefined ? key : `${prefix}${KEY_PATH_SEPARATOR}${key}`;
    return [[path, node.line] as [string, number], ...(node.inside ? treePaths(node.inside, path) : [])];
  });
}

const byPath = (lines: [string, number][]) => [...lines].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe('jsonKeyTree', () => {
  it('gives the key lines level by level', () => {
    const text = ['{', '  "default": {', '    "a": {', '      "hashes": []', '    },', '    "b": {}', '  }', '}'].join('\n');
    const tree = jsonKeyTree(text, 'container', 2);
    expect(keyLineAt(tree, 'default')?.line).toBe(2);
    expect(keyLineAt(tree, 'default', 'a')).toEqual({ line: 3, inside: undefined });
    expect(keyLineAt(tree, 'default', 'b')?.line).toBe(6);
    expect(keyLineAt(tree, 'default', 'c')).toBeUndefined();
    expect(keyLineAt(jsonKeyTree(text), 'default', 'a', 'hashes')?.line).toBe(4);
  });
});

describe('jsonKeyLines and jsonKeyTree against the pattern they replace', () => {
  const next = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const keys = ['a', 'b', 'dependencies', 'node_modules/x', 'a"b', 'a\\b', 'é', '', ' ', 'x:y', '{', 'k\\u0041'];
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? 0 : Math.floor(next() * 4);
    if (kind === 0) return pick([1, 'text', 'a"quote', true, null, 'back\\slash']);
    if (kind === 1) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(keys), value(depth + 1)]));
  };
  const pieces = ['"', '\\', ':', '{', '[', '}', ']', ' ', '\t', '\n', '\r\n', '\r', '\u2028', 'x', ',', '  "k": {'];
  const depths = [1, 2, 3, Number.POSITIVE_INFINITY];
  const all = (text: string) =>
    (['container', 'any'] as const).flatMap((valueStart) =>
      depths.flatMap((depth) => [[...jsonKeyLines(text, valueStart, depth)], byPath(treePaths(jsonKeyTree(text, valueStart, depth)))]),
    );
  const reference = (text: string) =>
    (['container', 'any'] as const).flatMap((valueStart) =>
      depths.flatMap((depth) => {
        const lines = [...referenceKeyLines(text, valueStart, depth)];
        return [lines, byPath(lines)];
      }),
    );

  it('agrees on pretty-printed documents and on every mutant of them', () => {
    const disagreements: string[] = [];
    for (let round = 0; round < 1500; round++) {
      let text = JSON.stringify({ top: value(0), other: value(1) }, null, pick([2, 4, '\t']));
      if (round % 3 === 0) text = text.replaceAll('\n', '\r\n');
      for (let edits = round % 2 === 0 ? 0 : 1 + Math.floor(next() * 4); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        text = text.slice(0, at) + (next() < 0.7 ? pick(pieces) : '') + text.slice(at + Math.floor(next() * 3));
      }
      if (JSON.stringify(all(text)) !== JSON.stringify(reference(text))) disagreements.push(JSON.stringify(text));
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['package-lock.json v1', () => npmV1(300_000, 3)],
    ['package-lock.json v3', () => npmV3(300_000, 3)],
    ['Pipfile.lock', () => pipfileLock(300_000, 3)],
    ['packages.lock.json', () => nugetLock(300_000, 3)],
    ['composer.lock', () => composerLock(300_000, 3)],
  ])('agrees on a generated %s', (_name, generate) => {
    const content = generate().find((file) => file.path.endsWith('.json') || file.path.endsWith('.lock'))?.content ?? '';
    expect(content.length).toBeGreaterThan(100_000);
    expect(all(content)).toEqual(reference(content));
  });
});

describe('sectionKeyLine against the multiline regex it replaces', () => {
  const regexHeader = (text: string, section: string, open: '{' | '[') => {
    const match = new RegExp(`^([ \\t]+)"${section}"[ \\t]*:[ \\t]*\\${open}`, 'm').exec(text);
    return match ? { start: match.index, indent: match[1] } : undefined;
  };

  it('finds the first indented key line that opens the section, on any line break', () => {
    // Line 1 has the key unindented, line 2 with a number; line 3 opens a list, line 4 a map.
    const text = '"packages": {\n  "packages": 1,\r\n\t "packages" :\t[\n  "packages": {';
    expect(sectionKeyLine(text, 'packages', '[')).toEqual({ start: 32, indent: '\t ' });
    expect(sectionKeyLine(text, 'packages', '{')).toEqual({ start: 49, indent: '  ' });
    expect(sectionKeyLine('{\u2028 "a": {}', 'a', '{')).toEqual({ start: 2, indent: ' ' });
    expect(sectionKeyLine('{ "a": {}', 'a', '{')).toBeUndefined();
  });

  it('agrees with it on mutants of lockfile tops', () => {
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['"packages"', '"packages-dev"', ' ', '\t', '\n', '\r', '\u2028', ':', '[', '{', 'x', '"'];
    const base = '{\n    "_readme": [\n        "x"\n    ],\n    "packages": [\n        {\n            "name": "a/b"\n        }\n    ],\n    "packages-dev": [],\n    "packages": {}\n}';
    const disagreements: string[] = [];
    for (let round = 0; round < 3000; round++) {
      let text = base;
      for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        text = text.slice(0, at) + (next() < 0.7 ? pieces[Math.floor(next() * pieces.length)] : '') + text.slice(at + Math.floor(next() * 3));
      }
      for (const section of ['packages', 'packages-dev'])
        for (const open of ['{', '['] as const)
          if (JSON.stringify(sectionKeyLine(text, section, open)) !== JSON.stringify(regexHeader(text, section, open))) disagreements.push(JSON.stringify([text, section, open]));
    }
    expect(disagreements).toEqual([]);
  });
});
