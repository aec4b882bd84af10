import { describe, expect, it } from '@jest/globals';
import { arrayItemLines } from '../../../src/ecosystems/composer/lines.js';

/**
 * The definition, line by line: an entry starts on each line indented exactly two units below the
 * section (then not a blank or closer), its `"name"` one unit deeper, the section ends at its
 * `]` one unit in. The scan under test rules most lines out by three character reads first.
 */
function referenceLines(content: string, section: string): { section?: number; items: number[] } {
  const lines = content.split('\n');
  const headerAt = lines.findIndex((line) => new RegExp(`^[ \\t]+"${section}"[ \\t]*:[ \\t]*\\[`).test(line));
  if (headerAt === -1) return { items: [] };
  const unit = /^[ \t]+/.exec(lines[headerAt] as string)?.[0] as string;
  const starts: number[] = [];
  const names: (number | undefined)[] = [];
  for (let index = headerAt + 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.startsWith(`${unit}]`)) break;
    if (line.startsWith(`${unit}${unit}${unit}"name"`)) {
      if (starts.length > 0 && names[starts.length - 1] === undefined) names[starts.length - 1] = index + 1;
      continue;
    }
    const first = line.startsWith(unit + unit) ? line[unit.length * 2] : undefined;
    if (first === undefined || ' \t}]\r'.includes(first)) continue;
    starts.push(index + 1);
    names.push(undefined);
  }
  return { section: headerAt + 1, items: starts.map((line, index) => names[index] ?? line) };
}

describe('composer.lock entry lines', () => {
  it('agrees with the line-by-line definition on pretty-printed locks and their mutants', () => {
    let state = 11;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const pieces = [' ', '\t', '\n', '\r\n', ']', '"', '"name"', '{', '}', 'x', '    '];
    for (let run = 0; run < 3000; run++) {
      const packages = Array.from({ length: Math.floor(next() * 5) }, (_, i) => (next() < 0.1 ? null : { name: `v/p${i}`, version: '1.0.0', require: { 'a/b': '^1' }, extra: [{ name: 'inner' }] }));
      let text = JSON.stringify({ _readme: ['x'], packages, 'packages-dev': packages.slice(1) }, null, pick([2, 4, '\t']));
      for (let mutations = Math.floor(next() * 4); mutations > 0; mutations--) {
        const at = Math.floor(next() * text.length);
        text = `${text.slice(0, at)}${pick(pieces)}${text.slice(at + (next() < 0.5 ? 1 : 0))}`;
      }
      for (const section of ['packages', 'packages-dev']) expect(arrayItemLines(text, section)).toEqual(referenceLines(text, section));
    }
  });
});
