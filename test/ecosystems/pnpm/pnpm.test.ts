import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { pnpm } from '../../../src/ecosystems/pnpm/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectWorkspaceDependents, runPairing, WORKSPACE_UPGRADES } from '../../deps/pairing.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pnpm/${name}`, import.meta.url), 'utf8');
const byName = (dependencies: Dependency[]) => new Map(dependencies.map((d) => [`${d.name}@${d.version}`, d]));
const manifest = (declarations: Record<string, Record<string, string>>) => JSON.stringify({ name: 'fixture', ...declarations }, null, 2);

describe('pnpm lockfileVersion 5.4', () => {
  const rootManifest = manifest({
    dependencies: { 'react-dom': '^18.2.0', 'string-width-cjs': 'npm:string-width@^4.2.0' },
    devDependencies: { '@types/react': '^18.0.0', typescript: '^4.8.4' },
  });
  const result = pnpm.extract([
    { path: 'pnpm-lock.yaml', content: fixture('lock-v5.yaml') },
    { path: 'package.json', content: rootManifest },
  ]);
  const deps = byName(result.dependencies);

  it('reads /name/version keys, strips peer suffixes, skips file: and link: entries', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      '@types/react@18.0.21',
      'js-tokens@4.0.0',
      'loose-envify@1.4.0',
      'react-dom@18.2.0',
      'react@18.2.0',
      'string-width@4.2.3',
      'tiny-fork@1.0.1',
      'typescript@4.8.4',
    ]);
    expect(result.manifests).toEqual([{ path: 'pnpm-lock.yaml', packages: 8 }]);
  });

  it('takes scope from the dev flag (absent: dev and prod) and direct from the importers', () => {
    expect(deps.get('@types/react@18.0.21')).toMatchObject({
      ecosystem: 'pnpm',
      purl: 'pkg:npm/%40types/react@18.0.21',
      line: 30,
      scope: 'development',
      direct: true,
      declaredAt: { path: 'package.json', line: 8 },
    });
    expect(deps.get('react-dom@18.2.0')).toMatchObject({ line: 43, scope: 'runtime', direct: true, declaredAt: { line: 4 } });
    expect(deps.get('react@18.2.0')).toMatchObject({ line: 52, scope: 'runtime', direct: false });
    expect(deps.get('js-tokens@4.0.0')).toMatchObject({ line: 34, scope: 'runtime', direct: false });
    expect(deps.get('typescript@4.8.4')).toMatchObject({ line: 63, scope: 'development', direct: true, declaredAt: { line: 9 } });
    // An alias (`/string-width/4.2.3`) is the real package, declared under its alias name.
    expect(deps.get('string-width@4.2.3')).toMatchObject({ line: 58, direct: true, declaredAt: { line: 5 } });
    // A git dependency of packages/ui: name and version from the entry; no package.json for it here.
    expect(deps.get('tiny-fork@1.0.1')).toMatchObject({ line: 77, scope: 'runtime', direct: true });
    expect(deps.get('tiny-fork@1.0.1')?.declaredAt).toBeUndefined();
  });

  it("a workspace member's package.json gives its declaration lines", () => {
    const ui = manifest({ dependencies: { '@acme/core': 'workspace:*', 'local-dep': 'file:./local-dep', 'tiny-fork': 'github:acme/tiny-fork#abc1234' } });
    const withUi = byName(
      pnpm.extract([
        { path: 'pnpm-lock.yaml', content: fixture('lock-v5.yaml') },
        { path: 'packages/ui/package.json', content: ui },
      ]).dependencies,
    );
    expect(withUi.get('tiny-fork@1.0.1')?.declaredAt).toEqual({ path: 'packages/ui/package.json', line: 6 });
  });
});

describe('pnpm lockfileVersion 6.0', () => {
  const result = pnpm.extract([{ path: 'web/pnpm-lock.yaml', content: fixture('lock-v6.yaml') }]);
  const deps = byName(result.dependencies);

  it('reads /name@version(peers) keys and a single-project lockfile without importers', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      '@vitejs/plugin-react@4.0.0',
      'esbuild@0.17.19',
      'left-pad@1.3.0',
      'react-refresh@0.14.0',
      'string-width@4.2.3',
      'vite@4.3.9',
    ]);
    expect(deps.get('@vitejs/plugin-react@4.0.0')).toMatchObject({ manifest: 'web/pnpm-lock.yaml', line: 30, scope: 'runtime', direct: true });
    // The patch hash is written like a peer suffix.
    expect(deps.get('left-pad@1.3.0')).toMatchObject({ line: 46, scope: 'runtime', direct: true, purl: 'pkg:npm/left-pad@1.3.0' });
    expect(deps.get('esbuild@0.17.19')).toMatchObject({ line: 40, scope: 'development', direct: false });
    expect(deps.get('string-width@4.2.3')).toMatchObject({ line: 56, direct: true });
    // No dev flag: used by both dev and prod.
    expect(deps.get('vite@4.3.9')).toMatchObject({ line: 61, scope: 'runtime', direct: true });
  });
});

describe('pnpm lockfileVersion 9.0', () => {
  const result = pnpm.extract([
    { path: 'pnpm-lock.yaml', content: fixture('lock-v9.yaml') },
    { path: 'package.json', content: manifest({ dependencies: { debug: 'npm:obug@^1.0.2', 'react-dom': '^18.2.0' }, devDependencies: { typescript: '^5.4.5' } }) },
  ]);
  const deps = byName(result.dependencies);

  it('reads packages, skips file: packages and link: importers', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      'js-tokens@4.0.0',
      'loose-envify@1.4.0',
      'ms@2.1.3',
      'obug@1.0.2',
      'orphan@1.0.0',
      'react-dom@18.2.0',
      'react@18.2.0',
      'tarball-pkg@2.1.0',
      'typescript@5.4.5',
    ]);
  });

  it('derives scope by walking the snapshots from the importers', () => {
    expect(deps.get('obug@1.0.2')).toMatchObject({ line: 59, scope: 'runtime', direct: true, declaredAt: { path: 'package.json', line: 4 } });
    expect(deps.get('ms@2.1.3')).toMatchObject({ line: 56, scope: 'runtime', direct: false });
    expect(deps.get('react-dom@18.2.0')).toMatchObject({ line: 67, scope: 'runtime', direct: true, declaredAt: { line: 5 } });
    // A dev dependency of packages/ui, but react-dom (runtime) needs it too.
    expect(deps.get('react@18.2.0')).toMatchObject({ line: 72, scope: 'runtime', direct: true });
    expect(deps.get('typescript@5.4.5')).toMatchObject({ line: 76, scope: 'development', direct: true, declaredAt: { line: 8 } });
    // Reached only through the injected file: package, which packages/ui depends on.
    expect(deps.get('js-tokens@4.0.0')).toMatchObject({ line: 49, scope: 'runtime', direct: false });
    expect(deps.get('tarball-pkg@2.1.0')).toMatchObject({ line: 40, scope: 'runtime', direct: true, purl: 'pkg:npm/tarball-pkg@2.1.0' });
    expect(deps.get('orphan@1.0.0')).toMatchObject({ line: 64, scope: 'unknown', direct: false });
  });

  it('records who requires each package: importers by path, packages by name (aliases and peers resolved)', () => {
    // From the fixture's snapshots: `debug: obug@1.0.2(ms@2.1.3)` under importer `.`; js-tokens is
    // required by loose-envify and by the injected file: package; nothing requires orphan.
    expect(deps.get('obug@1.0.2')?.requiredBy).toEqual(['workspace:.']);
    expect(deps.get('ms@2.1.3')?.requiredBy).toEqual(['obug']);
    expect(deps.get('react@18.2.0')?.requiredBy).toEqual(['injected-dep', 'react-dom', 'workspace:packages/ui']);
    expect(deps.get('js-tokens@4.0.0')?.requiredBy).toEqual(['injected-dep', 'loose-envify']);
    expect(deps.get('tarball-pkg@2.1.0')?.requiredBy).toEqual(['workspace:packages/ui']);
    expect(deps.get('orphan@1.0.0')?.requiredBy).toEqual([]);
  });
});

describe('pnpm problems and projects', () => {
  it('reports invalid YAML with its position', () => {
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content: "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: [\n" }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'pnpm-lock.yaml', line: expect.any(Number), column: expect.any(Number) })]);
    expect(result.problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('reports an unsupported lockfileVersion at its line', () => {
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content: "# comment\nlockfileVersion: '2.0'\n" }]);
    expect(result.problems).toEqual([{ path: 'pnpm-lock.yaml', line: 2, message: expect.stringContaining('unsupported lockfileVersion "2.0"') }]);
  });

  it('owns pnpm-lock.yaml and package.json; groups workspace members under the lockfile', () => {
    expect(pnpm.owns('pnpm-lock.yaml')).toBe(true);
    expect(pnpm.owns('pnpm-workspace.yaml')).toBe(false);
    const all = ['pnpm-lock.yaml', 'package.json', 'packages/a/package.json', 'lone/sub/package.json'];
    expect(pnpm.projects?.(all.filter((path) => pnpm.owns(path)), all, projectContextOf(pnpm))).toEqual([
      { root: '', paths: ['lone/sub/package.json', 'package.json', 'packages/a/package.json', 'pnpm-lock.yaml'] },
    ]);
  });
});

describe('pnpm: versions paired by who depends on them', () => {
  const file = (name: string) => [{ path: 'pnpm-lock.yaml', content: fixture(name) }];

  // By hand from the fixtures: importers `.` and packages/legacy both list typescript 5.6.2 at
  // base; at head `.` lists 6.0.3 and legacy still 5.6.2. packages/compiler-sfc lists postcss
  // 8.5.19 (which vite's node also depends on) at base, 8.5.23 at head; autoprefixer's node
  // depends on postcss 8.4.47 at base, 8.4.49 at head; vite stays on 8.5.19.
  it.each([
    ['9.0 (importers + snapshots)', 'pairing-v9'],
    ['6.0 (importers + packages graph)', 'pairing-v6'],
  ])('lockfileVersion %s: typescript and postcss are upgrades, not additions', (_, prefix) => {
    const result = runPairing((sources) => pnpm.extract(sources), file(`${prefix}-base.yaml`), file(`${prefix}-head.yaml`));
    expect(result.summary).toEqual(WORKSPACE_UPGRADES);
    expectWorkspaceDependents(result);
    expect(result.head('pkg:npm/autoprefixer@10.4.20')).toEqual(['workspace:.']);
  });
});
