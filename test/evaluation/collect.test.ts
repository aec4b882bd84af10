import { describe, expect, it } from '@jest/globals';
import { collectDependencies, findProjects } from '../../src/evaluation/collect.js';
import { npm } from '../../src/ecosystems/npm/index.js';
import { groupJsProjects, ownsJsPath } from '../../src/ecosystems/package-json.js';
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

describe('findProjects: a manifest several ecosystems share', () => {
  // Made up here, in no registry: a package manager reading package.json with its own lockfile.
  const denoLockfiles = ['deno.lock'];
  const deno: Ecosystem = {
    id: 'deno',
    lockfiles: denoLockfiles,
    sharedManifest: 'package.json',
    owns: (path) => ownsJsPath(path, denoLockfiles),
    projects: (ownedPaths, allPaths, context) => groupJsProjects(ownedPaths, allPaths, context.governingLockfiles, false),
    extract: () => ({ dependencies: [], manifests: [], problems: [] }),
  };
  const paths = [
    'package.json',
    'package-lock.json',
    'apps/loose/package.json',
    'apps/web/deno.lock',
    'apps/web/package.json',
    'apps/web/lib/package.json',
    'apps/web/tools/package-lock.json',
    'apps/web/tools/package.json',
    'README.md',
  ];
  const projectsOf = (refs: ReturnType<typeof findProjects>, id: string) => refs.filter((ref) => ref.ecosystem.id === id).map((ref) => ref.project);

  it('npm leaves the package.json files below a lockfile of another ecosystem alone', () => {
    // By hand: apps/web holds deno.lock, so apps/web and apps/web/lib are deno's; apps/loose has
    // no lockfile of its own, the root package-lock.json is the nearest; tools/ has its own.
    const refs = findProjects(paths, [npm, deno]);
    expect(projectsOf(refs, 'npm')).toEqual([
      { root: '', paths: ['apps/loose/package.json', 'package-lock.json', 'package.json'] },
      { root: 'apps/web/tools', paths: ['apps/web/tools/package-lock.json', 'apps/web/tools/package.json'] },
    ]);
    // The other way round too: deno learns npm's lockfiles and leaves tools/ to npm.
    expect(projectsOf(refs, 'deno')).toEqual([{ root: 'apps/web', paths: ['apps/web/deno.lock', 'apps/web/lib/package.json', 'apps/web/package.json'] }]);
  });

  it('without that ecosystem, npm takes them: deno.lock is then no lockfile at all', () => {
    expect(projectsOf(findProjects(paths, [npm]), 'npm')).toEqual([
      { root: '', paths: ['apps/loose/package.json', 'apps/web/lib/package.json', 'apps/web/package.json', 'package-lock.json', 'package.json'] },
      { root: 'apps/web/tools', paths: ['apps/web/tools/package-lock.json', 'apps/web/tools/package.json'] },
    ]);
  });

  it('every registered ecosystem counts even when only one is asked for: a yarn.lock keeps npm out', () => {
    const tree = ['package-lock.json', 'package.json', 'web/yarn.lock', 'web/package.json'];
    expect(projectsOf(findProjects(tree, [npm]), 'npm')).toEqual([{ root: '', paths: ['package-lock.json', 'package.json'] }]);
  });
});
