import { describe, expect, it } from '@jest/globals';
import { introducedBy, introductionChains } from '../../src/deps/introduced-by.js';
import type { Dependency } from '../../src/deps/model.js';

function node(name: string, version: string, requiredBy: string[] | undefined, direct = false): Dependency {
  return { ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`, manifest: 'package-lock.json', scope: 'runtime', direct, ...(requiredBy ? { requiredBy } : {}) };
}

// The project depends on express and jest; express -> body-parser -> qs; jest -> a -> b -> qs too.
const express = node('express', '4.18.2', ['workspace:.'], true);
const jest = node('jest', '29.7.0', ['workspace:.'], true);
const bodyParser = node('body-parser', '1.20.1', ['express']);
const a = node('a', '1.0.0', ['jest']);
const b = node('b', '1.0.0', ['a']);
const qs = node('qs', '6.11.0', ['b', 'body-parser']);
const HEAD = [jest, a, b, express, bodyParser, qs];

describe('introducedBy', () => {
  it('gives the shortest chain of purls from a direct dependency down to it', () => {
    expect(introducedBy(HEAD, qs)).toEqual(['pkg:npm/express@4.18.2', 'pkg:npm/body-parser@1.20.1', 'pkg:npm/qs@6.11.0']);
    expect(introducedBy(HEAD, b)).toEqual(['pkg:npm/jest@29.7.0', 'pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0']);
  });

  it('is the dependency alone for a direct one', () => {
    expect(introducedBy(HEAD, express)).toEqual(['pkg:npm/express@4.18.2']);
  });

  it('starts at a package a workspace member requires, even if not marked direct', () => {
    const member = node('util', '2.0.0', ['workspace:packages/a']);
    const leaf = node('leaf', '1.0.0', ['util']);
    expect(introducedBy([member, leaf], leaf)).toEqual(['pkg:npm/util@2.0.0', 'pkg:npm/leaf@1.0.0']);
  });

  it('takes any version of a dependent name (the file records names only), the first in file order on a tie', () => {
    const old = node('mid', '1.0.0', ['root1']);
    const newer = node('mid', '2.0.0', ['root2']);
    const root1 = node('root1', '1.0.0', ['workspace:.'], true);
    const root2 = node('root2', '1.0.0', ['workspace:.'], true);
    const leaf = node('leaf', '1.0.0', ['mid']);
    expect(introducedBy([old, newer, root1, root2, leaf], leaf)).toEqual(['pkg:npm/root1@1.0.0', 'pkg:npm/mid@1.0.0', 'pkg:npm/leaf@1.0.0']);
  });

  it('is null when the format records no dependents, or no chain reaches a direct dependency (cycles end)', () => {
    expect(introducedBy(HEAD, node('loose', '1.0.0', undefined))).toBeNull();
    const x = node('x', '1.0.0', ['y']);
    const y = node('y', '1.0.0', ['x']);
    expect(introducedBy([x, y], x)).toBeNull();
    expect(introducedBy([], node('orphan', '1.0.0', []))).toBeNull();
  });

  it('builds its index once over many asks', () => {
    const chains = introductionChains(HEAD);
    expect([chains(qs)?.length, chains(b)?.length, chains(jest)?.length]).toEqual([3, 3, 1]);
  });

  it('walks a chain thousands deep, and answers every package of it from one pass', () => {
    const chain = [node('p0', '1.0.0', ['workspace:.'], true), ...Array.from({ length: 5000 }, (_, index) => node(`p${index + 1}`, '1.0.0', [`p${index}`]))];
    const chains = introductionChains([...chain].reverse());
    expect(chains(chain[5000] as Dependency)?.length).toBe(5001);
    expect(chains(chain[2] as Dependency)).toEqual(['pkg:npm/p0@1.0.0', 'pkg:npm/p1@1.0.0', 'pkg:npm/p2@1.0.0']);
  });
});
