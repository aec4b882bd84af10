import { describe, expect, it } from '@jest/globals';
import { diffDependencies, type Change } from '../../src/deps/diff.js';
import type { Dependency } from '../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from './identity.js';

/** A hand-built pnpm dependency of `pnpm-lock.yaml` (semver order). */
function dep(name: string, version: string, requiredBy?: string[], manifest = 'pnpm-lock.yaml'): Dependency {
  return {
    ecosystem: 'pnpm',
    name,
    version,
    purl: `pkg:npm/${name}@${version}`,
    manifest,
    scope: 'runtime',
    direct: false,
    ...(requiredBy ? { requiredBy } : {}),
  };
}

/** `upgraded a@1->2`, `added a@3`, `removed a@0`: what a reader of the report sees. */
const summary = (changes: Change[]) =>
  changes.map((change) =>
    change.previous
      ? `${change.change} ${change.dependency.name}@${change.previous.version}->${change.dependency.version}`
      : `${change.change} ${change.dependency.name}@${change.dependency.version}`,
  );

function diff(base: Dependency[], head: Dependency[]): string[] {
  const changes = diffDependencies(base, head);
  expectIdentitySetsUnchanged(base, head, changes);
  return summary(changes);
}

describe('diffDependencies: pairing by who depends on it', () => {
  it('a direct upgrade is an upgrade although another package keeps the old version', () => {
    const base = [dep('typescript', '5.6.2', ['workspace:.', 'workspace:packages/legacy'])];
    const head = [dep('typescript', '5.6.2', ['workspace:packages/legacy']), dep('typescript', '6.0.3', ['workspace:.'])];
    expect(diff(base, head)).toEqual(['upgraded typescript@5.6.2->6.0.3']);
  });

  it('pairs each new version with the version its dependent left, not in version order', () => {
    // By version order alone 8.4.47 (the only gone one) would pair with 8.5.23, the highest new one.
    const base = [
      dep('postcss', '8.4.47', ['autoprefixer']),
      dep('postcss', '8.5.19', ['workspace:packages/compiler-sfc', 'vite']),
    ];
    const head = [
      dep('postcss', '8.4.49', ['autoprefixer']),
      dep('postcss', '8.5.19', ['vite']),
      dep('postcss', '8.5.23', ['workspace:packages/compiler-sfc']),
    ];
    expect(diff(base, head)).toEqual(['upgraded postcss@8.4.47->8.4.49', 'upgraded postcss@8.5.19->8.5.23']);
  });

  it('pairs a gone version once; the other new versions are added', () => {
    const base = [dep('glob', '7.2.0', ['a', 'b'])];
    const head = [dep('glob', '8.1.0', ['a']), dep('glob', '10.4.5', ['b'])];
    // One dependent each: the nearer version (8.1.0, rank 1 from 7.2.0 against rank 2) wins.
    expect(diff(base, head)).toEqual(['added glob@10.4.5', 'upgraded glob@7.2.0->8.1.0']);
  });

  it('prefers the base version that lost more dependents to the new one over a nearer one', () => {
    const base = [dep('ms', '2.0.0', ['x', 'y']), dep('ms', '2.1.2', ['z'])];
    const head = [dep('ms', '2.1.3', ['x', 'y', 'z'])];
    expect(diff(base, head)).toEqual(['removed ms@2.1.2', 'upgraded ms@2.0.0->2.1.3']);
  });

  it('a version still present that lost no dependent is no `from`: the new version is added', () => {
    const base = [dep('debug', '2.6.9', ['express'])];
    const head = [dep('debug', '2.6.9', ['express']), dep('debug', '4.3.4', ['workspace:.'])];
    expect(diff(base, head)).toEqual(['added debug@4.3.4']);
  });

  it('falls back to the nearest gone version when the dependents do not overlap', () => {
    const base = [dep('semver', '5.7.2', ['a']), dep('semver', '7.5.4', ['b'])];
    expect(diff(base, [dep('semver', '7.6.0', ['c'])])).toEqual(['removed semver@5.7.2', 'upgraded semver@7.5.4->7.6.0']);
    // Pairing from the top would make this `downgraded 7.5.4->5.7.3`.
    expect(diff(base, [dep('semver', '5.7.3', ['c'])])).toEqual(['upgraded semver@5.7.2->5.7.3', 'removed semver@7.5.4']);
  });

  it('reports the direction from the version order, not the text (1.10.0 > 1.9.0)', () => {
    expect(diff([dep('lib', '1.10.0', ['workspace:.'])], [dep('lib', '1.9.0', ['workspace:.'])])).toEqual(['downgraded lib@1.10.0->1.9.0']);
    const base = [dep('lib', '3.0.0', ['workspace:.']), dep('lib', '1.0.0', ['b'])];
    const head = [dep('lib', '2.0.0', ['workspace:.']), dep('lib', '1.0.0', ['b'])];
    expect(diff(base, head)).toEqual(['downgraded lib@3.0.0->2.0.0']);
  });
});

