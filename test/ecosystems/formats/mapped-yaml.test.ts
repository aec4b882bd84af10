/**
 * Lockfile YAML read entry by entry (lockfile-yaml.ts: mapLockfileYaml, mapTopLevel) against the
 * whole-file parse, and the readers' fall back to the whole-file parse whenever the pieces could
 * differ from it: the same value, the same errors at the same lines.
 */
import { describe, expect, it } from '@jest/globals';
import { entriesOf, loadLockfileYaml, MappedEntries, mapLockfileYaml, mapTopLevel, ReadWhole } from '../../../src/ecosystems/lockfile-yaml.js';
import { pnpm } from '../../../src/ecosystems/pnpm/index.js';
import { yarn } from '../../../src/ecosystems/yarn/index.js';

function materialize(value: unknown): unknown {
  if (!(value instanceof MappedEntries)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of entriesOf(value as unknown as Record<string, unknown>)) out[key] = entry;
  return out;
}

const PNPM = [
  "lockfileVersion: '9.0'",
  '',
  'importers:',
  '  .:',
  '    dependencies:',
  '      a:',
  '        specifier: ^1.0.0',
  '        version: 1.0.0',
  '',
  'packages:',
  '',
  "  a@1.0.0:",
  '    resolution: {integrity: sha512-a}',
  '',
  "  ? 'b@2.0.0'",
  '  : resolution: {integrity: sha512-b}',
  '    # a comment, read by js-yaml',
  '',
  'snapshots:',
  '',
  '  a@1.0.0:',
  '    dependencies:',
  '      b: 2.0.0',
  '',
  '  b@2.0.0: {}',
  '',
].join('\n');

describe('mapLockfileYaml', () => {
  it('gives what the whole parse gives, the mapped sections entry by entry', () => {
    const top = mapLockfileYaml(PNPM, ['packages', 'snapshots']);
    expect(top?.packages).toBeInstanceOf(MappedEntries);
    const whole = loadLockfileYaml(PNPM);
    expect(whole.ok && whole.value).toEqual(Object.fromEntries(Object.entries(top ?? {}).map(([key, value]) => [key, materialize(value)])));
  });

  it('maps an empty section to null, as YAML reads `packages:` alone', () => {
    expect(mapLockfileYaml("lockfileVersion: '9.0'\npackages:\n\nsnapshots:\n", ['packages', 'snapshots'])).toEqual({ lockfileVersion: '9.0', packages: null, snapshots: null });
  });

  it.each([
    ['a document marker', "---\nlockfileVersion: '9.0'\n"],
    ['a tab', "lockfileVersion: '9.0'\npackages:\n\ta@1.0.0: {}\n"],
    ['a shallow line', "lockfileVersion: '9.0'\npackages:\n a@1.0.0: {}\n"],
    ['a top-level list', '- a\n- b\n'],
    ['an empty text', ''],
  ])('is undefined for %s (the whole parse decides)', (_what, text) => {
    expect(mapLockfileYaml(text, ['packages'])).toBeUndefined();
  });

  it('throws ReadWhole for a key repeated across entries, an alias across entries or an array-index key', () => {
    for (const body of ['  a@1.0.0: {}\n  a@1.0.0: {}\n', '  a@1.0.0: &x {b: c}\n  b@1.0.0: *x\n', '  "7": {}\n']) {
      const top = mapLockfileYaml(`lockfileVersion: '9.0'\npackages:\n${body}`, ['packages']);
      expect(() => [...entriesOf(top?.packages as Record<string, unknown>)]).toThrow(ReadWhole);
    }
  });
});

describe('readers fall back to the whole parse', () => {
  const pnpmLock = (text: string) => pnpm.extract([{ path: 'pnpm-lock.yaml', content: text }]);

  it('a YAML error in a late entry wins over an unsupported lockfileVersion, as in the whole parse', () => {
    const text = "lockfileVersion: '99.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: [}\n";
    expect(pnpmLock(text).problems).toEqual([expect.objectContaining({ path: 'pnpm-lock.yaml', line: 4, message: expect.stringMatching(/^invalid YAML: /) })]);
  });

  it('a repeated packages key is the whole parse\'s error, with its line', () => {
    const text = "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n";
    expect(pnpmLock(text).problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('duplicated mapping key') })]);
  });

  it('a snapshots section v6 does not read is still parsed: a bad entry there fails the file', () => {
    const text = "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    resolution: {integrity: sha512-a}\nsnapshots:\n  x: [\n";
    expect(pnpmLock(text).problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^invalid YAML: /) })]);
  });

  const berry = (entries: string) => `__metadata:\n  version: 8\n\n${entries}`;
  const yarnLock = (text: string) => yarn.extract([{ path: 'yarn.lock', content: text }]);

  it('berry: entries read one by one give the whole parse\'s dependencies', () => {
    const text = berry('"a@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n  dependencies:\n    b: "npm:^2.0.0"\n\n"b@npm:^2.0.0":\n  version: 2.0.0\n  resolution: "b@npm:2.0.0"\n');
    expect(mapTopLevel(text)?.size).toBe(3);
    expect(yarnLock(text).dependencies.map((d) => `${d.name}@${d.version}:${d.line}:${d.requiredBy?.join(',')}`)).toEqual(['a@1.0.0:4:', 'b@2.0.0:10:a']);
  });

  it('berry: bad __metadata is worded by the whole-file read', () => {
    expect(yarnLock('__metadata:\n  cacheKey: 8\n\n"a@npm:^1":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n').problems).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('__metadata') }),
    ]);
  });
});
