import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { cargo } from '../../../src/ecosystems/cargo/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import { tomlPositions } from '../../../src/ecosystems/formats/toml.js';
import type { Dependency } from '../../../src/ecosystems/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cargo/${name}`, import.meta.url), 'utf8');
const key = (deps: Dependency[]) => new Map(deps.map((d) => [`${d.name}@${d.version}`, d]));

describe('Cargo workspace (lock v4, virtual root, members, path crates)', () => {
  const files = ['Cargo.toml', 'Cargo.lock', 'crates/app/Cargo.toml', 'crates/util/Cargo.toml'].map((path) => ({
    path: `ws/${path}`,
    content: fixture(`workspace/${path}`),
  }));
  const result = cargo.extract(files);
  const deps = key(result.dependencies);

  it('lists every package with a source, none of the local crates', () => {
    expect(result.problems).toEqual([]);
    expect([...deps.keys()].sort()).toEqual([
      'anyhow@1.0.80', 'cc@1.0.83', 'fastrand@2.0.1', 'insta@1.34.0', 'libc@0.2.150', 'log@0.4.20', 'memchr@2.7.1', 'once_cell@1.19.0',
      'rand@0.7.3', 'rand@0.8.5', 'rand_core@0.5.1', 'rand_core@0.6.4', 'regex@1.10.2', 'serde@1.0.193', 'similar@2.3.0',
      'tempfile@3.8.1', 'tokio@1.35.0', 'winapi@0.3.9',
    ]);
    expect(result.manifests).toEqual([{ path: 'ws/Cargo.lock', packages: 18 }]);
    expect(deps.get('tokio@1.35.0')).toMatchObject({ purl: 'pkg:cargo/tokio@1.35.0', line: 143 });
  });

  it('scopes: normal and build runtime, dev development, unreachable unknown', () => {
    const byScope = (scope: string) => result.dependencies.filter((d) => d.scope === scope).map((d) => `${d.name}@${d.version}`).sort();
    expect(byScope('runtime')).toEqual([
      'cc@1.0.83', 'libc@0.2.150', 'log@0.4.20', 'memchr@2.7.1', 'once_cell@1.19.0', 'rand@0.7.3', 'rand@0.8.5', 'rand_core@0.5.1',
      'rand_core@0.6.4', 'regex@1.10.2', 'serde@1.0.193', 'tokio@1.35.0', 'winapi@0.3.9',
    ]);
    expect(byScope('development')).toEqual(['fastrand@2.0.1', 'insta@1.34.0', 'similar@2.3.0', 'tempfile@3.8.1']);
    // xtask is a member whose Cargo.toml is not at hand: its dependency is direct, scope unknown.
    expect(byScope('unknown')).toEqual(['anyhow@1.0.80']);
  });

  it('direct dependencies point at their declaration, renamed and inherited ones included', () => {
    const direct = result.dependencies.filter((d) => d.direct).map((d) => `${d.name}@${d.version}`).sort();
    expect(direct).toEqual([
      'anyhow@1.0.80', 'cc@1.0.83', 'insta@1.34.0', 'log@0.4.20', 'once_cell@1.19.0', 'rand@0.7.3', 'rand@0.8.5', 'regex@1.10.2',
      'serde@1.0.193', 'tempfile@3.8.1', 'tokio@1.35.0', 'winapi@0.3.9',
    ]);
    const app = 'ws/crates/app/Cargo.toml';
    expect(deps.get('serde@1.0.193')).toMatchObject({ line: 122, declaredAt: { path: app, line: 11 } });
    expect(deps.get('regex@1.10.2')).toMatchObject({ declaredAt: { path: app, line: 13 } });
    expect(deps.get('rand@0.8.5')).toMatchObject({ line: 91, declaredAt: { path: app, line: 15 } });
    expect(deps.get('rand@0.7.3')).toMatchObject({ line: 82, declaredAt: { path: app, line: 16 } });
    expect(deps.get('winapi@0.3.9')).toMatchObject({ declaredAt: { path: app, line: 21 } });
    expect(deps.get('cc@1.0.83')).toMatchObject({ scope: 'runtime', declaredAt: { path: app, line: 24 } });
    expect(deps.get('insta@1.34.0')).toMatchObject({ scope: 'development', declaredAt: { path: app, line: 27 } });
    expect(deps.get('log@0.4.20')).toMatchObject({ declaredAt: { path: 'ws/crates/util/Cargo.toml', line: 6 } });
    expect(deps.get('tempfile@3.8.1')).toMatchObject({ declaredAt: { path: 'ws/crates/util/Cargo.toml', line: 9 } });
    // A dependency of a path crate (helper) without a manifest at hand: direct, no declaration line.
    expect(deps.get('once_cell@1.19.0')?.declaredAt).toBeUndefined();
    expect(deps.get('similar@2.3.0')).toMatchObject({ direct: false });
  });

  it('falls back to the lock graph alone without manifests', () => {
    const lockOnly = cargo.extract([files[1]!]);
    expect(lockOnly.dependencies).toHaveLength(18);
    expect(lockOnly.dependencies.every((d) => d.scope === 'unknown')).toBe(true);
    expect(lockOnly.dependencies.filter((d) => d.direct)).toHaveLength(12);
  });

  it('groups member manifests with the lock above them', () => {
    const paths = ['ws/Cargo.toml', 'ws/Cargo.lock', 'ws/crates/app/Cargo.toml', 'ws/crates/util/Cargo.toml', 'lib/Cargo.toml', 'lib/sub/Cargo.toml', 'ws/target/x/Cargo.toml'];
    const owned = paths.filter((path) => cargo.owns(path));
    expect(cargo.projects?.(owned, paths, projectContextOf(cargo))).toEqual([
      { root: 'ws', paths: ['ws/Cargo.lock', 'ws/Cargo.toml', 'ws/crates/app/Cargo.toml', 'ws/crates/util/Cargo.toml'] },
      { root: 'lib', paths: ['lib/Cargo.toml', 'lib/sub/Cargo.toml'] },
    ]);
  });
});

