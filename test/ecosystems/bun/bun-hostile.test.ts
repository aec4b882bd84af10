/**
 * Issue 12, bun: malformed and hostile bun.lock files are findings at their line, never a silent
 * pass, an internal error or a blow-up. Inputs are small and written here; each expected line is
 * counted by hand in the text beside it.
 */
import { describe, expect, it } from '@jest/globals';
import { bun } from '../../../src/ecosystems/bun/index.js';
import { withoutJsoncExtras } from '../../../src/ecosystems/bun/jsonc.js';

const pkg = JSON.stringify({ name: 'x', dependencies: { 'gpl-thing': '^1.0.0', 'left-pad': '^1.0.0' } });
const extract = (content: string) => bun.extract([{ path: 'bun.lock', content }, { path: 'package.json', content: pkg }]);
const names = (result: ReturnType<typeof extract>) => result.dependencies.map((d) => `${d.name}@${d.version}`).sort();

/** A bun.lock whose `gpl-thing` entry (line 10) is `entry`; left-pad (line 11) is valid. */
function lockWith(entry: string): string {
  return [
    '{',
    '  "lockfileVersion": 1,',
    '  "workspaces": {',
    '    "": {',
    '      "name": "x",',
    '      "dependencies": { "gpl-thing": "^1.0.0", "left-pad": "^1.0.0" },',
    '    },',
    '  },',
    '  "packages": {',
    `    "gpl-thing": ${entry},`,
    '    "left-pad": ["left-pad@1.3.0", "", {}, "sha512-x"],',
    '  }',
    '}',
    '',
  ].join('\n');
}

describe('bun: an entry that is not what bun writes is an invalid entry at its line', () => {
  it.each([
    ['null', 'is null, expected a list'],
    ['"gpl-thing@1.0.0"', 'is a string, expected a list'],
    ['5', 'is a number, expected a list'],
    ['[]', 'is an empty list, expected ["name@version", ...]'],
    ['[5]', "› the entry's id (its first element) is a number, expected \"name@version\""],
    ['[null, "", {}]', "› the entry's id (its first element) is null, expected \"name@version\""],
    ['["gpl-thing"]', '› the entry\'s id (its first element) is "gpl-thing", expected "name@version"'],
    ['["gpl-thing@1.0.0", "", { "dependencies": ["ms"] }]', '› "dependencies" is a list, expected a map'],
  ])('an entry %s', (entry, words) => {
    const result = extract(lockWith(entry));
    expect(result.problems).toEqual([{ path: 'bun.lock', line: 10, kind: 'invalid-entry', message: `"packages" › "gpl-thing" ${words}` }]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it('`packages` as a list is a whole-file problem', () => {
    expect(extract('{\n  "lockfileVersion": 1,\n  "packages": [["gpl-thing@1.0.0"]],\n}\n').problems).toEqual([
      { path: 'bun.lock', line: 1, message: 'not a bun.lock: "packages" is a list, expected a map' },
    ]);
  });
});

describe('bun: BOM, names as data, nesting', () => {
  it('a bun.lock with a BOM reads as without it (it was "InvalidSymbol")', () => {
    const result = extract(`\uFEFF${lockWith('["gpl-thing@1.0.0", "", {}, "sha512-y"]')}`);
    expect(result.problems).toEqual([]);
    expect(names(result)).toEqual(['gpl-thing@1.0.0', 'left-pad@1.3.0']);
    expect(result.dependencies.find((d) => d.name === 'gpl-thing')?.line).toBe(10);
  });

  it('a package keyed "__proto__" is a package', () => {
    const content = lockWith('["gpl-thing@1.0.0", "", {}, "sha512-y"]').replace('"left-pad": ["left-pad@1.3.0"', '"__proto__": ["__proto__@1.3.0"');
    const result = bun.extract([{ path: 'bun.lock', content }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`).sort()).toEqual(['__proto__@1.3.0', 'gpl-thing@1.0.0']);
    expect(result.dependencies.find((d) => d.name === '__proto__')?.line).toBe(11);
  });

  it('nesting a hundred thousand deep is read without a stack overflow', () => {
    const content = `{"packages": {"a": ["a@1.0.0", "", ${'['.repeat(100_000)}${']'.repeat(100_000)}]}}`;
    expect(extract(content).dependencies.map((d) => d.name)).toEqual(['a']);
  });

  it('an install path nested past 64 packages is an invalid entry', () => {
    const key = Array.from({ length: 65 }, () => 'a').join('/');
    const result = extract(lockWith('["gpl-thing@1.0.0", "", {}]').replace('"left-pad": [', `"${key}": ["a@1.0.0"],\n    "left-pad": [`));
    expect(result.problems).toEqual([{ path: 'bun.lock', line: 11, kind: 'invalid-entry', message: expect.stringMatching(/is nested more than 64 packages deep$/) }]);
    expect(names(result)).toEqual(['gpl-thing@1.0.0', 'left-pad@1.3.0']);
  });

  it('trailing commas and comments are blanked, offsets kept; strings are left alone', () => {
    const text = '{"a": [1, 2,], /* c,] */ "b": "x,]", // d\n}';
    const blanked = withoutJsoncExtras(text);
    expect(blanked).toHaveLength(text.length);
    expect(JSON.parse(blanked)).toEqual({ a: [1, 2], b: 'x,]' });
  });
});
