/** The policy's path globs: what they match (by hand, from DESIGN.md's meaning), in linear time, compiled once. */
import { describe, expect, it } from '@jest/globals';
import { isIgnoredPath, rulesFor } from '../../src/policy/paths.js';
import type { Dependency } from '../../src/ecosystems/types.js';
import { compileGlob, matchesGlob } from '../../src/policy/glob.js';
import { loadPolicy } from '../../src/policy/load.js';

describe('matchesGlob', () => {
  it.each([
    // `*` stays within a segment
    ['*.json', 'a.json', true],
    ['*.json', 'dir/a.json', false],
    ['src/*/package.json', 'src/a/package.json', true],
    ['src/*/package.json', 'src/a/b/package.json', false],
    // `?` is one character, never `/`
    ['?.json', 'a.json', true],
    ['?.json', 'ab.json', false],
    ['a?b', 'a/b', false],
    // `**` crosses segments; `**/` may match nothing
    ['examples/**', 'examples/a/b/package.json', true],
    ['examples/**', 'examples/', true],
    ['examples/**', 'examples', false],
    ['examples/**', 'other/examples/x', false],
    ['**/package.json', 'package.json', true],
    ['**/package.json', 'a/b/package.json', true],
    ['**/package.json', 'apackage.json', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['**', 'a\nb/package-lock.json', true],
    // everything else is literal: no classes, braces or escapes
    ['a.b', 'axb', false],
    ['[ab]', '[ab]', true],
    ['[ab]', 'a', false],
    ['{a,b}/x', 'a/x', false],
    ['{a,b}/x', '{a,b}/x', true],
    ['a\\b', 'a\\b', true],
    ['', '', true],
    ['', 'a', false],
  ])('%j against %j: %s', (glob, path, expected) => {
    expect(matchesGlob(glob, path)).toBe(expected);
  });

  it('answers a pattern made to backtrack (**/ ten times, then zzz) against a deep path', () => {
    // The RegExp this replaces took seconds at depth 22 and grows as depth^10.
    const glob = `${'**/'.repeat(10)}zzz`;
    expect(matchesGlob(glob, `${'a/'.repeat(40)}package-lock.json`)).toBe(false);
    expect(matchesGlob(glob, `${'a/'.repeat(40)}zzz`)).toBe(true);
    expect(matchesGlob(`${'*'.repeat(500)}x`, 'a'.repeat(4000))).toBe(false);
  });

  it('compiles each glob once, however many paths it is tried on', () => {
    expect(compileGlob('vendor/**')).toBe(compileGlob('vendor/**'));
  });
});

describe('the same answers as the RegExp it replaces, on paths without newlines', () => {
  // The old translation, as it was in src/policy/match.ts: kept here as the reference only.
  const oldRegExp = (glob: string) => {
    let pattern = '';
    for (let i = 0; i < glob.length; i++) {
      const char = glob[i] as string;
      if (char === '*' && glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        pattern += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else if (char === '*') pattern += '[^/]*';
      else if (char === '?') pattern += '[^/]';
      else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${pattern}$`);
  };
  let seed = 12;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = (parts: string[], length: number) => Array.from({ length: random(length) }, () => parts[random(parts.length)]).join('');

  it('agrees on 3000 generated glob and path pairs', () => {
    const disagreements: [string, string][] = [];
    let matched = 0;
    for (let n = 0; n < 3000; n++) {
      const glob = pick(['a', 'b', '/', '*', '**', '**/', '?', '.'], 7);
      const path = pick(['a', 'b', '/', '.', 'ab/'], 8);
      const expected = oldRegExp(glob).test(path);
      if (expected) matched++;
      if (matchesGlob(glob, path) !== expected) disagreements.push([glob, path]);
    }
    expect(disagreements).toEqual([]);
    expect(matched).toBeGreaterThan(300); // the pairs are not all misses
  });
});

describe('the judge uses the same globs', () => {
  const loaded = loadPolicy({ repo: { path: 'p.yml', text: `paths:\n  - match: "${'**/'.repeat(10)}zzz"\n    ignore: true\n  - match: "legacy/**"\n    licenses:\n      unknown: allow\n` } });
  const policy = loaded.ok ? loaded.policy : undefined;

  it('isIgnoredPath and rulesFor answer on a deep path', () => {
    expect(policy).toBeDefined();
    if (!policy) return;
    expect(isIgnoredPath(`${'d/'.repeat(40)}package-lock.json`, policy)).toBe(false);
    expect(isIgnoredPath(`${'d/'.repeat(40)}zzz`, policy)).toBe(true);
    const dependency = { manifest: 'legacy/x/package-lock.json' } as Dependency;
    expect(rulesFor(dependency, policy).unknown).toBe('allow');
    expect(rulesFor({ manifest: `${'d/'.repeat(40)}package-lock.json` } as Dependency, policy).unknown).toBe('warn');
  });

  it('rulesFor gives every package under one `paths` entry the same rules object (license verdicts are cached per object)', () => {
    if (!policy) throw new Error('policy did not load');
    const first = rulesFor({ manifest: 'legacy/a/package-lock.json' } as Dependency, policy);
    const second = rulesFor({ manifest: 'legacy/b/go.mod' } as Dependency, policy);
    expect(second).toBe(first);
    // The policy's own rules, with the entry's `unknown` on top.
    expect(first).toEqual({ ...policy.licenses, unknown: 'allow' });
    expect(policy.licenses.unknown).toBe('warn');
  });
});

describe('paths rules over every layer', () => {
  it("a repository layer's licenses: apply under an org layer's paths entry", () => {
    const loaded = loadPolicy({
      org: { path: 'org.yml', text: 'overrides:\n  allowed: [licenses]\npaths:\n  - match: "legacy/**"\n    licenses:\n      unknown: allow\n' },
      repo: { path: '.github/ospo-gatekeeper.yml', text: 'licenses:\n  deny: [GPL-3.0-only]\n' },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const rules = rulesFor({ manifest: 'legacy/package-lock.json' } as Dependency, loaded.policy);
    expect(rules.unknown).toBe('allow');
    expect(rules.deny).toEqual(['GPL-3.0-only']);
  });
});
