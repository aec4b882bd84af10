import { describe, expect, it } from '@jest/globals';
import { countDistinctPurls, mergeDuplicates } from '../../src/deps/merge.js';
import type { Dependency } from '../../src/ecosystems/types.js';

function copy(line: number, requiredBy?: string[]): Dependency {
  return {
    ecosystem: 'npm',
    name: 'ms',
    version: '2.1.3',
    purl: 'pkg:npm/ms@2.1.3',
    manifest: 'package-lock.json',
    line,
    scope: 'runtime',
    direct: false,
    ...(requiredBy ? { requiredBy } : {}),
  };
}

describe('mergeDuplicates: requiredBy', () => {
  it('unions who requires each copy of one version, sorted and without repeats', () => {
    const merged = mergeDuplicates([copy(30, ['debug', 'workspace:.']), copy(10, ['send', 'debug']), copy(20, ['another'])]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ line: 10, requiredBy: ['another', 'debug', 'send', 'workspace:.'] });
  });

  it('keeps the known side when one copy does not say, and leaves it out when none does', () => {
    expect(mergeDuplicates([copy(1), copy(2, ['debug'])])[0]?.requiredBy).toEqual(['debug']);
    expect(mergeDuplicates([copy(1, ['send']), copy(2)])[0]?.requiredBy).toEqual(['send']);
    expect('requiredBy' in (mergeDuplicates([copy(1), copy(2)])[0] as Dependency)).toBe(false);
  });
});

describe('mergeDuplicates: lists without copies', () => {
  const entry = (name: string, manifest = 'go.mod', requirement?: string): Dependency => ({
    ecosystem: 'go',
    name,
    ...(requirement === undefined ? { version: 'v1.0.0' } : { requirement }),
    purl: requirement === undefined ? `pkg:golang/example.com/${name}@v1.0.0` : `pkg:golang/example.com/${name}`,
    manifest,
    scope: 'runtime',
    direct: true,
  });

  it('runs install scripts when any copy does, whichever comes first, and says nothing when none does', () => {
    const scripted = { ...copy(9), installScripts: true as const };
    expect(mergeDuplicates([copy(3), scripted])[0]?.installScripts).toBe(true);
    expect(mergeDuplicates([scripted, copy(3)])[0]?.installScripts).toBe(true);
    expect(mergeDuplicates([copy(3), copy(5), scripted])[0]?.installScripts).toBe(true);
    expect(mergeDuplicates([copy(3), copy(5)])[0]).not.toHaveProperty('installScripts');
  });

  it('keeps the digests of the first copy that records them, whichever comes first', () => {
    const hashes = [{ algorithm: 'sha512' as const, value: 'ab'.repeat(64) }];
    const hashed = { ...copy(9), hashes };
    expect(mergeDuplicates([copy(3), hashed])[0]?.hashes).toEqual(hashes);
    expect(mergeDuplicates([hashed, copy(3)])[0]?.hashes).toEqual(hashes);
    expect(mergeDuplicates([copy(3), copy(5), hashed])[0]?.hashes).toEqual(hashes);
    expect(mergeDuplicates([copy(3), copy(5)])[0]).not.toHaveProperty('hashes');
  });

  it('returns a list without copies as it is', () => {
    const list = Array.from({ length: 5000 }, (_, index) => entry(`m${index}`));
    expect(mergeDuplicates(list)).toBe(list);
  });

  it('does not take the same package in two manifests, or under two requirements, for copies', () => {
    const list = [entry('a'), entry('a', 'sub/go.mod'), entry('b', 'go.mod', '>=1'), entry('b', 'go.mod', '>=2')];
    expect(mergeDuplicates(list)).toBe(list);
  });

  it('still folds a copy among thousands of entries, wherever it is', () => {
    const list = Array.from({ length: 5000 }, (_, index) => entry(`m${index}`));
    list.push({ ...entry('m17'), line: 1, direct: false });
    const merged = mergeDuplicates(list);
    expect(merged).toHaveLength(5000);
    expect(merged[17]).toMatchObject({ name: 'm17', line: 1, direct: true });
  });

  it('finds one copy in lists of any size, the copy anywhere (around every size of the table it is looked up in)', () => {
    for (const size of [1, 2, 7, 8, 9, 16, 17, 1000, 4095, 4096, 4097]) {
      for (const [original, at] of [[0, size], [size - 1, 0], [Math.floor(size / 2), Math.floor(size / 3)]] as const) {
        const list = Array.from({ length: size }, (_, index) => entry(`m${index}`));
        list.splice(at, 0, { ...entry(`m${original}`), line: 7 });
        expect(mergeDuplicates(list)).toHaveLength(size);
      }
    }
  });
});

describe('countDistinctPurls', () => {
  const of = (purl: string): Dependency => ({ ecosystem: 'nuget', name: 'x', purl, manifest: 'packages.lock.json', scope: 'runtime', direct: false });
  it('counts each purl once, whether copies are there or not', () => {
    expect(countDistinctPurls([])).toBe(0);
    expect(countDistinctPurls([of('pkg:nuget/a@1'), of('pkg:nuget/b@1'), of('pkg:nuget/a@2')])).toBe(3);
    expect(countDistinctPurls([of('pkg:nuget/a@1'), of('pkg:nuget/b@1'), of('pkg:nuget/a@1')])).toBe(2);
    expect(countDistinctPurls(Array.from({ length: 50_000 }, (_, index) => of(`pkg:nuget/p${index % 20_000}@1`)))).toBe(20_000);
  });
});

describe('mergeDuplicates: many copies', () => {
  it('folds a third and later copy into the one merged entry, and never changes the extractor\'s entries', () => {
    const first = { ...copy(30, ['debug']), scope: 'development' as const };
    const second = copy(10, ['send']);
    const third = { ...copy(20, ['another']), direct: true, license: 'MIT' };
    const inputs = [first, second, third];
    const before = JSON.stringify(inputs);
    const merged = mergeDuplicates(inputs);
    expect(merged).toHaveLength(1);
    // The strongest scope, the lowest line, direct if any copy is, the first license, every dependent.
    expect(merged[0]).toMatchObject({ scope: 'runtime', line: 10, direct: true, license: 'MIT', requiredBy: ['another', 'debug', 'send'] });
    expect(JSON.stringify(inputs)).toBe(before);
    expect(merged[0]).not.toBe(first);
  });

  it('counts distinct purls exactly when some repeat, whatever their order', () => {
    const of = (purl: string): Dependency => ({ ecosystem: 'nuget', name: purl, version: '1.0.0', purl, manifest: 'packages.lock.json', scope: 'runtime', direct: false });
    const purls = Array.from({ length: 3000 }, (_, i) => `pkg:nuget/P${i % 1000}@1.0.0`);
    expect(countDistinctPurls(purls.map(of))).toBe(1000);
    expect(countDistinctPurls(purls.slice(0, 1000).map(of))).toBe(1000);
  });
});
