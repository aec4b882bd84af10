import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { yarn } from '../../../src/ecosystems/yarn/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import type { Dependency, SourceFile } from '../../../src/ecosystems/types.js';
import { expectWorkspaceDependents, runPairing, WORKSPACE_UPGRADES } from '../../deps/pairing.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/yarn/${name}`, import.meta.url), 'utf8');
const byName = (dependencies: Dependency[]) => new Map(dependencies.map((d) => [`${d.name}@${d.version}`, d]));

describe('yarn classic (v1)', () => {
  const result = yarn.extract([
    { path: 'app/yarn.lock', content: fixture('classic.lock') },
    { path: 'app/package.json', content: fixture('classic-package.json') },
  ]);
  const deps = byName(result.dependencies);

  it('extracts every resolved package once, skipping file: entries', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      '@babel/code-frame@7.22.13',
      'debug@4.3.4',
      'fsevents@2.3.3',
      'js-tokens@4.0.0',
      'ms@2.1.2',
      'ms@2.1.3',
      'orphan@1.0.0',
      'string-width@4.2.3',
    ]);
    expect(result.manifests).toEqual([{ path: 'app/yarn.lock', packages: 8 }]);
    expect(deps.get('@babel/code-frame@7.22.13')?.purl).toBe('pkg:npm/%40babel/code-frame@7.22.13');
  });

  it('marks direct dependencies with their package.json line, and the header line of each entry', () => {
    expect(deps.get('@babel/code-frame@7.22.13')).toMatchObject({
      ecosystem: 'yarn',
      manifest: 'app/yarn.lock',
      line: 5,
      direct: true,
      scope: 'development',
      declaredAt: { path: 'app/package.json', line: 10 },
    });
    expect(deps.get('debug@4.3.4')).toMatchObject({ line: 12, direct: true, scope: 'runtime', declaredAt: { path: 'app/package.json', line: 5 } });
    // `string-width-cjs@npm:string-width@^4.2.0` installs string-width.
    expect(deps.get('string-width@4.2.3')).toMatchObject({
      line: 39,
      direct: true,
      scope: 'runtime',
      purl: 'pkg:npm/string-width@4.2.3',
      declaredAt: { path: 'app/package.json', line: 6 },
    });
  });

  it('derives transitive scopes from the graph', () => {
    expect(deps.get('js-tokens@4.0.0')).toMatchObject({ line: 18, direct: false, scope: 'development' });
    expect(deps.get('ms@2.1.2')).toMatchObject({ line: 27, direct: false, scope: 'runtime' });
    // Reached through the file: dependency local-helper (not reported itself).
    expect(deps.get('ms@2.1.3')).toMatchObject({ line: 31, direct: false, scope: 'runtime' });
    // optionalDependencies are edges too.
    expect(deps.get('fsevents@2.3.3')).toMatchObject({ line: 45, scope: 'runtime' });
    expect(deps.get('orphan@1.0.0')).toMatchObject({ line: 35, direct: false, scope: 'unknown' });
  });

  it('without package.json: nothing is direct and scopes are unknown', () => {
    const alone = yarn.extract([{ path: 'yarn.lock', content: fixture('classic.lock') }]);
    expect(alone.dependencies).toHaveLength(8);
    expect(alone.dependencies.every((d) => !d.direct && d.scope === 'unknown' && d.declaredAt === undefined)).toBe(true);
  });
});

