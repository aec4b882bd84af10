/**
 * The entry-by-entry readers against the whole-file parsers on every real lockfile of their
 * formats: pnpm-lock.yaml and berry yarn.lock (lockfile-yaml.ts, formats/yaml.ts) against js-yaml,
 * bun.lock (bun/sections.ts) against the whole-file JSONC parse. Each file must be mapped (no
 * fall back) and give the same value, keys in the same order, and bun.lock the same lines.
 */
import { describe, expect, it } from '@jest/globals';
import { jsonSectionEntryLines } from '../../../src/ecosystems/formats/json-lines.js';
import { parseBunJsonc } from '../../../src/ecosystems/bun/jsonc.js';
import { mapBunLock, packageLines, parseValue } from '../../../src/ecosystems/bun/sections.js';
import { entriesOf, loadLockfileYaml, MappedEntries, mapLockfileYaml, mapTopLevel } from '../../../src/ecosystems/lockfile-yaml.js';
import { readCorpus } from '../../helpers/corpus.js';

const sides = (slug: string, file: string) => ['base', 'head'].map((side) => `${slug}/${side}/${file}`);
const PNPM = [...['lockv5', 'lockv6', 'lockv9'].flatMap((v) => sides(`pnpm/vitejs-vite-${v}`, 'pnpm-lock.yaml')), 'perf/TanStack-query/pnpm-lock.yaml'];
const BERRY = sides('yarn/prettier-prettier-berry', 'yarn.lock'); // the other yarn.lock files are yarn 1's
const BUN = sides('bun/honojs-hono', 'bun.lock');

function materialize(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) out[key] = value instanceof MappedEntries ? materialize(value) : value;
  return out;
}

/** Deep equality with key order (toEqual ignores order). */
const ordered = (value: unknown): string => JSON.stringify(value);

describe('mapped lockfile readers = whole-file parsers (corpus)', () => {
  it.each(PNPM)('pnpm %s', (path) => {
    const text = readCorpus(path);
    const top = mapLockfileYaml(text, ['packages', 'snapshots']);
    expect(top).toBeDefined();
    const whole = loadLockfileYaml(text);
    const mapped = materialize(entriesOf(top ?? {}));
    expect(whole.ok && ordered(whole.value)).toBe(ordered(mapped));
  });

  it.each(BERRY)('yarn berry %s', (path) => {
    const text = readCorpus(path);
    const top = mapTopLevel(text);
    expect(top).toBeDefined();
    const whole = loadLockfileYaml(text);
    expect(whole.ok && ordered(whole.value)).toBe(ordered(materialize(top ?? [])));
  });

  it.each(BUN)('bun %s', (path) => {
    const text = readCorpus(path);
    const sections = mapBunLock(text);
    expect(sections).toBeDefined();
    if (sections === undefined) return;
    const whole = parseBunJsonc(text);
    const packages = (whole.ok ? whole.value : {}) as { packages: Record<string, unknown> };
    const mapped: Record<string, unknown> = {};
    sections.keys.forEach((key, index) => {
      mapped[key] = parseValue(text, sections.offsets[index * 3 + 1] ?? 0, sections.offsets[index * 3 + 2] ?? 0)?.value;
    });
    expect(ordered(mapped)).toBe(ordered(packages.packages));
    const scanned = jsonSectionEntryLines(text, 'packages');
    expect(packageLines(text, sections)).toEqual(sections.keys.map((key) => scanned.get(key)));
  });
});
