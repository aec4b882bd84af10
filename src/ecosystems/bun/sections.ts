/**
 * bun.lock's structure without a parse of the whole file: where each top-level value is, and
 * where each `packages` entry's key and value are. The readers then parse one entry value at a
 * time (see lockfile.ts), so a 20 MB lockfile never exists as one tree beside its text.
 *
 * Only plain, valid JSONC is mapped (JSON whitespace, comments, trailing commas, no repeated
 * `packages` key, no key that JavaScript orders first because it is an array index). Anything
 * else yields undefined and the caller parses the whole file as before, errors and all: this
 * scan never decides what is malformed, it only finds the common case.
 */
import { jsonSectionEntryLines } from '../formats/json-lines.js';
import { LineCounter } from '../../deps/lines.js';
import { isJsonSpace, withoutJsoncExtras } from './jsonc.js';
import { BACKSLASH, QUOTE, SLASH, STAR } from '../formats/char-codes.js';

export interface JsoncSections {
  /** Top-level key -> the [start, end) of its value. */
  values: Map<string, { start: number; end: number }>;
  /** The `packages` keys in file order (repeats are the reader's to refuse). */
  keys: string[];
  /** Per key, three offsets: its opening quote, its value's start and end. */
  offsets: number[];
  /** True when no key is written with an escape (`\u0041`, `\"`). */
  plainKeys: boolean;
}

/** Thrown inside the scan when the text is not in the mapped form; never escapes this module. */
class NotMapped extends Error {}


/** The index after whitespace and comments from `at`. */
function skipTrivia(text: string, at: number): number {
  let i = at;
  for (;;) {
    const code = text.charCodeAt(i);
    if (isJsonSpace(code)) i++;
    else if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new NotMapped();
      i = end + 2;
    } else return i;
  }
}

/** The index after the quote closing the string that opens at `start`. */
function afterString(text: string, start: number): number {
  for (let at = text.indexOf('"', start + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at + 1;
  }
  throw new NotMapped();
}

/** The index after the value that starts at `start` (brackets matched, strings and comments skipped). */
function afterValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return afterString(text, start);
  if (first !== 0x7b && first !== 0x5b) {
    let i = start;
    for (let code = text.charCodeAt(i); i < text.length && !isJsonSpace(code) && code !== 0x2c && code !== 0x7d && code !== 0x5d && code !== SLASH; code = text.charCodeAt(++i));
    if (i === start) throw new NotMapped();
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) i = afterString(text, i) - 1;
    else if (code === SLASH && (text.charCodeAt(i + 1) === SLASH || text.charCodeAt(i + 1) === STAR)) i = skipTrivia(text, i) - 1;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new NotMapped();
}

/**
 * Walks the members of the object whose `{` is at `open`; `member` gets each key's quote, the
 * index after the key and the value's start, and returns where the value ends. Returns the index after `}`.
 */
function walkObject(text: string, open: number, member: (keyStart: number, keyEnd: number, valueStart: number) => number): number {
  let i = skipTrivia(text, open + 1);
  while (text.charCodeAt(i) !== 0x7d) {
    if (text.charCodeAt(i) !== QUOTE) throw new NotMapped();
    const keyEnd = afterString(text, i);
    const colon = skipTrivia(text, keyEnd);
    if (text.charCodeAt(colon) !== 0x3a) throw new NotMapped();
    const valueEnd = member(i, keyEnd, skipTrivia(text, colon + 1));
    i = skipTrivia(text, valueEnd);
    if (text.charCodeAt(i) === 0x2c) i = skipTrivia(text, i + 1);
    else if (text.charCodeAt(i) !== 0x7d) throw new NotMapped();
  }
  return i + 1;
}

/** A key as JSON.parse reads it; throws for one it would reject or would order first (an array index). */
function keyText(text: string, keyStart: number, keyEnd: number): string {
  const raw = text.slice(keyStart + 1, keyEnd - 1);
  // eslint-disable-next-line no-control-regex
  const key = /[\\\u0000-\u001f]/.test(raw) ? (JSON.parse(`"${raw}"`) as string) : raw;
  if (/^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295) throw new NotMapped();
  return key;
}