describe('Cargo.lock v1 and v2, Cargo.toml alone', () => {
  it('resolves v1 "name version (source)" references and git sources', () => {
    const result = cargo.extract([
      { path: 'Cargo.toml', content: fixture('demo.Cargo.toml') },
      { path: 'Cargo.lock', content: fixture('lock-v1.lock') },
    ]);
    expect(result.problems).toEqual([]);
    const deps = key(result.dependencies);
    expect([...deps.keys()].sort()).toEqual(['itoa@0.4.8', 'serde@1.0.130', 'time@0.1.0']);
    expect(deps.get('serde@1.0.130')).toMatchObject({ direct: true, scope: 'runtime', line: 15, declaredAt: { path: 'Cargo.toml', line: 6 } });
    expect(deps.get('time@0.1.0')).toMatchObject({ direct: true, scope: 'runtime', declaredAt: { path: 'Cargo.toml', line: 7 } });
    // Declared in [dev-dependencies] but also needed at runtime by time: runtime wins.
    expect(deps.get('itoa@0.4.8')).toMatchObject({ direct: true, scope: 'runtime', declaredAt: { path: 'Cargo.toml', line: 10 } });
  });

  it('reads v2 short references', () => {
    const v2 = [
      '[[package]]', 'name = "a"', 'version = "0.1.0"', 'dependencies = ["b", "c 2.0.0"]', '',
      '[[package]]', 'name = "b"', 'version = "1.0.0"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', '',
      '[[package]]', 'name = "c"', 'version = "1.0.0"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', '',
      '[[package]]', 'name = "c"', 'version = "2.0.0"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', '',
    ].join('\n');
    const result = cargo.extract([{ path: 'Cargo.lock', content: v2 }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}:${d.line}:${d.direct}`)).toEqual(['b@1.0.0:6:true', 'c@1.0.0:11:false', 'c@2.0.0:16:true']);
  });

  it('reads Cargo.toml alone as requirements', () => {
    const result = cargo.extract([{ path: 'Cargo.toml', content: fixture('demo.Cargo.toml') }]);
    expect(result.dependencies.map((d) => [d.name, d.version ?? d.requirement, d.scope, d.line])).toEqual([
      ['serde', '1.0.130', 'runtime', 6],
      ['time', 'git+https://github.com/time-rs/time', 'runtime', 7],
      ['itoa', '0.4', 'development', 10],
    ]);
    expect(result.dependencies[2]?.purl).toBe('pkg:cargo/itoa');
  });

  it('reports TOML errors and dangling references with a line', () => {
    const broken = cargo.extract([{ path: 'Cargo.lock', content: 'version = 3\n\n[[package]]\nname = "a\n' }]);
    expect(broken.dependencies).toEqual([]);
    expect(broken.problems[0]).toMatchObject({ path: 'Cargo.lock', line: 4, message: expect.stringContaining('invalid TOML') });
    const dangling = cargo.extract([{ path: 'Cargo.lock', content: 'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["zzz"]\n' }]);
    // One bad reference is one bad entry: reported at its package, the package still read.
    expect(dangling.problems).toEqual([{ path: 'Cargo.lock', line: 3, message: expect.stringContaining('"zzz"'), kind: 'invalid-entry' }]);
    const badManifest = cargo.extract([{ path: 'Cargo.toml', content: '[dependencies\nserde = "1"\n' }]);
    expect(badManifest.problems[0]).toMatchObject({ path: 'Cargo.toml', line: 1 });
  });
});

describe('tomlPositions on a Cargo.toml', () => {
  it('records headers, dotted keys and skips multi-line values', () => {
    const lines = tomlPositions(fixture('workspace/crates/app/Cargo.toml')).keys;
    expect(lines.get('dependencies\u0000serde')).toBe(11);
    expect(lines.get('dependencies\u0000regex')).toBe(13);
    expect(lines.get("target\u0000cfg(windows)\u0000dependencies\u0000winapi")).toBe(21);
    expect(lines.get('package\u0000regex')).toBeUndefined();
  });
});
