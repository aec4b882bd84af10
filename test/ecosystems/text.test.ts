import { describe, expect, it } from '@jest/globals';
import { decodeFile, stripBom } from '../../src/ecosystems/text.js';

describe('file text', () => {
  it('drops a UTF-8 byte order mark, and only a leading one', () => {
    expect(stripBom('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(stripBom('a\uFEFF')).toBe('a\uFEFF');
    expect(decodeFile(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
  });

  it('decodes UTF-16 with its BOM, little and big endian', () => {
    const text = 'on: push\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeFile(le)).toBe(text);
    expect(decodeFile(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
  });

  it('reads invalid UTF-8 as U+FFFD rather than failing', () => {
    expect(decodeFile(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('caf\uFFFD');
  });
});
