import { describe, expect, it } from '@jest/globals';
import { go } from '../../../src/ecosystems/go/index.js';

const gomod = (require: string) => `module example.com/x\n\ngo 1.21\n\n${require}\n`;

describe('go.mod: hostile and malformed input', () => {
  // The old tokenizer skipped only ASCII spaces but stopped words at any \s: a no-break space
  // made it push empty tokens forever (seconds, ~2 GB, then "Invalid array length").
  it.each([
    ['no-break space', '\u00a0', 'U+00A0 (no-break space)'],
    ['form feed', '\f', 'U+000C (form feed)'],
    ['line separator', '\u2028', 'U+2028 (line separator)'],
    ['ideographic space', '\u3000', 'U+3000 (ideographic space)'],
    ['byte order mark inside a line', '\ufeff', 'U+FEFF (byte order mark)'],
    ['zero-width space', '\u200b', 'U+200B (zero-width space)'],
  ])('rejects a %s between words at its line and column, without looping', (_name, character, described) => {
    const result = go.extract([{ path: 'go.mod', content: gomod(`require${character}github.com/a/b v1.0.0`) }]);
    expect(result.dependencies).toEqual([]);
    // `require` is 7 characters, so the bad one is column 8 of line 5.
    expect(result.problems).toEqual([
      { path: 'go.mod', line: 5, column: 8, message: `invalid go.mod: unexpected character ${described} (go.mod separates words with spaces and tabs)` },
    ]);
  });

  it('reads a go.mod that starts with a byte order mark', () => {
    const result = go.extract([{ path: 'go.mod', content: `\ufeff${gomod('require github.com/a/b v1.0.0')}` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'github.com/a/b', version: 'v1.0.0', line: 5 })]);
  });

  it('reports each unknown directive at its line and still reads the known ones', () => {
    const result = go.extract([{ path: 'go.mod', content: gomod('requir github.com/typo/x v1.0.0\nrequire github.com/a/b v1.0.0\nfrobnicate (\n\tsomething\n)') }]);
    expect(result.dependencies.map((d) => d.name)).toEqual(['github.com/a/b']);
    expect(result.problems).toEqual([
      { path: 'go.mod', line: 5, message: 'invalid go.mod: unknown directive "requir"', kind: 'invalid-entry' },
      { path: 'go.mod', line: 8, message: 'invalid go.mod: unknown directive "frobnicate"', kind: 'invalid-entry' },
    ]);
  });

  it('fails a file of unknown directives without a module directive', () => {
    const result = go.extract([{ path: 'go.mod', content: 'modul example.com/x\nrequir github.com/a/b v1.0.0\n' }]);
    expect(result).toEqual({
      dependencies: [],
      manifests: [],
      problems: [{ path: 'go.mod', line: 1, message: 'invalid go.mod: unknown directive "modul", and no module directive' }],
    });
  });

  it('keeps the other requirements when one is malformed', () => {
    const result = go.extract([{ path: 'go.mod', content: gomod('require (\n\tgithub.com/a/b latest\n\tgithub.com/c/d v1.2.3\n)') }]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['github.com/c/d@v1.2.3']);
    expect(result.problems).toEqual([{ path: 'go.mod', line: 6, message: 'invalid go.mod: "latest" is not a module version (vX.Y.Z)', kind: 'invalid-entry' }]);
  });

  it('says a file full of NULs (UTF-16 read as UTF-8) is not text', () => {
    const utf16 = [...gomod('require github.com/a/b v1.0.0')].map((c) => `${c}\u0000`).join('');
    const result = go.extract([{ path: 'go.mod', content: utf16 }]);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ path: 'go.mod', line: 1, message: expect.stringContaining('NUL characters') }]);
  });
});
