import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bun } from '../../../src/ecosystems/bun/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectWorkspaceDependents, runPairing, WORKSPACE_UPGRADES } from '../../deps/pairing.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bun/${name}`, import.meta.url), 'utf8');
const byName = (dependencies: Dependency[]) => new Map(dependencies.map((d) => [`${d.name}@${d.version ?? d.requirement}`, d]));
const LOCKB = 'bun.lockb is a binary lockfile we cannot read: run `bun install --save-text-lockfile` and commit bun.lock';

describe('bun.lock', () => {
  const files = [
    { path: 'bun.lock', content: fixture('bun.lock') },
    { path: 'package.json', content: fixture('package.json') },
  ];
  const result = bun.extract(files);
  const deps = byName(result.dependencies);

  it('reads JSONC with trailing commas; skips workspaces; real names for aliases and nested installs', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      '@types/node@20.11.30',
      'ansi-regex@5.0.1',
      'ansi-regex@6.0.1',
      'chalk@5.3.0',
      'js-tokens@4.0.0',
      'loose-envify@1.4.0',
      'orphan@1.0.0',
      'react@18.2.0',
      'scheduler@0.23.0',
      'strip-ansi@6.0.1',
      'tiny-fork@github:acme/tiny-fork#abc1234',
      'undici-types@5.26.5',
    ]);
    expect(result.manifests).toEqual([{ path: 'bun.lock', packages: 12 }]);
  });

  it('direct dependencies carry their package.json line; every entry its lockfile line', () => {
    expect(deps.get('chalk@5.3.0')).toMatchObject({
      ecosystem: 'bun',
      purl: 'pkg:npm/chalk@5.3.0',
      manifest: 'bun.lock',
      line: 32,
      scope: 'runtime',
      direct: true,
      declaredAt: { path: 'package.json', line: 6 },
    });
    expect(deps.get('strip-ansi@6.0.1')).toMatchObject({ line: 44, scope: 'runtime', direct: true, declaredAt: { line: 7 } });
    expect(deps.get('@types/node@20.11.30')).toMatchObject({ purl: 'pkg:npm/%40types/node@20.11.30', line: 28, scope: 'development', direct: true, declaredAt: { line: 10 } });
    // A git dependency: no version, its source as the requirement.
    expect(deps.get('tiny-fork@github:acme/tiny-fork#abc1234')).toMatchObject({
      requirement: 'github:acme/tiny-fork#abc1234',
      purl: 'pkg:npm/tiny-fork',
      line: 46,
      scope: 'development',
      direct: true,
      declaredAt: { line: 11 },
    });
    expect(deps.get('tiny-fork@github:acme/tiny-fork#abc1234')?.version).toBeUndefined();
  });

  it('resolves nested install paths and walks scopes', () => {
    // packages/ui's own copy sits under its package name.
    expect(deps.get('ansi-regex@6.0.1')).toMatchObject({ line: 26, scope: 'runtime', direct: true });
    expect(deps.get('ansi-regex@6.0.1')?.declaredAt).toBeUndefined();
    expect(deps.get('ansi-regex@5.0.1')).toMatchObject({ line: 30, scope: 'runtime', direct: false });
    expect(deps.get('react@18.2.0')).toMatchObject({ line: 40, scope: 'runtime', direct: true });
    expect(deps.get('js-tokens@4.0.0')).toMatchObject({ line: 34, scope: 'runtime', direct: false });
    expect(deps.get('undici-types@5.26.5')).toMatchObject({ line: 48, scope: 'development', direct: false });
    // An optional peer is no edge; nothing else needs scheduler or orphan.
    expect(deps.get('scheduler@0.23.0')).toMatchObject({ line: 42, scope: 'unknown' });
    expect(deps.get('orphan@1.0.0')).toMatchObject({ line: 38, scope: 'unknown', direct: false });
  });

  it("a member's package.json gives its declaration lines", () => {
    const ui = JSON.stringify({ name: '@acme/ui', dependencies: { 'ansi-regex': '^6.0.1', react: '^18.2.0' } }, null, 2);
    const withUi = byName(bun.extract([...files, { path: 'packages/ui/package.json', content: ui }]).dependencies);
    expect(withUi.get('ansi-regex@6.0.1')?.declaredAt).toEqual({ path: 'packages/ui/package.json', line: 4 });
  });
});

describe('bun problems and projects', () => {
  it('reports bun.lockb alone, ignores it beside bun.lock', () => {
    expect(bun.extract([{ path: 'app/bun.lockb', content: '\u0000binary' }])).toEqual({
      dependencies: [],
      manifests: [],
      problems: [{ path: 'app/bun.lockb', message: LOCKB }],
    });
    const both = bun.extract([
      { path: 'bun.lockb', content: '\u0000binary' },
      { path: 'bun.lock', content: fixture('bun.lock') },
    ]);
    expect(both.problems).toEqual([]);
    expect(both.dependencies).toHaveLength(12);
  });

  it('reports a syntax error with its position', () => {
    const result = bun.extract([{ path: 'bun.lock', content: '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": ["a@1.0.0" "", {}],\n  }\n}\n' }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path: 'bun.lock', line: 4, column: 21, message: 'invalid bun.lock: CommaExpected' }]);
  });

  it('reports a JSON document that is no bun.lock', () => {
    expect(bun.extract([{ path: 'bun.lock', content: '[]' }]).problems).toEqual([
      { path: 'bun.lock', line: 1, message: 'not a bun.lock: no "packages" object at the top level' },
    ]);
  });

  it('owns bun.lock, bun.lockb and package.json; groups them in one project', () => {
    expect(bun.owns('bun.lockb')).toBe(true);
    expect(bun.owns('x/node_modules/y/bun.lock')).toBe(false);
    const all = ['bun.lock', 'bun.lockb', 'package.json', 'packages/ui/package.json'];
    expect(bun.projects?.(all.filter((path) => bun.owns(path)), all, projectContextOf(bun))).toEqual([
      { root: '', paths: ['bun.lock', 'bun.lockb', 'package.json', 'packages/ui/package.json'] },
    ]);
  });
});

describe('bun: versions paired by who depends on them', () => {
  const files = (ref: 'base' | 'head') => [{ path: 'bun.lock', content: fixture(`pairing/${ref}.lock`) }];

  // By hand from the fixtures: the root workspace declares typescript ~5.6.2 -> ~6.0.3 (install
  // path `typescript`); packages/legacy declares 5.6.2 and at head gets its own `legacy/typescript`.
  // packages/compiler-sfc's postcss moves from the top-level 8.5.19 (kept for vite) to its own
  // `compiler-sfc/postcss` 8.5.23; `autoprefixer/postcss` moves 8.4.47 -> 8.4.49.
  it('a workspace: typescript and postcss are upgrades, not additions', () => {
    const result = runPairing((sources) => bun.extract(sources), files('base'), files('head'));
    expect(result.summary).toEqual(WORKSPACE_UPGRADES);
    expectWorkspaceDependents(result);
    expect(result.head('pkg:npm/postcss@8.5.23')).toEqual(['workspace:packages/compiler-sfc']);
  });

  it('records dependents through nested install paths and aliases in the shared fixture', () => {
    const deps = byName(bun.extract([{ path: 'bun.lock', content: fixture('bun.lock') }]).dependencies);
    // `@acme/ui/ansi-regex` (6.0.1) is packages/ui's own; strip-ansi (installed as strip-ansi-cjs)
    // resolves ansi-regex at the top level (5.0.1); react's optional peer scheduler is not counted.
    expect(deps.get('ansi-regex@6.0.1')?.requiredBy).toEqual(['workspace:packages/ui']);
    expect(deps.get('ansi-regex@5.0.1')?.requiredBy).toEqual(['strip-ansi']);
    expect(deps.get('strip-ansi@6.0.1')?.requiredBy).toEqual(['workspace:.']);
    expect(deps.get('undici-types@5.26.5')?.requiredBy).toEqual(['@types/node', 'tiny-fork']);
    expect(deps.get('scheduler@0.23.0')?.requiredBy).toEqual([]);
  });
});
