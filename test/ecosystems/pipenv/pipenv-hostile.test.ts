import { describe, expect, it } from '@jest/globals';
import { pipenv } from '../../../src/ecosystems/pipenv/index.js';

/** Pipfile.lock as pipenv writes it (4 spaces): "default" on line 5, its first package on line 6. */
const lockfile = (sections: Record<string, unknown>) => JSON.stringify({ _meta: { hash: {} }, ...sections }, null, 4);
const requests = { version: '==2.31.0' };

describe('Pipfile and Pipfile.lock: hostile and malformed input', () => {
  it.each([
    ['a list', [requests]],
    ['a string', 'requests'],
    ['null', null],
  ])('reports "default" that is %s at its line and still reads "develop"', (kind, value) => {
    const result = pipenv.extract([{ path: 'Pipfile.lock', content: lockfile({ default: value, develop: { pytest: { version: '==8.0.0' } } }) }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version} ${d.scope}`)).toEqual(['pytest@8.0.0 development']);
    expect(result.problems).toEqual([{ path: 'Pipfile.lock', line: 5, message: `"default" is ${kind}, expected a map of packages`, kind: 'invalid-entry' }]);
  });

  it.each([
    ['null', null, 'the entry is null, expected a map'],
    ['a number', 5, 'the entry is a number, expected a map'],
    ['a package whose version is a number', { version: 5 }, '"version" is a number, expected a string'],
  ])('reports a package that is %s and still reads the others', (_name, bad, why) => {
    const result = pipenv.extract([{ path: 'Pipfile.lock', content: lockfile({ default: { requests, bad } }) }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['requests']);
    // requests opens on line 6 and closes on line 8: "bad" is on line 9.
    expect(result.problems).toEqual([{ path: 'Pipfile.lock', line: 9, message: `"default" › "bad": ${why}`, kind: 'invalid-entry' }]);
  });

  it('skips a leading byte order mark in Pipfile.lock and Pipfile', () => {
    const result = pipenv.extract([
      { path: 'Pipfile', content: '\ufeff[packages]\nrequests = "*"\n' },
      { path: 'Pipfile.lock', content: `\ufeff${lockfile({ default: { requests } })}` },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'requests', version: '2.31.0', direct: true, declaredAt: { path: 'Pipfile', line: 2 } })]);
  });

  it('keeps sections named constructor or __proto__ as data: their scope is unknown, never a function', () => {
    const content = '{\n    "constructor": {\n        "a": {"version": "==1.0"}\n    },\n    "__proto__": {\n        "b": {"version": "==2.0"}\n    }\n}\n';
    const result = pipenv.extract([
      { path: 'Pipfile', content: '[constructor]\na = "*"\n' },
      { path: 'Pipfile.lock', content },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name} ${d.scope} ${d.direct}`)).toEqual(['a unknown true', 'b unknown false']);
    const alone = pipenv.extract([{ path: 'Pipfile', content: '[constructor]\na = "*"\n' }]);
    expect(alone.dependencies.map((d) => `${d.name} ${d.scope}`)).toEqual(['a unknown']);
  });

  it('reports a Pipfile section that is not a table and a requirement that is neither a string nor a table', () => {
    const result = pipenv.extract([{ path: 'Pipfile', content: 'dev-packages = 5\n[packages]\nrequests = 3\nflask = "*"\n' }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['flask']);
    expect(result.problems).toEqual([
      { path: 'Pipfile', line: 3, message: '[packages] "requests": the requirement is a number, expected a string', kind: 'invalid-entry' },
      { path: 'Pipfile', line: 1, message: '[dev-packages] is a number, expected a table of packages', kind: 'invalid-entry' },
    ]);
  });
});
