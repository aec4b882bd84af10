import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { cargo } from '../../../src/ecosystems/cargo/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const extract = (slug: string, side: 'base' | 'head') =>
  cargo.extract(['Cargo.toml', 'Cargo.lock'].map((file) => ({ path: file, content: readCorpus(`rust/${slug}/${side}/${file}`) })));
const names = (changes: Change[], kind: Change['change']) =>
  changes
    .filter((c) => c.change === kind)
    .map((c) => (c.previous ? `${c.dependency.name}@${c.previous.version}->${c.dependency.version}` : `${c.dependency.name}@${c.dependency.version}`))
    .sort();
const count = (deps: { scope: string }[], scope: string) => deps.filter((d) => d.scope === scope).length;

/*
 * Expected values derived independently with python3 (tomllib):
 * - diff: {name: set(versions)} over [[package]] entries that have a `source`, per side; for each
 *   name, versions only in base / only in head, first paired by dependents (a new version with a
 *   base version that lost a dependent the new one gained, as diff.ts documents), then from the
 *   highest, leftovers added or removed. A second version of a crate is an addition unless a
 *   dependent moved to it: terminal_size left windows-sys 0.45.0 for 0.48.0 (the `dependencies`
 *   of each side's [[package]] entries, read with tomllib), so 0.48.0 is an upgrade from 0.45.0.
 * - scopes: from bat's own [[package]] `dependencies`, the names declared in [dependencies],
 *   [build-dependencies] (and their target.* variants) seed a walk that is runtime; names in
 *   [dev-dependencies] seed a walk whose packages not already runtime are development.
 * - lines: `grep -n -B1 '^name = "assert_cmd"' Cargo.lock`, `grep -n assert_cmd Cargo.toml`.
 */
describe('cargo corpus: sharkdp/bat, Cargo.lock v3', () => {
  const base = extract('sharkdp-bat-lockv3', 'base');
  const head = extract('sharkdp-bat-lockv3', 'head');
  const changes = diffCollected(mergeDuplicates(base.dependencies), mergeDuplicates(head.dependencies));

  it('reads both sides', () => {
    expect([...base.problems, ...head.problems]).toEqual([]);
    expect(base.dependencies).toHaveLength(165);
    expect(head.dependencies).toHaveLength(181);
    expect(head.dependencies.filter((d) => d.name === 'bat')).toEqual([]);
    expect(count(head.dependencies, 'runtime')).toBe(151);
    expect(count(head.dependencies, 'development')).toBe(30);
    expect(head.dependencies.filter((d) => d.direct)).toHaveLength(36);
  });

  const expected: ChangeSummary = {
    added: [
      'anstream@0.3.2', 'anstyle-parse@0.2.0', 'anstyle-query@1.0.0', 'anstyle-wincon@1.0.1', 'anstyle@1.0.0', 'clap_builder@4.2.6',
      'colorchoice@1.0.0', 'utf8parse@0.2.1', 'windows-targets@0.48.0', 'windows_aarch64_gnullvm@0.48.0',
      'windows_aarch64_msvc@0.48.0', 'windows_i686_gnu@0.48.0', 'windows_i686_msvc@0.48.0', 'windows_x86_64_gnu@0.48.0',
      'windows_x86_64_gnullvm@0.48.0', 'windows_x86_64_msvc@0.48.0',
    ],
    removed: ['os_str_bytes@6.3.0'],
    upgraded: ['clap@4.1.8->4.2.6', 'clap_lex@0.3.2->0.4.1', 'terminal_size@0.2.5->0.2.6', 'windows-sys@0.45.0->0.48.0'],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect({ added: names(changes, 'added'), removed: names(changes, 'removed'), upgraded: names(changes, 'upgraded'), downgraded: names(changes, 'downgraded') }).toEqual(expected);
  });

  describe('through the pipeline (evaluateChange over Cargo.toml and Cargo.lock)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('rust/sharkdp-bat-lockv3');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'cargo', manifest: 'Cargo.lock', nameOf: (record) => record.name })).toEqual(expected);
    });

    it('records the line and flags of a change as the file has them', () => {
      expect(report.changes.find((record) => record.name === 'windows-sys')).toMatchObject({ change: 'upgraded', to: '0.48.0', line: 1518 });
    });
  });

  it('keeps the [[package]] line of each version of a crate', () => {
    const windowsSys = head.dependencies.filter((d) => d.name === 'windows-sys').map((d) => `${d.version}:${d.line}`);
    expect(windowsSys).toEqual(['0.42.0:1494', '0.45.0:1509', '0.48.0:1518']);
    expect(head.dependencies.find((d) => d.name === 'assert_cmd')).toMatchObject({ line: 84, direct: true, scope: 'development' });
  });
});

