import { describe, expect, it } from '@jest/globals';
import { collectDependencies } from '../../src/evaluation/collect.js';
import type { Dependency, Ecosystem } from '../../src/ecosystems/types.js';

const many = (count: number): Dependency[] =>
  Array.from({ length: count }, (_, i) => ({ ecosystem: 'fake', name: `p${i}`, version: '1.0.0', purl: `pkg:npm/p${i}@1.0.0`, manifest: 'big.lock', scope: 'runtime', direct: false }));

const fake = (id: string, extract: Ecosystem['extract']): Ecosystem => ({ id, owns: () => true, extract });

describe('collectDependencies', () => {
  it('reads the other projects when one reader throws, and reports the one that did', () => {
    const broken = fake('broken', () => {
      throw new TypeError("Cannot read properties of null (reading 'link')");
    });
    const fine = fake('fine', () => ({ dependencies: many(1), manifests: [{ path: 'ok.lock', packages: 1 }], problems: [] }));
    const read = (path: string) => (path === 'x.lock' || path === 'ok.lock' ? '{}' : undefined);
    const collected = collectDependencies(
      [
        { ecosystem: broken, project: { root: '', paths: ['x.lock'] } },
        { ecosystem: fine, project: { root: '', paths: ['ok.lock'] } },
      ],
      read,
    );
    expect(collected.problems).toEqual([{ path: 'x.lock', message: "could not be read (broken reader failed: Cannot read properties of null (reading 'link'))" }]);
    expect(collected.dependencies.map((d) => d.name)).toEqual(['p0']);
  });

  it('takes a project of 200,000 packages without overflowing the stack', () => {
    // push(...array) throws RangeError past ~120k arguments.
    const big = fake('big', () => ({ dependencies: many(200_000), manifests: [{ path: 'big.lock', packages: 200_000 }], problems: [] }));
    const collected = collectDependencies([{ ecosystem: big, project: { root: '', paths: ['big.lock'] } }], () => '{}');
    expect(collected.problems).toEqual([]);
    expect(collected.dependencies).toHaveLength(200_000);
  });
});
