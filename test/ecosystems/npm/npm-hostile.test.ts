/**
 * Issue 12, npm and package.json: malformed and hostile lockfiles are findings at their line,
 * never a silent pass, an internal error or a blow-up. Inputs are small and written here; each
 * expected line is counted by hand in the text beside it.
 */
import { describe, expect, it } from '@jest/globals';
import { npm } from '../../../src/ecosystems/npm/index.js';

const pkg = JSON.stringify({ name: 'x', dependencies: { 'left-pad': '^1.0.0', 'gpl-thing': '^1.0.0' } });

/** A v3 lockfile whose `gpl-thing` entry (line 6) is `entry`; left-pad (line 7) is valid. */
function v3With(entry: string): string {
  return [
    '{',
    '  "name": "x",',
    '  "lockfileVersion": 3,',
    '  "packages": {',
    '    "": { "name": "x", "dependencies": { "left-pad": "^1.0.0", "gpl-thing": "^1.0.0" } },',
    `    "node_modules/gpl-thing": ${entry},`,
    '    "node_modules/left-pad": { "version": "1.3.0", "license": "WTFPL" }',
    '  }',
    '}',
  ].join('\n');
}

const extract = (content: string) => npm.extract([{ path: 'package-lock.json', content }, { path: 'package.json', content: pkg }]);
const names = (result: ReturnType<typeof extract>) => result.dependencies.map((d) => `${d.name}@${d.version}`);