describe('cargo corpus: sharkdp/bat, Cargo.lock v4', () => {
  const base = extract('sharkdp-bat-lockv4', 'base');
  const head = extract('sharkdp-bat-lockv4', 'head');
  const changes = diffCollected(mergeDuplicates(base.dependencies), mergeDuplicates(head.dependencies));
  const byName = new Map(head.dependencies.map((d) => [`${d.name}@${d.version}`, d]));

  it('reads both sides', () => {
    expect([...base.problems, ...head.problems]).toEqual([]);
    expect(base.dependencies).toHaveLength(316);
    expect(head.dependencies).toHaveLength(316);
    expect(count(head.dependencies, 'runtime')).toBe(297);
    expect(count(head.dependencies, 'development')).toBe(19);
    expect(count(head.dependencies, 'unknown')).toBe(0);
    expect(head.dependencies.filter((d) => d.direct)).toHaveLength(49);
  });

  /** The v4 change set: added and removed exactly, the 47 upgrades by their count and some members. */
  const expectV4Changes = (summary: ChangeSummary) => {
    expect(summary.added).toEqual(['bisync@0.3.0', 'bisync_macros@0.2.3', 'gix-zlib@0.1.0']);
    expect(summary.removed).toEqual(['kstring@2.0.2', 'maybe-async@0.2.11', 'static_assertions@1.1.0']);
    expect(summary.upgraded).toHaveLength(47);
    expect(summary.upgraded.filter((change) => !change.startsWith('gix'))).toEqual(['dashmap@6.1.0->6.2.1', 'memmap2@0.9.10->0.9.11']);
    expect(summary.upgraded).toEqual(expect.arrayContaining(['gix@0.85.0->0.86.0', 'gix-lock@23.0.0->24.0.0', 'gix-utils@0.3.3->0.3.5']));
    expect(summary.downgraded).toEqual([]);
  };

  it('diffs base and head exactly', () => {
    expectV4Changes({ added: names(changes, 'added'), removed: names(changes, 'removed'), upgraded: names(changes, 'upgraded'), downgraded: names(changes, 'downgraded') });
  });

  describe('through the pipeline (evaluateChange over Cargo.toml and Cargo.lock)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('rust/sharkdp-bat-lockv4');
    });

    it('reports the same change set', () => {
      expectV4Changes(summarizeRecords(report.changes, { ecosystem: 'cargo', manifest: 'Cargo.lock', nameOf: (record) => record.name }));
    });

    it('records the line and flags of an upgrade as the file has them (gix: Cargo.lock:865, [dependencies.gix])', () => {
      expect(report.changes.find((record) => record.name === 'gix')).toMatchObject({ change: 'upgraded', from: '0.85.0', to: '0.86.0', line: 865, direct: true, scope: 'runtime' });
    });
  });

  it('gives direct dependencies their Cargo.toml line and scope (checked by hand)', () => {
    // Cargo.lock:100 `[[package]]` of assert_cmd; Cargo.toml:98 in [dev-dependencies].
    expect(byName.get('assert_cmd@2.2.1')).toMatchObject({
      line: 100, direct: true, scope: 'development', declaredAt: { path: 'Cargo.toml', line: 98 }, purl: 'pkg:cargo/assert_cmd@2.2.1',
    });
    // [dependencies.gix] table header at Cargo.toml:78; lock header at 865.
    expect(byName.get('gix@0.86.0')).toMatchObject({ line: 865, direct: true, scope: 'runtime', declaredAt: { path: 'Cargo.toml', line: 78 } });
    // [target.'cfg(unix)'.dev-dependencies] nix, Cargo.toml:107.
    expect(byName.get('nix@0.31.3')).toMatchObject({ direct: true, scope: 'development', declaredAt: { path: 'Cargo.toml', line: 107 } });
    // Only in [build-dependencies] (Cargo.toml:110): runtime.
    expect(byName.get('anyhow@1.0.103')).toMatchObject({
      line: 85, direct: true, scope: 'runtime', declaredAt: { path: 'Cargo.toml', line: 110 },
    });
    // itertools is in [dependencies] (76) and [build-dependencies] (112): the first runtime declaration.
    expect(byName.get('itertools@0.14.0')).toMatchObject({ line: 1724, direct: true, scope: 'runtime', declaredAt: { path: 'Cargo.toml', line: 76 } });
    // Dev-only transitive (predicates-core via predicates/assert_cmd).
    expect([...byName.values()].find((d) => d.name === 'predicates-core')).toMatchObject({ direct: false, scope: 'development' });
  });
});
