import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { npm } from '../../../src/ecosystems/npm/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from '../../deps/identity.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/npm/${name}`, import.meta.url), 'utf8');

describe('npm lockfile v3', () => {
  it('extracts packages with purl, scope, direct flag, license and line', () => {
    const content = fixture('lock-v3.json');
    const result = npm.extract([{ path: 'package-lock.json', content }]);
    expect(result.problems).toEqual([]);
    const byPurl = new Map(result.dependencies.map((d) => [d.purl, d]));
    expect([...byPurl.keys()].sort()).toEqual([
      'pkg:npm/%40types/node@20.1.0',
      'pkg:npm/gpl-thing@3.0.0',
      'pkg:npm/left-pad@1.3.0',
      'pkg:npm/right-pad@1.0.1',
      'pkg:npm/tiny@1.0.0',
      'pkg:npm/tiny@2.0.0',
    ]);
    expect(byPurl.get('pkg:npm/%40types/node@20.1.0')).toMatchObject({ scope: 'development', direct: true, license: 'MIT', line: 19 });
    expect(byPurl.get('pkg:npm/tiny@2.0.0')).toMatchObject({ scope: 'runtime', direct: false, line: 36 });
    expect(byPurl.get('pkg:npm/gpl-thing@3.0.0')).toMatchObject({ scope: 'development', direct: true });
    expect(byPurl.get('pkg:npm/right-pad@1.0.1')).toMatchObject({ name: 'right-pad', direct: true });
  });

  it('says which packages run install scripts (npm writes hasInstallScript: true), and says nothing of the others', () => {
    const lock = {
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', dependencies: { esbuild: '^0.20.0', 'left-pad': '^1.3.0' } },
        'node_modules/esbuild': { version: '0.20.2', hasInstallScript: true },
        'node_modules/left-pad': { version: '1.3.0' },
      },
    };
    const result = npm.extract([{ path: 'package-lock.json', content: JSON.stringify(lock, null, 2) }]);
    const byName = new Map(result.dependencies.map((d) => [d.name, d]));
    expect(byName.get('esbuild')?.installScripts).toBe(true);
    expect(byName.get('left-pad')?.installScripts).toBeUndefined();
  });

  it('records who requires each install path, resolving nested node_modules first', () => {
    const result = npm.extract([{ path: 'package-lock.json', content: fixture('lock-v3.json') }]);
    const requiredBy = (purl: string) => result.dependencies.find((d) => d.purl === purl)?.requiredBy;
    // left-pad's `tiny` resolves to its nested copy (2.0.0); nothing requires the top-level 1.0.0.
    expect(requiredBy('pkg:npm/tiny@2.0.0')).toEqual(['left-pad']);
    expect(requiredBy('pkg:npm/tiny@1.0.0')).toEqual([]);
    // The alias `alias-pad` installs right-pad, required by the root importer.
    expect(requiredBy('pkg:npm/right-pad@1.0.1')).toEqual(['workspace:.']);
    expect(requiredBy('pkg:npm/%40types/node@20.1.0')).toEqual(['workspace:.']);
    expect(requiredBy('pkg:npm/gpl-thing@3.0.0')).toEqual(['workspace:packages/a']);
  });
});

/** Base and head of one project through extraction, merging and the diff, as the pipeline runs them. */
function diffFixtures(lockfile: string, baseFiles: Record<string, string>, headFiles: Record<string, string>) {
  const side = (files: Record<string, string>) => {
    const result = npm.extract(Object.entries(files).map(([path, name]) => ({ path, content: fixture(name) })));
    expect(result.problems).toEqual([]);
    return mergeDuplicates(result.dependencies);
  };
  const base = side(baseFiles);
  const head = side(headFiles);
  const changes = diffCollected(base, head);
  expectIdentitySetsUnchanged(base, head, changes);
  const find = (deps: Dependency[], purl: string) => deps.find((d) => d.manifest === lockfile && d.purl === purl);
  return { base, head, summary: summarize(changes), find };
}

const summarize = (changes: Change[]) =>
  changes.map((c) => (c.previous ? `${c.change} ${c.dependency.name} ${c.previous.version}->${c.dependency.version}` : `${c.change} ${c.dependency.name} ${c.dependency.version}`));

describe('npm: versions paired by who depends on them', () => {
  // By hand from the fixtures: the root importer ("") and packages/legacy both resolve
  // `typescript` to node_modules/typescript at base; at head the root gets 6.0.3 there and
  // legacy its own packages/legacy/node_modules/typescript 5.6.2. packages/compiler-sfc moves
  // from node_modules/postcss 8.5.19 (kept for vite) to its own 8.5.23; autoprefixer's nested
  // postcss moves 8.4.47 -> 8.4.49.
  it('v3 workspace: the root upgrades typescript while legacy keeps 5.6.2; compiler-sfc upgrades postcss', () => {
    const { base, head, summary, find } = diffFixtures(
      'package-lock.json',
      { 'package-lock.json': 'pairing-v3-base.json' },
      { 'package-lock.json': 'pairing-v3-head.json' },
    );
    expect(summary).toEqual(['upgraded postcss 8.4.47->8.4.49', 'upgraded postcss 8.5.19->8.5.23', 'upgraded typescript 5.6.2->6.0.3']);
    expect(find(base, 'pkg:npm/typescript@5.6.2')?.requiredBy).toEqual(['workspace:.', 'workspace:packages/legacy']);
    expect(find(head, 'pkg:npm/typescript@5.6.2')?.requiredBy).toEqual(['workspace:packages/legacy']);
    expect(find(base, 'pkg:npm/postcss@8.5.19')?.requiredBy).toEqual(['vite', 'workspace:packages/compiler-sfc']);
    expect(find(head, 'pkg:npm/postcss@8.5.23')?.requiredBy).toEqual(['workspace:packages/compiler-sfc']);
    expect(find(head, 'pkg:npm/postcss@8.4.49')?.requiredBy).toEqual(['autoprefixer']);
    // A devDependency of the root importer counts: vite is required by the root only.
    expect(find(head, 'pkg:npm/vite@5.4.0')?.requiredBy).toEqual(['workspace:.']);
  });

  // By hand: v1 has no importers; the root package.json declares typescript and postcss, which
  // resolve at the top level. ts-legacy requires typescript 5.6.2 (top level at base, nested
  // under ts-legacy at head); vite requires postcss 8.5.19 (top level at base, nested at head).
  it('v1 nested tree: the same two upgrades, resolved through nested dependencies', () => {
    const { base, head, summary, find } = diffFixtures(
      'package-lock.json',
      { 'package-lock.json': 'pairing-v1-base.json', 'package.json': 'pairing-v1-base-package.json' },
      { 'package-lock.json': 'pairing-v1-head.json', 'package.json': 'pairing-v1-head-package.json' },
    );
    expect(summary).toEqual(['upgraded postcss 8.4.47->8.4.49', 'upgraded postcss 8.5.19->8.5.23', 'upgraded typescript 5.6.2->6.0.3']);
    expect(find(base, 'pkg:npm/typescript@5.6.2')?.requiredBy).toEqual(['ts-legacy', 'workspace:.']);
    expect(find(head, 'pkg:npm/typescript@5.6.2')?.requiredBy).toEqual(['ts-legacy']);
    expect(find(head, 'pkg:npm/typescript@6.0.3')?.requiredBy).toEqual(['workspace:.']);
    expect(find(head, 'pkg:npm/postcss@8.5.19')?.requiredBy).toEqual(['vite']);
    expect(find(head, 'pkg:npm/postcss@8.4.49')?.requiredBy).toEqual(['autoprefixer']);
    // Declared in the root package.json, required by nothing else.
    expect(find(base, 'pkg:npm/autoprefixer@10.4.20')?.requiredBy).toEqual(['workspace:.']);
  });

  it('v1 without the package.json: the root requires nothing we can see, so versions only it moved to are added', () => {
    const { summary, find, head } = diffFixtures(
      'package-lock.json',
      { 'package-lock.json': 'pairing-v1-base.json' },
      { 'package-lock.json': 'pairing-v1-head.json' },
    );
    expect(find(head, 'pkg:npm/typescript@6.0.3')?.requiredBy).toEqual([]);
    // typescript 5.6.2 stays and lost no dependent (ts-legacy still has it): 6.0.3 is added.
    expect(summary).toEqual(['upgraded postcss 8.4.47->8.4.49', 'added postcss 8.5.23', 'added typescript 6.0.3']);
  });
});
