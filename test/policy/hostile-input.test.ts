/** Issue 12, policy input: keys that name Object.prototype's members, values that change as they are read, impossible dates, long globs. */
import { describe, expect, it } from '@jest/globals';
import { loadPolicy } from '../../src/policy/load.js';
import { validatePolicySource } from '../../src/policy/validate.js';

const FILE = '.github/ospo-gatekeeper.yml';
const positioned = (text: string) => validatePolicySource({ path: FILE, text }).map((error) => [error.line, error.column, error.message]);
const unknownKey = (path: string, key: string) => expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: unknown key "${key}" \\(expected one of: `));

describe('keys named like members of Object.prototype', () => {
  it.each([
    ['a top-level __proto__', 'licenses:\n  allow: [MIT]\n__proto__:\n  x: 1\n', 3, 1, '__proto__', '__proto__'],
    ['a top-level hasOwnProperty', 'mode: warn\nhasOwnProperty: 1\n', 2, 1, 'hasOwnProperty', 'hasOwnProperty'],
    ['constructor under licenses', 'licenses:\n  constructor: 1\n', 2, 3, 'licenses.constructor', 'constructor'],
    ['constructor under paths[].licenses', 'paths:\n  - match: "a/**"\n    licenses:\n      constructor: fail\n', 4, 7, 'paths[0].licenses.constructor', 'constructor'],
    ['__proto__ under repository', 'repository:\n  __proto__: {}\n', 2, 3, 'repository.__proto__', '__proto__'],
    ['toString in an exception', 'exceptions:\n  - package: pkg:npm/a\n    reason: r\n    toString: x\n', 4, 5, 'exceptions[0].toString', 'toString'],
  ])('%s is an unknown key at its line and column, not a crash', (_, text, line, column, path, key) => {
    expect(positioned(text)).toEqual([[line, column, unknownKey(path, key)]]);
  });
});

describe('values where text belongs', () => {
  it('reports extends: 5 at the key instead of dropping the preset', () => {
    const result = loadPolicy({ repo: { path: FILE, text: 'extends: 5\n' } });
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message])).toEqual([[1, 1, expect.stringContaining('extends: unknown preset "5"')]]);
  });

  it('refuses a number whose text would change as it is read (010 is 10, 1e3 is 1000)', () => {
    expect(positioned('paths:\n  - match: 010\n    ignore: true\n')).toEqual([[2, 12, 'paths[0].match: 010 reads as the number 10; quote it ("010") if it is meant as text']]);
    expect(positioned('exceptions:\n  - package: pkg:npm/a\n    reason: 1e3\n')).toEqual([[3, 13, 'exceptions[0].reason: 1e3 reads as the number 1000; quote it ("1e3") if it is meant as text']]);
    // Quoted, or a number that reads back as written, is the text it shows.
    expect(positioned('paths:\n  - match: "010"\n    ignore: true\nexceptions:\n  - package: pkg:npm/a\n    reason: 2024\n')).toEqual([]);
  });

  it('keeps a glob written as a quoted number exactly as written', () => {
    const result = loadPolicy({ repo: { path: FILE, text: 'paths:\n  - match: "010"\n    ignore: true\n' } });
    expect(result.ok && result.policy.paths.map((path) => path.match)).toEqual(['010']);
  });
});

describe('dates', () => {
  const expiring = (date: string, header = '') => `${header}exceptions:\n  - package: pkg:npm/a\n    reason: r\n    expires: ${date}\n`;

  it.each(['2027-02-30', '2027-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2100-02-29'])('refuses %s, which is no day of the calendar', (date) => {
    expect(positioned(expiring(date))).toEqual([[4, 14, `exceptions[0].expires: ${date} is not a date in the calendar`]]);
  });

  it.each(['2028-02-29', '2000-02-29', '2027-12-31', '2027-04-30'])('accepts %s', (date) => {
    expect(positioned(expiring(date))).toEqual([]);
  });

  it('checks the date as written under %YAML 1.1 too, where the value is a Date already rolled over to March', () => {
    expect(positioned(expiring('2027-02-30', '%YAML 1.1\n---\n'))).toEqual([[6, 14, 'exceptions[0].expires: 2027-02-30 is not a date in the calendar']]);
    const valid = loadPolicy({ repo: { path: FILE, text: expiring('2027-06-30', '%YAML 1.1\n---\n') } });
    expect(valid.ok && valid.policy.exceptions.map((exception) => exception.expires)).toEqual(['2027-06-30']);
  });
});

describe('path globs', () => {
  it('refuses a glob over 512 characters, at its position', () => {
    expect(positioned(`paths:\n  - match: "${'a'.repeat(513)}"\n    ignore: true\n`)).toEqual([[2, 12, 'paths[0].match: the glob is 513 characters long; a glob may be at most 512']]);
    expect(positioned(`paths:\n  - match: "${'a'.repeat(512)}"\n    ignore: true\n`)).toEqual([]);
  });
});

describe('policy input nested thousands deep, or made to pollute prototypes', () => {
  it.each([
    ['10,000 nested flow lists', () => `licenses:\n  allow: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['10,000 nested flow mappings', () => `licenses: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
    ['1,400 nested block mappings (as deep as 1 MiB allows)', () => `repository:\n${Array.from({ length: 1400 }, (_, depth) => `${' '.repeat(depth + 2)}a:\n`).join('')}${' '.repeat(1402)}b: 1\n`],
    ['65 nested block lists, one more than a policy may have', () => `licenses:\n  allow:\n${Array.from({ length: 64 }, (_, depth) => `${'  '.repeat(depth + 2)}-\n`).join('')}${'  '.repeat(66)}- MIT\n`],
  ])('%s: one clear error, no crash, however much stack is left', (_name, make) => {
    // Whether the parser's own stack gives out first (thousands deep) or the depth check stops it: the same error.
    const tooDeep = [expect.objectContaining({ path: FILE, message: 'invalid YAML: the values nest too deep to read (a policy needs a few levels; this point is more than 64 deep)' })];
    expect(validatePolicySource({ path: FILE, text: make() })).toEqual(tooDeep);
    // The same with most of the stack already used (a caller deep in its own frames): no RangeError escapes.
    for (const frames of [2_000, 5_000, 8_000]) expect(withFramesUsed(frames, () => validatePolicySource({ path: FILE, text: make() }))).toEqual(tooDeep);
  });

  it('says a YAML merge key is not read, at the key', () => {
    expect(positioned('licenses:\n  <<: { unknown: fail }\n  allow: [MIT]\n')).toEqual([[2, 3, 'licenses.<<: YAML merge keys (<<) are not read in a policy: write the keys out (anchors and aliases of whole values work)']]);
  });

  it('leaves Object.prototype alone whatever keys the file uses', () => {
    const result = loadPolicy({ repo: { path: FILE, text: 'repository:\n  __proto__: { polluted: true }\nlicenses:\n  constructor: { prototype: { polluted: true } }\n' } });
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** `run`'s result, called `frames` calls deep. */
function withFramesUsed<T>(frames: number, run: () => T): T {
  return frames === 0 ? run() : withFramesUsed(frames - 1, run);
}
