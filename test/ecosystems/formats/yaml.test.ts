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
    "a:\n  engines: {node: '>=8'}\n", // quotes inside a flow map
    'a: >=1.0.0\n', // an indicator starting a plain scalar
    'a: x\nb: y\n', // two entries
    '__proto__: x\n',
    '? a\n: b\n', // explicit keys
    'a: b\u0000\n', // NUL
  ];
  it.each(left)('leaves %j to js-yaml', (text) => {
    expect(readPlainYamlEntry(text)).toBeUndefined();
  });
});
