import { describe, expect, it } from '@jest/globals';
import { installPrefixes, pathNames } from '../../../src/ecosystems/bun/lockfile.js';

describe('bun.lock install path prefixes', () => {
  it('cuts the install path at the end of each package name', () => {
    expect(installPrefixes('chalk')).toEqual(['chalk']);
    expect(installPrefixes('@babel/highlight/chalk')).toEqual(['@babel/highlight', '@babel/highlight/chalk']);
    expect(installPrefixes('a/@s/b/c')).toEqual(['a', 'a/@s/b', 'a/@s/b/c']);
    // A scope with nothing after it is a name of its own, as pathNames reads it.
    expect(installPrefixes('a/@s')).toEqual(['a', 'a/@s']);
  });

  it('agrees with joining the package names again, on 5000 random install paths', () => {
    let state = 7;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const pieces = ['a', '@s', '@', '', 'b-c', '@scope', 'x.y', '/'];
    for (let run = 0; run < 5000; run++) {
      const key = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join('/');
      const names = pathNames(key);
      expect(installPrefixes(key)).toEqual(names.map((_, depth) => names.slice(0, depth + 1).join('/')));
    }
  });
});
