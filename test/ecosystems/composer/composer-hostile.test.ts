import { describe, expect, it } from '@jest/globals';
import { composer } from '../../../src/ecosystems/composer/index.js';

const monolog = { name: 'monolog/monolog', version: '3.5.0', license: ['MIT'] };
/** composer's layout (4 spaces): the first package's "name" on line 4, its object closing on line 9, the second entry on line 10. */
const lockfile = (second: unknown) => JSON.stringify({ packages: [monolog, second], 'packages-dev': [] }, null, 4);

describe('composer.lock and composer.json: hostile and malformed input', () => {
  it.each([
    ['null', null, 10, 'package (entry 2 of "packages"): the entry is null, expected a map'],
    ['a list', [], 10, 'package (entry 2 of "packages"): the entry is a list, expected a map'],
    ['a string', 'psr/log', 10, 'package (entry 2 of "packages"): the entry is a string, expected a map'],
    ['a number', 5, 10, 'package (entry 2 of "packages"): the entry is a number, expected a map'],
    // An object entry: the line of its own "name" (line 11), as for every package.
    ['a package whose version is a number', { name: 'psr/log', version: 5 }, 11, 'package "psr/log" (entry 2 of "packages"): "version" is a number, expected a string'],
    ['a package whose version is null', { name: 'psr/log', version: null }, 11, 'package "psr/log" (entry 2 of "packages"): "version" is null, expected a string'],
    ['a package whose version is a map', { name: 'psr/log', version: {} }, 11, 'package "psr/log" (entry 2 of "packages"): "version" is a map, expected a string'],
  ])('reports an entry that is %s at its line and still reads the others', (_name, second, line, message) => {
    const result = composer.extract([{ path: 'composer.lock', content: lockfile(second) }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['monolog/monolog@3.5.0']);
    expect(result.problems).toEqual([{ path: 'composer.lock', line, message, kind: 'invalid-entry' }]);
  });

  it('reports "packages-dev" that is not a list', () => {
    const result = composer.extract([{ path: 'composer.lock', content: JSON.stringify({ packages: [monolog], 'packages-dev': { a: 1 } }, null, 4) }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['monolog/monolog']);
    expect(result.problems).toEqual([{ path: 'composer.lock', line: 11, message: '"packages-dev" is a map, expected a list of packages', kind: 'invalid-entry' }]);
  });

  it('skips a leading byte order mark in composer.lock and composer.json', () => {
    const result = composer.extract([
      { path: 'composer.json', content: `\ufeff${JSON.stringify({ require: { 'monolog/monolog': '^3.5' } }, null, 4)}` },
      { path: 'composer.lock', content: `\ufeff${lockfile({ name: 'psr/log', version: '3.0.0' })}` },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name} ${d.direct}`)).toEqual(['monolog/monolog true', 'psr/log false']);
  });

  it('reports a requirement that is not a string, and a name that is not vendor/name, instead of throwing', () => {
    const result = composer.extract([{ path: 'composer.json', content: JSON.stringify({ require: { 'a/b': 5, 'c/': '^1', 'd/e': '^2' } }, null, 4) }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['d/e']);
    expect(result.problems).toEqual([
      { path: 'composer.json', line: 3, message: '"require" › "a/b" is a number, expected a version constraint string', kind: 'invalid-entry' },
      { path: 'composer.json', line: 4, message: 'package name "c/" is not vendor/name', kind: 'invalid-entry' },
    ]);
  });

  it('keeps __proto__ and constructor as package names', () => {
    const content = '{\n    "require": {\n        "__proto__/x": "1.0",\n        "constructor/y": "^1"\n    }\n}\n';
    const result = composer.extract([{ path: 'composer.json', content }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.purl} ${d.line}`)).toEqual(['pkg:composer/__proto__/x 3', 'pkg:composer/constructor/y 4']);
  });
});