describe('yarn berry', () => {
  const files = [
    { path: 'yarn.lock', content: fixture('berry.lock') },
    { path: 'package.json', content: fixture('berry-package.json') },
  ];
  // As the pipeline reads it: extract, then the copies of one version merged.
  const extracted = yarn.extract(files);
  const result = { ...extracted, dependencies: mergeDuplicates(extracted.dependencies) };
  const deps = byName(result.dependencies);

  it('skips workspaces, unwraps patches and aliases, strips registry suffixes', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      'chalk@5.3.0',
      'left-pad@1.3.0',
      'prettier@2.8.8',
      'private-thing@3.1.2',
      'typescript@5.4.5',
      'vendored-lib@2.0.0',
    ]);
    // The patched typescript is the same package as the plain one: one entry once merged, and the
    // manifest counts it once although extract gives both copies (the pipeline merges, once).
    expect(result.dependencies.filter((d) => d.name === 'typescript')).toHaveLength(1);
    expect(extracted.dependencies.filter((d) => d.name === 'typescript')).toHaveLength(2);
    expect(extracted.manifests).toEqual([{ path: 'yarn.lock', packages: 6 }]);
  });

  it('reads scope and declaration lines from package.json', () => {
    expect(deps.get('chalk@5.3.0')).toMatchObject({ line: 29, direct: true, scope: 'runtime', declaredAt: { path: 'package.json', line: 6 } });
    expect(deps.get('vendored-lib@2.0.0')).toMatchObject({ line: 79, direct: true, scope: 'runtime', declaredAt: { line: 7 } });
    expect(deps.get('private-thing@3.1.2')).toMatchObject({ line: 52, direct: true, scope: 'runtime', purl: 'pkg:npm/private-thing@3.1.2' });
    expect(deps.get('prettier@2.8.8')).toMatchObject({ line: 43, direct: true, scope: 'development', declaredAt: { line: 11 } });
    expect(deps.get('typescript@5.4.5')).toMatchObject({ line: 59, direct: true, scope: 'development', declaredAt: { line: 12 } });
  });

  it('a workspace without its package.json: its dependencies are direct, of unknown scope', () => {
    expect(deps.get('left-pad@1.3.0')).toMatchObject({ line: 36, direct: true, scope: 'unknown' });
    expect(deps.get('left-pad@1.3.0')?.declaredAt).toBeUndefined();
  });

  it('a workspace with its package.json: scope and line from it', () => {
    const member = JSON.stringify({ name: '@acme/utils', dependencies: { 'left-pad': '^1.3.0' } }, null, 2);
    const withMember = byName(yarn.extract([...files, { path: 'packages/utils/package.json', content: member }]).dependencies);
    expect(withMember.get('left-pad@1.3.0')).toMatchObject({
      direct: true,
      scope: 'runtime',
      declaredAt: { path: 'packages/utils/package.json', line: 4 },
    });
  });
});

describe('yarn problems and projects', () => {
  it('reports a broken classic lockfile with its position', () => {
    const content = '# yarn lockfile v1\n\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n resolved "x"\n';
    const result = yarn.extract([{ path: 'yarn.lock', content }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'yarn.lock', line: 6, column: expect.any(Number) })]);
    expect(result.problems[0]?.message).toMatch(/^invalid yarn.lock: /);
  });

  it('reports a broken berry lockfile with its position', () => {
    const content = '__metadata:\n  version: 8\n\n"a@npm:^1":\n  version: [1.0.0\n';
    const result = yarn.extract([{ path: 'yarn.lock', content }]);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'yarn.lock', line: expect.any(Number) })]);
  });

  it('still reports a broken package.json beside a good lockfile', () => {
    const result = yarn.extract([
      { path: 'yarn.lock', content: fixture('classic.lock') },
      { path: 'package.json', content: '{ "dependencies": { ' },
    ]);
    expect(result.dependencies).toHaveLength(8);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'package.json' })]);
  });

  it('owns yarn.lock and package.json, groups members under the lockfile, leaves lone package.json alone', () => {
    expect(yarn.owns('web/yarn.lock')).toBe(true);
    expect(yarn.owns('node_modules/x/yarn.lock')).toBe(false);
    expect(yarn.owns('package-lock.json')).toBe(false);
    const all = ['yarn.lock', 'package.json', 'packages/a/package.json', 'tools/package.json', 'tools/package-lock.json', 'other/package.json'];
    const owned = all.filter((path) => yarn.owns(path));
    // tools/ has its own (npm) lockfile, so tools/package.json is npm's.
    expect(yarn.projects?.(owned, all, projectContextOf(yarn))).toEqual([
      { root: '', paths: ['other/package.json', 'package.json', 'packages/a/package.json', 'yarn.lock'] },
    ]);
  });
});

