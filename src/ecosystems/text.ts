/**
 * Bytes of a file to the text the parsers read. Editors and Windows tools write byte order marks
 * and UTF-16; a BOM must never make a lockfile read as "no dependencies" or "invalid JSON".
 */

const UTF8_BOM = '\uFEFF';

/** The text without a leading byte order mark (U+FEFF); line numbers are unchanged. */
export function stripBom(text: string): string {
  return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
}

/**
 * Decodes a file's bytes: UTF-16 (LE or BE) when it starts with that BOM, else UTF-8 (invalid
 * sequences become U+FFFD, which then fails the format's own parse at its line). The BOM is dropped.
 */
export function decodeFile(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return stripBom(new TextDecoder('utf-8').decode(bytes));
}
