import { describe, expect, it } from '@jest/globals';
import { introducedBy, introductionChains } from '../../src/deps/introduced-by.js';
import type { Dependency } from '../../src/deps/model.js';
import { bun } from '../../src/ecosystems/bun/index.js';
import { npm } from '../../src/ecosystems/npm/index.js';
import { pnpm } from '../../src/ecosystems/pnpm/index.js';
import { yarn } from '../../src/ecosystems/yarn/index.js';

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

/*
 * The same graph in each JS lockfile, as its extractor records it: the project -> a, b;
 * a -> c and b -> c (a diamond: the first root in file order wins); b -> e and c -> e (the
 * shorter path wins over file order); c -> d -> c (a cycle a root reaches: it ends); x <-> y
 * (a cycle no root reaches: null).
 */
describe('introducedBy over what the JS extractors record (diamond, cycle)', () => {
  const EDGES: Record<string, string[]> = { a: ['c'], b: ['c', 'e'], c: ['d', 'e'], d: ['c'], e: [], x: ['y'], y: ['x'] };
  const NAMES = Object.keys(EDGES);
  const ranges = (names: string[]) => Object.fromEntries(names.map((name) => [name, '^1.0.0']));
  const PACKAGE_JSON = JSON.stringify({ name: 'app', version: '0.0.0', dependencies: ranges(['a', 'b']) }, null, 2);
  const purl = (name: string) => `pkg:npm/${name}@1.0.0`;

  const expectChains = (dependencies: readonly Dependency[]) => {
    const chain = (name: string) => introducedBy(dependencies, dependencies.find((d) => d.name === name) as Dependency);
    expect(dependencies.map((d) => d.name).sort()).toEqual(NAMES);
    expect(chain('a')).toEqual([purl('a')]);
    expect(chain('c')).toEqual([purl('a'), purl('c')]);
    expect(chain('d')).toEqual([purl('a'), purl('c'), purl('d')]);
    expect(chain('e')).toEqual([purl('b'), purl('e')]);
    expect(chain('x')).toBeNull();
    expect(chain('y')).toBeNull();
  };

  it('npm lockfile v3', () => {
    const packages: Record<string, unknown> = { '': { name: 'app', dependencies: ranges(['a', 'b']) } };
    for (const name of NAMES) packages[`node_modules/${name}`] = { version: '1.0.0', dependencies: ranges(EDGES[name] as string[]) };
    const result = npm.extract([{ path: 'package-lock.json', content: JSON.stringify({ name: 'app', lockfileVersion: 3, packages }, null, 2) }]);
    expect(result.problems).toEqual([]);
    expectChains(result.dependencies);
  });

  it('pnpm-lock.yaml v9', () => {
    const snapshot = (name: string) => {
      const edges = EDGES[name] as string[];
      return edges.length === 0 ? `  ${name}@1.0.0: {}\n` : `  ${name}@1.0.0:\n    dependencies:\n${edges.map((edge) => `      ${edge}: 1.0.0\n`).join('')}`;
    };
    const lock = `lockfileVersion: '9.0'

importers:
  .:
    dependencies:
      a:
        specifier: ^1.0.0
        version: 1.0.0
      b:
        specifier: ^1.0.0
        version: 1.0.0

packages:
${NAMES.map((name) => `  ${name}@1.0.0:\n    resolution: {integrity: sha512-x}\n`).join('')}
snapshots:
${NAMES.map(snapshot).join('')}`;
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content: lock }]);
    expect(result.problems).toEqual([]);
    expectChains(result.dependencies);
  });

  it('yarn.lock classic', () => {
    const entry = (name: string) => {
      const edges = EDGES[name] as string[];
      const deps = edges.length === 0 ? '' : `  dependencies:\n${edges.map((edge) => `    ${edge} "^1.0.0"\n`).join('')}`;
      return `${name}@^1.0.0:\n  version "1.0.0"\n${deps}`;
    };
    const lock = `# yarn lockfile v1\n\n\n${NAMES.map(entry).join('\n')}`;
    const result = yarn.extract([
      { path: 'package.json', content: PACKAGE_JSON },
      { path: 'yarn.lock', content: lock },
    ]);
    expect(result.problems).toEqual([]);
    expectChains(result.dependencies);
  });

  it('bun.lock', () => {
    const packages = Object.fromEntries(NAMES.map((name) => [name, [`${name}@1.0.0`, '', { dependencies: ranges(EDGES[name] as string[]) }, 'sha512-x']]));
    const lock = { lockfileVersion: 1, workspaces: { '': { name: 'app', dependencies: ranges(['a', 'b']) } }, packages };
    const result = bun.extract([
      { path: 'package.json', content: PACKAGE_JSON },
      { path: 'bun.lock', content: JSON.stringify(lock, null, 2) },
    ]);
    expect(result.problems).toEqual([]);
    expectChains(result.dependencies);
  });
});
