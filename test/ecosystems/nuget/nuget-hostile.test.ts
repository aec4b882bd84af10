import { describe, expect, it } from '@jest/globals';
import { nuget } from '../../../src/ecosystems/nuget/index.js';

const ok = { type: 'Direct', requested: '[13.0.3, )', resolved: '13.0.3' };
/** A pretty-printed lockfile: "Newtonsoft.Json" on line 5, the second package on line 10 (after its 3 fields and "},"). */
const lockfile = (second: unknown, name = 'Bad') => JSON.stringify({ version: 1, dependencies: { 'net8.0': { 'Newtonsoft.Json': ok, [name]: second } } }, null, 2);

describe('packages.lock.json: hostile and malformed input', () => {
  it.each([
    ['null', null, 'the entry is null, expected a map'],
    ['a list', [], 'the entry is a list, expected a map'],
    ['a string', '1.0.0', 'the entry is a string, expected a map'],
    ['a number', 5, 'the entry is a number, expected a map'],
    ['a number as its version', { type: 'Direct', resolved: 5 }, '"resolved" is a number, expected a string'],
    ['null as its version', { type: 'Direct', resolved: null }, '"resolved" is null, expected a string'],
    ['a map as its version', { type: 'Direct', resolved: {} }, '"resolved" is a map, expected a string'],
  ])('reports a package that is %s at its line and still reads the others', (_name, second, why) => {
    const result = nuget.extract([{ path: 'packages.lock.json', content: lockfile(second) }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['Newtonsoft.Json@13.0.3']);
    expect(result.problems).toEqual([{ path: 'packages.lock.json', line: 10, message: `package "Bad" (net8.0): ${why}`, kind: 'invalid-entry' }]);
  });

  it('reports a target framework that is not a map', () => {
    const content = JSON.stringify({ version: 1, dependencies: { 'net8.0': null, 'net6.0': { A: ok } } }, null, 2);
    const result = nuget.extract([{ path: 'packages.lock.json', content }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['A']);
    expect(result.problems).toEqual([{ path: 'packages.lock.json', line: 4, message: 'target framework "net8.0" is null, expected a map of packages', kind: 'invalid-entry' }]);
  });

  it('reports "dependencies" that is not a map, at its line', () => {
    const result = nuget.extract([{ path: 'packages.lock.json', content: '{\n  "version": 1,\n  "dependencies": []\n}\n' }]);
    expect(result.problems).toEqual([{ path: 'packages.lock.json', line: 3, message: '"dependencies" is a list, expected a map of target frameworks' }]);
  });

  it('skips a leading byte order mark', () => {
    const result = nuget.extract([{ path: 'packages.lock.json', content: `\ufeff${lockfile(ok, 'Other')}` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['Newtonsoft.Json', 'Other']);
  });

  it('keeps __proto__ and constructor as package names, and reports an empty one instead of throwing', () => {
    const content = JSON.stringify({ version: 1, dependencies: { 'net8.0': { __proto__: ok, constructor: ok, '': ok } } }, null, 2);
    // JSON.stringify of an object literal drops a __proto__ key: write it into the text.
    const result = nuget.extract([{ path: 'packages.lock.json', content: content.replace('"constructor"', '"__proto__": {"resolved": "1.0.0"},\n      "constructor"') }]);
    expect(result.dependencies.map((d) => d.purl).sort()).toEqual(['pkg:nuget/__proto__@1.0.0', 'pkg:nuget/constructor@13.0.3']);
    expect(result.problems).toEqual([expect.objectContaining({ message: 'package name "" (net8.0) is not a package id', kind: 'invalid-entry' })]);
  });

  it('reports at most 100 malformed entries of one file, then how many more', () => {
    const packages = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`P${i}`, null]));
    const result = nuget.extract([{ path: 'packages.lock.json', content: JSON.stringify({ version: 1, dependencies: { 'net8.0': packages } }, null, 2) }]);
    expect(result.problems).toHaveLength(101);
    expect(result.problems[100]).toEqual({ path: 'packages.lock.json', kind: 'invalid-entry', message: '900 more problems in this file are not listed (the first 100 are)' });
  });
});