describe('yarn classic: requiredBy', () => {
  // By hand from classic.lock and classic-package.json (in app/, beside the lockfile).
  it('names the project for what its package.json declares, the entry name for the rest', () => {
    const deps = byName(
      yarn.extract([
        { path: 'app/yarn.lock', content: fixture('classic.lock') },
        { path: 'app/package.json', content: fixture('classic-package.json') },
      ]).dependencies,
    );
    expect(deps.get('debug@4.3.4')?.requiredBy).toEqual(['workspace:.']);
    expect(deps.get('ms@2.1.2')?.requiredBy).toEqual(['debug']);
    // A file: entry is no package, but it still depends on ms ^2.1.3.
    expect(deps.get('ms@2.1.3')?.requiredBy).toEqual(['local-helper']);
    // The alias string-width-cjs installs string-width; optional dependencies count.
    expect(deps.get('string-width@4.2.3')?.requiredBy).toEqual(['workspace:.']);
    expect(deps.get('fsevents@2.3.3')?.requiredBy).toEqual(['string-width']);
    expect(deps.get('orphan@1.0.0')?.requiredBy).toEqual([]);
  });
});

describe('yarn: versions paired by who depends on them', () => {
  const pairing = (name: string) => fixture(`pairing/${name}`);
  const run = (base: SourceFile[], head: SourceFile[]) => runPairing((files) => yarn.extract(files), base, head);

  // By hand from the fixtures: the root package.json moves typescript ~5.6.2 -> ~6.0.3 while
  // packages/legacy declares typescript 5.6.2 throughout; packages/compiler-sfc moves postcss
  // ^8.5.19 -> ^8.5.23 while vite keeps `postcss "8.5.19"`; autoprefixer ~8.4.47 -> ~8.4.49.
  it('classic workspace: the package.json files are the importers', () => {
    const files = (ref: 'base' | 'head'): SourceFile[] => [
      { path: 'yarn.lock', content: pairing(`classic-${ref}.lock`) },
      { path: 'package.json', content: pairing(`root-${ref}.json`) },
      { path: 'packages/compiler-sfc/package.json', content: pairing(`compiler-sfc-${ref}.json`) },
      { path: 'packages/legacy/package.json', content: pairing('legacy.json') },
    ];
    const result = run(files('base'), files('head'));
    expect(result.summary).toEqual(WORKSPACE_UPGRADES);
    expectWorkspaceDependents(result);
    expect(result.head('pkg:npm/postcss@8.5.23')).toEqual(['workspace:packages/compiler-sfc']);
  });

  // Only the root package.json is given: the members' dependencies come from their workspace
  // entries (`legacy@workspace:packages/legacy` lists `typescript: "npm:5.6.2"`); the builtin
  // typescript patch entries fold into the version they patch.
  it('berry workspace: workspace entries are importers too', () => {
    const files = (ref: 'base' | 'head'): SourceFile[] => [
      { path: 'yarn.lock', content: pairing(`berry-${ref}.lock`) },
      { path: 'package.json', content: pairing(`root-${ref}.json`) },
    ];
    const result = run(files('base'), files('head'));
    expect(result.summary).toEqual(WORKSPACE_UPGRADES);
    expectWorkspaceDependents(result);
    expect(result.head('pkg:npm/typescript@6.0.3')).toEqual(['workspace:.']);
    expect(result.head('pkg:npm/postcss@8.5.19')).toEqual(['vite']);
    expect(result.head('pkg:npm/autoprefixer@10.4.20')).toEqual(['workspace:.']);
  });
});