describe('npm: an entry that is not what npm writes is an invalid entry at its line', () => {
  it.each([
    ['null', 'is null, expected a map'],
    ['[]', 'is a list, expected a map'],
    ['"1.0.0"', 'is a string, expected a map'],
    ['5', 'is a number, expected a map'],
  ])('an entry that is %s', (entry, words) => {
    const result = extract(v3With(entry));
    expect(result.problems).toEqual([{ path: 'package-lock.json', line: 6, kind: 'invalid-entry', message: `"packages" › "node_modules/gpl-thing" ${words}` }]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it.each([
    ['5', 'a number'],
    ['null', 'null'],
    ['{ "a": 1 }', 'a map'],
  ])('a version that is %s', (version, words) => {
    const result = extract(v3With(`{ "version": ${version}, "license": "GPL-3.0-only" }`));
    expect(result.problems).toEqual([
      { path: 'package-lock.json', line: 6, kind: 'invalid-entry', message: `"packages" › "node_modules/gpl-thing" › "version" is ${words}, expected a string` },
    ]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it('an installed entry without a version (and not a link)', () => {
    const result = extract(v3With('{ "license": "GPL-3.0-only" }'));
    expect(result.problems).toEqual([{ path: 'package-lock.json', line: 6, kind: 'invalid-entry', message: '"packages" › "node_modules/gpl-thing" has no "version"' }]);
  });

  it('a name that is a number says so, instead of "fullName.startsWith is not a function"', () => {
    const result = extract(v3With('{ "name": 5, "version": "1.0.0" }'));
    expect(result.problems).toEqual([
      { path: 'package-lock.json', line: 6, kind: 'invalid-entry', message: '"packages" › "node_modules/gpl-thing" › "name" is a number, expected a string' },
    ]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it('dependencies listed as a list are an invalid entry, not names "0", "1"', () => {
    const result = extract(v3With('{ "version": "1.0.0", "dependencies": ["left-pad"] }'));
    expect(result.problems[0]?.message).toBe('"packages" › "node_modules/gpl-thing" › "dependencies" is a list, expected a map');
  });

  it('`packages` as a list is a whole-file problem at its line', () => {
    const content = '{\n  "lockfileVersion": 3,\n  "packages": [\n    { "name": "gpl-thing", "version": "1.0.0" }\n  ]\n}\n';
    expect(extract(content).problems).toEqual([{ path: 'package-lock.json', line: 3, message: 'lockfileVersion 3: "packages" is a list, expected a map' }]);
    expect(extract(content).dependencies).toEqual([]);
  });

  it('a v1 entry that is null is an invalid entry; the rest of the tree is read', () => {
    const content = [
      '{',
      '  "lockfileVersion": 1,',
      '  "dependencies": {',
      '    "gpl-thing": null,',
      '    "left-pad": {',
      '      "version": "1.3.0",',
      '      "dependencies": {',
      '        "tiny": { "version": [1] }',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const result = extract(content);
    expect(result.problems).toEqual([
      { path: 'package-lock.json', line: 4, kind: 'invalid-entry', message: '"dependencies" › "gpl-thing" is null, expected a map' },
      { path: 'package-lock.json', line: 8, kind: 'invalid-entry', message: '"dependencies" › "left-pad" › "dependencies" › "tiny" › "version" is a list, expected a string' },
    ]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });
});

describe('npm: byte order mark, hostile nesting, bounded messages', () => {
  it('a lockfile with a BOM reads as without it', () => {
    const content = v3With('{ "version": "1.0.0", "license": "GPL-3.0-only" }');
    const result = extract(`\uFEFF${content}`);
    expect(result.problems).toEqual([]);
    expect(names(result).sort()).toEqual(['gpl-thing@1.0.0', 'left-pad@1.3.0']);
    expect(result.dependencies.find((d) => d.name === 'gpl-thing')?.line).toBe(6);
  });

  it('a syntax error JSON.parse words with an excerpt of the file gets a line and no excerpt', () => {
    // V8: `Unexpected token 'x', ..."ges": [1, x]\n}\n" is not valid JSON`, no position.
    const result = extract('{\n  "lockfileVersion": 3,\n  "packages": [1, x]\n}\n');
    expect(result.problems).toEqual([{ path: 'package-lock.json', line: 3, column: 19, message: "invalid JSON: Unexpected token 'x'" }]);
  });

  it('a v1 tree nested thousands deep is cut at 128 levels, without a stack overflow', () => {
    const depth = 5000;
    const content = `{"lockfileVersion":1,"dependencies":${'{"a":{"version":"1.0.0","requires":{"a":"1"},"dependencies":'.repeat(depth)}{}${'}}'.repeat(depth)}}`;
    const result = extract(content);
    expect(result.dependencies).toHaveLength(128);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'invalid-entry', message: expect.stringMatching(/is nested more than 128 levels deep$/) });
    // The message names the entry by its first and last keys, not by 5000 of them.
    expect(result.problems[0]?.message.length).toBeLessThan(200);
  });

  it('an install path thousands of folders deep is one bounded problem', () => {
    const key = `node_modules/a${'/node_modules/a'.repeat(3000)}`;
    const content = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, [key]: { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } } }, null, 2);
    const result = extract(content);
    expect(names(result)).toEqual(['b@2.0.0']);
    expect(result.problems).toEqual([{ path: 'package-lock.json', line: 5, kind: 'invalid-entry', message: expect.stringMatching(/^"packages" › "node_modules\/a\/node_modules.{60,120}" is nested more than 256 folders deep$/) }]);
  });

  it('a file with an invalid entry on every line lists 100 and counts the rest (as every format does)', () => {
    const packages: Record<string, unknown> = { '': {} };
    for (let i = 0; i < 130; i++) packages[`node_modules/p${i}`] = null;
    const result = extract(JSON.stringify({ lockfileVersion: 3, packages }, null, 2));
    expect(result.problems).toHaveLength(101);
    expect(result.problems[100]).toEqual({ path: 'package-lock.json', kind: 'invalid-entry', message: '30 more problems in this file are not listed (the first 100 are)' });
  });
});

describe('package.json: declarations are checked one by one', () => {
  it('a section that is not a map, or a requirement that is not a string, is an invalid entry at its line', () => {
    const content = ['{', '  "name": "x",', '  "dependencies": ["left-pad"],', '  "devDependencies": {', '    "jest": 29,', '    "tsx": "^4.0.0"', '  }', '}'].join('\n');
    const result = npm.extract([{ path: 'package.json', content }]);
    expect(result.problems).toEqual([
      { path: 'package.json', line: 3, kind: 'invalid-entry', message: '"dependencies" is a list, expected a map' },
      { path: 'package.json', line: 5, kind: 'invalid-entry', message: '"devDependencies" › "jest" is a number, expected a string' },
    ]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['tsx']);
  });

  it('a package.json with a BOM reads as without it', () => {
    const result = npm.extract([{ path: 'package.json', content: `\uFEFF${pkg}` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.name).sort()).toEqual(['gpl-thing', 'left-pad']);
  });
});