/** The structure of a bun.lock, or undefined when it is not plainly mapped (the caller then parses it whole). */
export function mapBunLock(text: string): JsoncSections | undefined {
  const values = new Map<string, { start: number; end: number }>();
  const keys: string[] = [];
  const offsets: number[] = [];
  let plainKeys = true;
  try {
    const open = skipTrivia(text, 0);
    if (text.charCodeAt(open) !== 0x7b) return undefined;
    const end = walkObject(text, open, (keyStart, keyEnd, valueStart) => {
      const key = keyText(text, keyStart, keyEnd);
      if (values.has(key)) throw new NotMapped();
      const valueEnd =
        key === 'packages' && text.charCodeAt(valueStart) === 0x7b
          ? walkObject(text, valueStart, (entryKey, entryKeyEnd, entryValue) => {
              const entryEnd = afterValue(text, entryValue);
              const name = keyText(text, entryKey, entryKeyEnd);
              if (name.length !== entryKeyEnd - entryKey - 2) plainKeys = false;
              keys.push(name);
              offsets.push(entryKey, entryValue, entryEnd);
              return entryEnd;
            })
          : afterValue(text, valueStart);
      values.set(key, { start: valueStart, end: valueEnd });
      return valueEnd;
    });
    if (skipTrivia(text, end) !== text.length) return undefined;
  } catch (error) {
    if (error instanceof NotMapped || error instanceof SyntaxError) return undefined;
    throw error;
  }
  return { values, keys, offsets, plainKeys };
}

/** One value of the text, parsed as the whole-file read would parse it; undefined when that read would fail. */
export function parseValue(text: string, start: number, end: number): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(withoutJsoncExtras(text.slice(start, end))) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * The line of each `packages` entry, as `jsonSectionEntryLines(text, 'packages')` finds it: from
 * the offsets when every entry-start it would match is one of the keys (bun's layout), else from
 * that scan itself (an odd layout: it sees what it sees, and lines must not change).
 */
export function packageLines(text: string, sections: JsoncSections): (number | undefined)[] {
  const lines: (number | undefined)[] = new Array<number | undefined>(sections.keys.length).fill(undefined);
  const header = /^([ \t]+)"packages"[ \t]*:[ \t]*\{/m.exec(text);
  if (!header) return lines;
  const unit = header[1] ?? '';
  const entryStart = `\n${unit}${unit}"`;
  const sectionEnd = text.indexOf(`\n${unit}}`, header.index);
  const end = sectionEnd === -1 ? text.length : sectionEnd;
  let seenStarts = 0;
  for (let at = text.indexOf(entryStart, header.index); at !== -1 && at < end; at = text.indexOf(entryStart, at + 1)) seenStarts++;
  const counter = new LineCounter(text);
  let matched = 0;
  for (let index = 0; index < sections.keys.length; index++) {
    const at = (sections.offsets[index * 3] ?? 0) - entryStart.length + 1;
    if (at < header.index || at >= end || !text.startsWith(entryStart, at)) continue;
    lines[index] = counter.lineOf(at + 1);
    matched++;
  }
  if (matched === seenStarts && sections.plainKeys && isPackagesHeader(text, header.index + unit.length, sections)) return lines;
  const scanned = jsonSectionEntryLines(text, 'packages');
  return sections.keys.map((key) => scanned.get(key));
}

/** True when the header the line scan found is the top-level `"packages"` key itself (not a nested one). */
function isPackagesHeader(text: string, quote: number, sections: JsoncSections): boolean {
  const value = sections.values.get('packages');
  if (value === undefined) return false;
  const colon = skipTrivia(text, quote + '"packages"'.length);
  return skipTrivia(text, colon + 1) === value.start;
}
