/**
 * The shared JSON reader (npm, composer, NuGet, Pipfile.lock, package.json): a BOM is no error,
 * every syntax error has a line, keys are data, and the line scans never throw.
 */
import { describe, expect, it } from '@jest/globals';
import { jsonKeyLines, jsonSectionEntryLines, keyPath, parseJson } from '../../../src/ecosystems/formats/json-lines.js';

describe('parseJson', () => {
  it('skips a leading byte order mark', () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('gives a line and column for the errors V8 words without a position, and drops its excerpt of the file', () => {
    // V8: `Unexpected token 'x', "\n\n[1, x]" is not valid JSON`. The x is line 3, column 5.
    expect(parseJson('\n\n[1, x]')).toEqual({ ok: false, message: "invalid JSON: Unexpected token 'x'", line: 3, column: 5 });
    // V8: `Unexpected end of JSON input`: where the text ends, line 2 column 7.
    expect(parseJson('{\n  "a":')).toEqual({ ok: false, message: 'invalid JSON: Unexpected end of JSON input', line: 2, column: 7 });
  });

  it('keeps a "__proto__" key as an own key, never the prototype', () => {
    const parsed = parseJson<Record<string, unknown>>('{"__proto__": {"polluted": true}, "constructor": 1}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.keys(parsed.value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
  });
});

describe('line scans', () => {
  it('a key the scan picks up that is no valid JSON string stays as written instead of throwing', () => {
    // Not JSON (the scans look at lines, and run beside the parse, not after it): `\x` is no escape.
    const text = '{\n  "a\\x": {\n    "b": 1\n  }\n}';
    expect(jsonKeyLines(text, 'any').get(keyPath('a\\x', 'b'))).toBe(3);
    expect(jsonSectionEntryLines('{\n  "packages": {\n    "a\\x": {}\n  }\n}', 'packages').get('a\\x')).toBe(3);
  });

  it('a BOM changes no line', () => {
    expect(jsonSectionEntryLines('\uFEFF{\n  "packages": {\n    "left-pad": {}\n  }\n}', 'packages').get('left-pad')).toBe(3);
  });
});
