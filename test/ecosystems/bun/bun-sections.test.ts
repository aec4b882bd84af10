/**
 * bun.lock read from its map (bun/sections.ts), one entry at a time, against the whole-file
 * parse it replaces: same packages in the same order, same lines, and the whole-file read
 * (its errors and its JSON.parse semantics) whenever the map could differ.
 */
import { describe, expect, it } from '@jest/globals';
import { readBunLock } from '../../../src/ecosystems/bun/lockfile.js';
import { mapBunLock, packageLines } from '../../../src/ecosystems/bun/sections.js';

const lock = (packages: string[], extra = '') =>
  ['{', '  "lockfileVersion": 1,', `  "workspaces": { "": { "name": "x" } },${extra}`, '  "packages": {', ...packages, '  }', '}', ''].join('\n');
const read = (text: string) => {
  const result = readBunLock({ path: 'bun.lock', content: text });
  if ('problem' in result) throw new Error(result.problem.message);
  return [...result.packages.values()].map((pkg) => `${pkg.key}=${pkg.version}:${pkg.line}`);
};

describe('mapBunLock', () => {
  it('maps every entry, with lines as the line scan gives them', () => {
    const text = lock(['    "a": ["a@1.0.0", "", {}, "sha"],', '', '    "b": ["b@2.0.0", "", { "dependencies": { "a": "^1", }, }, "sha"],']);
    const sections = mapBunLock(text);
    expect(sections?.keys).toEqual(['a', 'b']);
    expect(sections && packageLines(text, sections)).toEqual([5, 7]);
    expect(read(text)).toEqual(['a=1.0.0:5', 'b=2.0.0:7']);
  });

  it('keeps JSON.parse semantics where one pass cannot: a repeated key, array-index keys', () => {
    // JSON.parse keeps the last value at the first place, and orders array-index keys first.
    expect(read(lock(['    "a": ["a@1.0.0", "", {}, "sha"],', '    "b": ["b@1.0.0", "", {}, "sha"],', '    "a": ["a@2.0.0", "", {}, "sha"],']))).toEqual(['a=2.0.0:5', 'b=1.0.0:6']);
    expect(read(lock(['    "z": ["z@1.0.0", "", {}, "sha"],', '    "7": ["7@1.0.0", "", {}, "sha"],']))).toEqual(['7=1.0.0:6', 'z=1.0.0:5']);
  });

  it('reads comments and escaped keys, and a minified file (no lines, as before)', () => {
    expect(read(lock(['    // a comment', '    "\\u0061": ["a@1.0.0", "", {}, "sha"], /* and another */']))).toEqual(['a=1.0.0:6']);
    const minified = JSON.stringify({ lockfileVersion: 1, workspaces: { '': { name: 'x' } }, packages: { a: ['a@1.0.0', '', {}, 'sha'] } });
    expect(mapBunLock(minified)).toBeDefined();
    expect(read(minified)).toEqual(['a=1.0.0:undefined']);
  });

  it('gives the line scan\'s lines when it would find another "packages" first (lines must not change)', () => {
    // The scan reads the catalog named "packages" (line 6): a known quirk, kept exactly.
    const text = lock(['    "a": ["a@1.0.0", "", {}, "sha"],'], '\n  "catalogs": {\n    "packages": {\n        "a": "^1"\n    }\n  },');
    expect(read(text)).toEqual(['a=1.0.0:6']);
  });

  it('a value that does not parse is the whole-file read\'s error, at its line and column', () => {
    const result = readBunLock({ path: 'bun.lock', content: lock(['    "a": ["a@1.0.0" "", {}, "sha"],']) });
    expect(result).toEqual({ problem: { path: 'bun.lock', line: 5, column: 21, message: 'invalid bun.lock: CommaExpected' } });
  });

  it.each([
    ['a missing colon', lock(['    "a" ["a@1.0.0", "", {}, "sha"],'])],
    ['an unclosed file', '{ "packages": { "a": ["a@1.0.0"'],
    ['a second BOM', '\uFEFF{ "packages": {} }'],
    ['a top level that is no object', '[]'],
  ])('is undefined for %s (the whole-file read decides)', (_what, text) => {
    expect(mapBunLock(text)).toBeUndefined();
  });
});
