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

describe('go.mod: read in place, line by line', () => {
  const read = (content: string) => go.extract([{ path: 'go.mod', content }]);

  it('ends a raw or quoted string at its line, even when a later line has the closing character', () => {
    expect(read('module m\nrequire `github.com/a/b v1.0.0\nrequire `x` v1.0.0\n').problems).toEqual([
      { path: 'go.mod', line: 2, column: 9, message: 'invalid go.mod: unterminated raw string' },
    ]);
    expect(read('module m\nrequire "github.com/a/b v1.0.0\nrequire "x" v1.0.0\n').problems).toEqual([
      { path: 'go.mod', line: 2, column: 9, message: 'invalid go.mod: unterminated quoted string' },
    ]);
  });

  it('reads CRLF line endings and every spelling of // indirect the go command accepts', () => {
    const result = read(
      [
        'module m',
        'require (',
        '\tgithub.com/a/a v1.0.0 // indirect',
        '\tgithub.com/a/b v1.0.0 //indirect',
        '\tgithub.com/a/c v1.0.0 // indirect; for the tests',
        '\tgithub.com/a/d v1.0.0 // indirect ;',
        '\tgithub.com/a/e v1.0.0 // indirectly',
        '\tgithub.com/a/f v1.0.0 // not indirect',
        ')',
        '',
      ].join('\r\n'),
    );
    expect(result.problems).toEqual([]);
    expect(result.dependencies.map((d) => `${d.name} ${d.direct ? 'direct' : 'indirect'} ${d.line}`)).toEqual([
      'github.com/a/a indirect 3',
      'github.com/a/b indirect 4',
      'github.com/a/c indirect 5',
      'github.com/a/d direct 6',
      'github.com/a/e direct 7',
      'github.com/a/f direct 8',
    ]);
  });

  it('reports versions no purl can hold after the other problems, in file order, unless a replacement fixes them', () => {
    const requires = 'require (\n\tgithub.com/a/b v01.0.0\n\tgithub.com/a/c v1.0.0\n\tgithub.com/a/d v1.0.0-01 // indirect\n)\nrequire bad\n';
    const plain = read(`module m\n${requires}`);
    expect(plain.dependencies.map((d) => d.name)).toEqual(['github.com/a/c']);
    expect(plain.problems.map((problem) => `${problem.line} ${problem.message}`)).toEqual([
      '7 invalid go.mod: require needs a module path and a version, got "bad"',
      '3 invalid go.mod: "v01.0.0" is not a version a module can be fetched at',
      '5 invalid go.mod: "v1.0.0-01" is not a version a module can be fetched at',
    ]);
    // The replace and tool directives come after the requirements they change.
    const replaced = read(`module m\n${requires}replace github.com/a/b => github.com/z/b v1.0.0\nreplace github.com/a/c => github.com/z/c v01.0.0\ntool github.com/a/d/cmd\n`);
    expect(replaced.dependencies.map((d) => `${d.name}@${d.version} ${d.line} ${d.scope}`)).toEqual(['github.com/z/b@v1.0.0 3 runtime']);
    expect(replaced.problems.map((problem) => `${problem.line} ${problem.message}`)).toEqual([
      '7 invalid go.mod: require needs a module path and a version, got "bad"',
      '4 invalid go.mod: "v01.0.0" is not a version a module can be fetched at',
      '5 invalid go.mod: "v1.0.0-01" is not a version a module can be fetched at',
    ]);
  });

  it('applies a later tool directive to a requirement read before it', () => {
    const result = read('module m\nrequire github.com/a/b v1.0.0 // indirect\nrequire github.com/a/c v1.0.0 // indirect\ntool github.com/a/b/cmd/x\n');
    expect(result.dependencies.map((d) => `${d.name} ${d.scope} ${d.direct}`)).toEqual(['github.com/a/b development true', 'github.com/a/c runtime false']);
    expect(result.dependencies[0]?.declaredAt).toEqual({ path: 'go.mod', line: 2 });
  });
});