describe('diffDependencies: no dependents known (nearest version)', () => {
  it('pairs a new version with the nearest gone one, not with the highest', () => {
    // The old pairing (from the top) made this `downgraded 3.0.0->1.1.0` and `removed 1.0.0`.
    expect(diff([dep('a', '1.0.0'), dep('a', '3.0.0')], [dep('a', '1.1.0')])).toEqual(['upgraded a@1.0.0->1.1.0', 'removed a@3.0.0']);
  });

  it('keeps two release lines apart', () => {
    const base = [dep('b', '1.0.0'), dep('b', '2.0.0')];
    const head = [dep('b', '2.1.0'), dep('b', '1.1.0')];
    expect(diff(base, head)).toEqual(['upgraded b@1.0.0->1.1.0', 'upgraded b@2.0.0->2.1.0']);
  });

  it('breaks an equal distance towards the lower base version, whatever the input order', () => {
    const base = [dep('c', '3.0.0'), dep('c', '1.0.0')];
    const head = [dep('c', '2.0.0')];
    expect(diff(base, head)).toEqual(['upgraded c@1.0.0->2.0.0', 'removed c@3.0.0']);
    expect(diff([...base].reverse(), head)).toEqual(['upgraded c@1.0.0->2.0.0', 'removed c@3.0.0']);
  });

  it('a version on both sides is no change, one on each side is a pair', () => {
    expect(diff([dep('d', '1.0.0'), dep('d', '2.0.0')], [dep('d', '2.0.0'), dep('d', '1.0.0')])).toEqual([]);
    expect(diff([dep('e', '1.0.0')], [dep('e', '1.0.1')])).toEqual(['upgraded e@1.0.0->1.0.1']);
    expect(diff([dep('e', '1.0.0')], [dep('e', '1.0.0')])).toEqual([]);
  });
});

describe('diffDependencies: grouping and order', () => {
  it('never pairs across manifests and sorts by manifest, name, version', () => {
    const base = [dep('z', '1.0.0', ['workspace:.'], 'b/pnpm-lock.yaml'), dep('y', '1.0.0', undefined, 'a/pnpm-lock.yaml')];
    const head = [dep('z', '2.0.0', ['workspace:.'], 'a/pnpm-lock.yaml'), dep('x', '1.0.0', undefined, 'a/pnpm-lock.yaml')];
    expect(diff(base, head)).toEqual(['added x@1.0.0', 'removed y@1.0.0', 'added z@2.0.0', 'removed z@1.0.0']);
  });

  it('gives the same pairs for any order of the input', () => {
    const base = [dep('p', '1.0.0', ['a']), dep('p', '2.0.0', ['b']), dep('p', '3.0.0', ['c'])];
    const head = [dep('p', '1.0.0', ['a']), dep('p', '2.5.0', ['b', 'c']), dep('p', '4.0.0', [])];
    const expected = ['upgraded p@2.0.0->2.5.0', 'upgraded p@3.0.0->4.0.0'];
    expect(diff(base, head)).toEqual(expected);
    expect(diff([...base].reverse(), [...head].reverse())).toEqual(expected);
  });

  it('keeps the input order of changes that sort equal, across manifests read by two ecosystems', () => {
    // Same manifest, name and version from two ecosystems: only their order in the input tells them apart.
    const other = (name: string, version: string): Dependency => ({ ...dep(name, version), ecosystem: 'npm' });
    const base = [other('q', '1.0.0'), dep('q', '1.0.0'), dep('r', '1.0.0'), other('r', '1.0.0')];
    const changes = diffDependencies(base, []);
    expect(changes.map((change) => `${change.change} ${change.dependency.ecosystem}:${change.dependency.name}`)).toEqual([
      'removed npm:q',
      'removed pnpm:q',
      'removed pnpm:r',
      'removed npm:r',
    ]);
  });

  it('reads everything as added against an empty base, sorted, in one pass', () => {
    const head = [dep('b', '1.0.0', undefined, 'x/pnpm-lock.yaml'), dep('c', '2.0.0'), dep('a', '1.0.0'), dep('c', '1.0.0')];
    expect(diff([], head)).toEqual(['added a@1.0.0', 'added c@1.0.0', 'added c@2.0.0', 'added b@1.0.0']);
  });

  it('against an empty base, keeps the head order of entries that sort equal (two ecosystems, one manifest)', () => {
    const other = (name: string, version: string): Dependency => ({ ...dep(name, version), ecosystem: 'npm' });
    const head = [dep('r', '1.0.0'), other('q', '1.0.0'), other('r', '1.0.0'), dep('q', '1.0.0')];
    const changes = diffDependencies([], head);
    expect(changes.map((change) => `${change.change} ${change.dependency.ecosystem}:${change.dependency.name}`)).toEqual([
      'added npm:q',
      'added pnpm:q',
      'added pnpm:r',
      'added npm:r',
    ]);
  });

  it('against an empty base, orders as one stable comparator over manifest, name and version does', () => {
    let state = 11;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const text = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
    for (let round = 0; round < 50; round++) {
      const head = Array.from({ length: Math.floor(random() * 200) }, (_, index) => {
        const entry = dep(pick(['a', 'B', 'b', 'ab', 'é', '@s/x', '']), pick(['1.0.0', '10.0.0', '2.0.0', '']), undefined, pick(['pnpm-lock.yaml', 'a/pnpm-lock.yaml', 'Z.yaml']));
        // A few without a version; the line tells equal entries apart.
        return random() < 0.1 ? { ...entry, version: undefined, line: index } : { ...entry, line: index };
      });
      const expected = [...head].sort((a, b) => text(a.manifest, b.manifest) || text(a.name, b.name) || text(a.version ?? '', b.version ?? ''));
      const changes = diffDependencies([], head);
      expect(changes.every((change) => change.change === 'added')).toBe(true);
      expect(changes.map((change) => change.dependency)).toEqual(expected);
      expect(changes.map((change) => change.dependency.line)).toEqual(expected.map((dependency) => dependency.line));
    }
  });

  it('matches a package only within its manifest and ecosystem', () => {
    const base = [dep('p', '1.0.0', undefined, 'a/pnpm-lock.yaml'), { ...dep('p', '1.0.0'), ecosystem: 'npm' }];
    const head = [dep('p', '2.0.0', undefined, 'a/pnpm-lock.yaml'), dep('p', '2.0.0')];
    expect(diff(base, head)).toEqual(['upgraded p@1.0.0->2.0.0', 'removed p@1.0.0', 'added p@2.0.0']);
  });
});
