/**
 * The plain-YAML entry reader against js-yaml (failsafe), the parser it stands in for: what it
 * reads must be what js-yaml reads, and what it does not plainly understand it must leave to
 * js-yaml (undefined), never read differently.
 */
import { describe, expect, it } from '@jest/globals';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { readPlainYamlEntry } from '../../../src/ecosystems/formats/yaml.js';

const library = (text: string): [string, unknown] => {
  const value = load(text, { schema: FAILSAFE_SCHEMA }) as Record<string, unknown>;
  const key = Object.keys(value)[0] as string;
  return [key, value[key]];
};

describe('readPlainYamlEntry', () => {
  const read = [
    "  '@scope/a@1.0.0':\n    resolution: {integrity: sha512-x+/==, tarball: https://r.example/a.tgz}\n\n",
    "  /a/1.0.0:\n    resolution: {integrity: sha512-x}\n    dev: false\n    cpu: [x64, arm64]\n    dependencies:\n      b: 2.0.0(c@1.0.0)\n      '@s/d': 1.0.0\n",
    '"a@npm:^1.0.0, a@npm:^1.2.0":\n  version: 1.2.3\n  resolution: "a@npm:1.2.3"\n  dependencies:\n    b: "npm:^2.0.0"\n  peerDependenciesMeta:\n    c:\n      optional: true\n  conditions: os=darwin & cpu=arm64\n  checksum: 10/abc\n  languageName: node\n',
    "key:\n  empty:\n  flow: {}\n  list: []\n  quoted: 'it''s'\n  tilde: ~\n  words: a  b\n  version: 1.10\n",
    'key:\n',
    '__metadata:\n  version: 8\n  cacheKey: 10\n',
    "a:\n  engines: {node: '>=8', npm: \"^9 || ^10\"}\n  os: ['!win32', darwin]\n", // quoted flow items (pnpm's engines)
    "a:\n  x: {b: 'c}', d: '{e'}\n  y: ['f]', 'it''s']\n", // flow indicators inside quotes
    'a:\n  constructor: x\n  toString: y\n  hasOwnProperty:\n    valueOf: z\n', // keys Object.prototype has
  ];
  it.each(read)('reads %j as js-yaml does', (text) => {
    expect(readPlainYamlEntry(text)).toEqual(library(text));
  });

  const left = [
    'a: b # comment\n', // comments
    'a: "x\\ty"\n', // escapes
    'a: &x b\n', // anchors
    'a: !!str b\n', // tags
    'a: |\n  text\n', // block scalars
    'a: b\n  c\n', // a multi-line plain scalar
    'a:\n  - b\n', // block lists
    'a:\n\tb: c\n', // tabs
    'a:\r\n  b: c\r\n', // CR
    'a:\n  b: 1\n  b: 2\n', // repeated keys (js-yaml refuses them)
    'a:\n    b: 1\n  c: 2\n', // a line between two levels
    'a: {b: c, }\n', // flow oddities
    'a: [b, [c]]\n',
    'a: >=1.0.0\n', // an indicator starting a plain scalar
    'a: x\nb: y\n', // two entries
    '__proto__: x\n',
    '? a\n: b\n', // explicit keys
    "a: {b: 'c, d'}\n", // a comma inside a quoted flow item
    'a: ["b, c", d]\n',
    "a: {b: 'c'', ''d'}\n",
    'a: b\u0000\n', // NUL
  ];
  it.each(left)('leaves %j to js-yaml', (text) => {
    expect(readPlainYamlEntry(text)).toBeUndefined();
  });

  it('gives maps the prototype js-yaml gives them', () => {
    const text = 'a:\n  b:\n    c: d\n  e: {f: g}\n';
    const [, value] = readPlainYamlEntry(text) ?? [];
    const maps = value as { b: object; e: object };
    for (const map of [maps, maps.b, maps.e]) expect(Object.getPrototypeOf(map)).toBe(Object.getPrototypeOf(library(text)[1]));
  });

  // Flow collections of quoted and plain items, cut or not at commas inside quotes: whatever the
  // reader takes must be what js-yaml reads.
  it('reads 4000 random one-line flow collections as js-yaml does, or leaves them', () => {
    const parts = ['a', 'b1', '>=8', "'x'", "'x, y'", "'x,'", "''", "'it''s'", "'a'', ''b'", '"q"', '"q, r"', '"}"', "'{'", "']'", ': ', ',', ' ', "'", '"'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let taken = 0;
    for (let round = 0; round < 4000; round++) {
      const map = random(2) === 0;
      const items: string[] = [];
      for (let count = random(4); count > 0; count--) {
        const item = Array.from({ length: 1 + random(3) }, () => parts[random(parts.length)]).join('');
        items.push(map ? `k${items.length}: ${item}` : item);
      }
      const text = `e:\n  f: ${map ? '{' : '['}${items.join(', ')}${map ? '}' : ']'}\n`;
      const read = readPlainYamlEntry(text);
      if (read === undefined) continue;
      taken++;
      expect({ text, read }).toEqual({ text, read: library(text) });
    }
    expect(taken).toBeGreaterThan(400); // the generator does make texts the reader takes
  });
});
