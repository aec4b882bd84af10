/**
 * bun.lock is JSONC: JSON with trailing commas (and, as JSONC allows, comments). It is read by
 * blanking those out, offsets and lines unchanged, and handing the result to JSON.parse.
 *
 * Why not jsonc-parser's `parse`: it builds objects by assignment, so a package keyed `__proto__`
 * became the prototype and vanished (JSON.parse keeps it as an own key); its recursive descent
 * overflows the stack on a deeply nested file (JSON.parse does not); and JSON.parse is native:
 * on a 20 MB bun.lock a third of the time and memory.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseJson } from '../formats/json-lines.js';
import { positionAt } from '../../deps/lines.js';
import { COMMA, QUOTE, SLASH, STAR } from '../formats/char-codes.js';

export type JsoncResult = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

/**
 * Parses JSONC (BOM already stripped). A syntax error is worded by jsonc-parser, as bun.lock
 * errors always were (`CommaExpected` at its line and column): it only runs on text that failed.
 */
export function parseBunJsonc(text: string): JsoncResult {
  const parsed = parseJson<unknown>(withoutJsoncExtras(text));
  if (parsed.ok) return parsed;
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    // Nesting too deep for its recursive descent: JSON.parse's own words stand.
  }
  const error = errors[0];
  if (error === undefined) return { ok: false, message: parsed.message.replace(/^invalid JSON: /, ''), line: parsed.line, column: parsed.column };
  return { ok: false, message: printParseErrorCode(error.error), ...positionAt(text, error.offset) };
}

/** Character codes the bun.lock scanners here and in sections.ts look for. */

/** JSON's white space: space, tab, line feed, carriage return. */
export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * The text with every trailing comma (`,` before `}` or `]`) and every comment replaced by spaces
 * (newlines kept), in one pass. Anything else, malformed or not, is left for JSON.parse to judge.
 */
export function withoutJsoncExtras(text: string): string {
  const blanks: [number, number][] = []; // [start, end) ranges to blank, in order
  let pendingComma = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
      pendingComma = -1;
    } else if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = text.indexOf('\n', i);
      blanks.push([i, end === -1 ? text.length : end]);
      i = end === -1 ? text.length : end;
    } else if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      blanks.push([i, end]);
      i = end - 1;
    } else if (code === COMMA) {
      pendingComma = i;
    } else if (code === 0x7d || code === 0x5d) {
      if (pendingComma !== -1) blanks.push([pendingComma, pendingComma + 1]);
      pendingComma = -1;
    } else if (!isJsonSpace(code)) {
      pendingComma = -1;
    }
  }
  if (blanks.length === 0) return text;
  blanks.sort((a, b) => a[0] - b[0]); // a trailing comma is found after the comments that follow it
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of blanks) {
    parts.push(text.slice(at, start));
    const blanked = text.slice(start, end);
    parts.push(blanked.includes('\n') ? blanked.replace(/[^\n]/g, ' ') : ' '.repeat(end - start));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Index of the quote that closes the string opening at `start` (the last index if it never closes). */
function stringEnd(text: string, start: number): number {
  for (let at = text.indexOf('"', start + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return text.length - 1;
}
