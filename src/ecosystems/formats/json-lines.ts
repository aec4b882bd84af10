import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { stripBom } from '../text.js';
import { LineCounter, positionAt } from '../../deps/lines.js';
import { BACKSLASH, COLON, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from './char-codes.js';

/** Separator of the key path segments in the maps below (cannot occur in a JSON key we look up). */
export const KEY_PATH_SEPARATOR = '\u0000';

/** Joins key path segments the way `jsonKeyLines` does. */
export function keyPath(...segments: string[]): string {
  return segments.join(KEY_PATH_SEPARATOR);
}

/**
 * Lines of the keys of a pretty-printed JSON document (one key per line, as npm, composer and
 * NuGet write their lockfiles), keyed by the path of keys from the root joined with
 * KEY_PATH_SEPARATOR. Nesting is read from indentation: a key line is `^[ \t]*"key"[ \t]*:` at
 * the start of a line, and it sits inside the nearest key line above it that is indented less.
 * A path that occurs twice keeps its first line. Minified JSON yields no lines (only the keys
 * that happen to start a line): callers treat a missing line as unknown.
 *
 * `valueStart` picks which keys are recorded: by default only keys whose value is an object
 * or array (entries of lockfiles); `'any'` records every key (package.json dependency lines).
 * `maxDepth` stops at paths of that many keys: a reader that wants the entries of
 * `default` (depth 2) need not look at the hashes, markers and versions inside each of them.
 */
export function jsonKeyLines(text: string, valueStart: ValueStart = 'container', maxDepth = Number.POSITIVE_INFINITY): Map<string, number> {
  const lines = new Map<string, number>();
  visitKeyLines<string>(text, valueStart, maxDepth, (parent, key, line) => {
    const path = parent === undefined ? key : `${parent}${KEY_PATH_SEPARATOR}${key}`;
    if (!lines.has(path)) lines.set(path, line);
    return path;
  });
  return lines;
}

export type ValueStart = 'container' | 'any';

/** A key line of a pretty-printed JSON document, and the key lines inside it by key. */
export interface KeyLine {
  line: number;
  inside: Map<string, KeyLine> | undefined;
}

/**
 * The key lines of `jsonKeyLines` as a tree: the top-level keys, each with the keys inside it.
 * For readers that walk entries level by level: looking an entry up by the key JSON.parse
 * gave it is one map lookup, with no key path to build per entry.
 */
export function jsonKeyTree(text: string, valueStart: ValueStart = 'container', maxDepth = Number.POSITIVE_INFINITY): Map<string, KeyLine> {
  const top = new Map<string, KeyLine>();
  visitKeyLines<KeyLine>(text, valueStart, maxDepth, (parent, key, line) => {
    const siblings = parent === undefined ? top : (parent.inside ??= new Map());
    let node = siblings.get(key);
    if (node === undefined) siblings.set(key, (node = { line, inside: undefined }));
    return node;
  });
  return top;
}

/** The key line at the end of `keys` in a tree of `jsonKeyTree`. */
export function keyLineAt(tree: ReadonlyMap<string, KeyLine> | undefined, ...keys: string[]): KeyLine | undefined {
  let node: KeyLine | undefined;
  for (const key of keys) {
    node = (node === undefined ? tree : node.inside)?.get(key);
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Calls `enter` for each key line, in file order, with what `enter` returned for the key line
 * it sits in (undefined at the top level).
 */
function visitKeyLines<T>(text: string, valueStart: ValueStart, maxDepth: number, enter: (parent: T | undefined, key: string, line: number) => T): void {
  const open = new OpenKeyLines<T>(maxDepth, enter);
  if (hasOtherLineBreaks(text)) visitByPattern(text, valueStart, open);
  else visitByScan(text, valueStart, open);
}

/**
 * Line breaks other than `\n` (a lone `\r`, U+2028, U+2029): the pattern's `^` starts a line
 * after them too, the scan does not, so a text holding one takes the pattern. (A one-byte
 * string cannot hold U+2028: V8 answers those two without reading it.)
 */
function hasOtherLineBreaks(text: string): boolean {
  return text.includes('\u2028') || text.includes('\u2029') || (text.includes('\r') && /\r(?!\n)/.test(text));
}

/** The key lines above the current line, outermost first (indents strictly increasing), and what `enter` made of each. */
class OpenKeyLines<T> {
  private readonly indents: number[] = [];
  private readonly values: T[] = [];

  constructor(
    private readonly maxDepth: number,
    private readonly enter: (parent: T | undefined, key: string, line: number) => T,
  ) {}

  /** True when a key line indented `indent` would sit deeper than `maxDepth` keys: it need not be read. */
  tooDeep(indent: number): boolean {
    const depth = this.indents.length;
    return depth >= this.maxDepth && indent > (this.indents[depth - 1] as number);
  }

  /**
   * When the open key lines are `maxDepth` deep: spaces one more than the innermost one's indent.
   * A line that starts with them is too deep, found with one native comparison instead of a
   * character loop (most lines of a lockfile are inside its entries). Undefined otherwise.
   */
  tooDeepPrefix: string | undefined = undefined;

  /** A key line: it closes the ones indented as much or more, and sits in the one left above it. */
  open(indent: number, key: string, line: number): void {
    while (this.indents.length > 0 && (this.indents[this.indents.length - 1] as number) >= indent) {
      this.indents.pop();
      this.values.pop();
    }
    const value = this.enter(this.values[this.values.length - 1], key, line);
    this.indents.push(indent);
    this.values.push(value);
    this.tooDeepPrefix = this.indents.length >= this.maxDepth && indent < MAX_PREFIX_INDENT ? spaces(indent + 1) : undefined;
  }
}

/** Deeper indents (not written by any tool) take the character loop: no long strings kept. */
const MAX_PREFIX_INDENT = 64;

/** Strings of spaces by length, made once each. */
const SPACES: string[] = [];

function spaces(count: number): string {
  return (SPACES[count] ??= ' '.repeat(count));
}

/** The general path, and the definition of a key line: a regex over every line. */
function visitByPattern<T>(text: string, valueStart: ValueStart, open: OpenKeyLines<T>): void {
  const pattern =
    valueStart === 'container'
      ? /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*[{[]/gm
      : /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:/gm;
  const counter = new LineCounter(text);
  for (const match of text.matchAll(pattern)) {
    const indent = (match[1] ?? '').length;
    if (!open.tooDeep(indent)) open.open(indent, unescapeKey(match[2] ?? ''), counter.lineOf(match.index ?? 0));
  }
}


/**
 * The fast path: what the pattern finds, read with one `indexOf('\n')` and a few character
 * checks per line. A line deeper than `maxDepth` keys is left after its indentation.
 */
function visitByScan<T>(text: string, valueStart: ValueStart, open: OpenKeyLines<T>): void {
  for (let start = 0, line = 1; start !== -1; line++) {
    const deep = open.tooDeepPrefix;
    if (deep !== undefined && text.startsWith(deep, start)) {
      const next = text.indexOf('\n', start + deep.length);
      start = next === -1 ? -1 : next + 1;
      continue;
    }
    let at = start;
    let char = text.charCodeAt(at);
    while (char === SPACE || char === TAB) char = text.charCodeAt(++at);
    const indent = at - start;
    const next = text.indexOf('\n', at);
    start = next === -1 ? -1 : next + 1;
    if (char !== QUOTE || open.tooDeep(indent)) continue;
    const keyEnd = endOfKey(text, at + 1);
    if (keyEnd !== -1 && valueFollows(text, keyEnd + 1, valueStart)) open.open(indent, unescapeKey(text.slice(at + 1, keyEnd)), line);
  }
}

/**
 * Where the key that starts after the quote at `from - 1` ends (its closing quote), as the
 * pattern's `(?:[^"\\\n]|\\.)*"` reads it: -1 when the line or the text ends first.
 */
function endOfKey(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === QUOTE) return at;
    if (char === LF) return -1;
    // An escaped line feed ends the key as the pattern's `.` does; a `\r` here is always
    // followed by `\n` (else the text takes the pattern), which then ends it.
    if (char === BACKSLASH && text.charCodeAt(++at) === LF) return -1;
  }
  return -1;
}

/** Whether `[ \t]*:` (and for containers `[ \t]*[{[]`) follows the key's closing quote. */
function valueFollows(text: string, from: number, valueStart: ValueStart): boolean {
  let at = from;
  let char = text.charCodeAt(at);
  while (char === SPACE || char === TAB) char = text.charCodeAt(++at);
  if (char !== COLON) return false;
  if (valueStart === 'any') return true;
  do char = text.charCodeAt(++at);
  while (char === SPACE || char === TAB);
  return char === OPEN_BRACE || char === OPEN_BRACKET;
}

export type JsonParseResult<T> = { ok: true; value: T } | { ok: false; message: string; line?: number; column?: number };

/**
 * The text of a JSON key as the file writes it (between the quotes), unescaped. A key the text scans
 * pick up that is not valid JSON (they look at lines, not at the grammar) stays as written: lines
 * are a hint, never a reason to fail.
 */
function unescapeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * JSON.parse that turns a syntax error into a message with line and column instead of throwing.
 * A leading byte order mark is skipped (editors write one; it is no syntax error). JSON.parse
 * keeps every key as data (`__proto__` is an own property, never the prototype): callers read
 * keys with `Object.keys`/`Object.hasOwn`, never by spreading or assigning objects.
 */
export function parseJson<T = unknown>(content: string): JsonParseResult<T> {
  const text = stripBom(content);
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // V8 words some errors without a position and with an excerpt of the file instead
    // (`Unexpected token 'x', "[1, x]" is not valid JSON`): the excerpt goes, the position is found.
    const message = `invalid JSON: ${raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')}`;
    const stated = /at position (\d+)/.exec(raw)?.[1];
    const offset = stated !== undefined ? Number(stated) : syntaxErrorOffset(text);
    if (offset === undefined) return { ok: false, message };
    const { line, column } = positionAt(text, offset);
    return { ok: false, message, line, column };
  }
}

/** Where a second, position-reporting parser finds the first syntax error (only run on text JSON.parse rejected). */
function syntaxErrorOffset(text: string): number | undefined {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return undefined; // nesting too deep for its recursive descent: no position, the message stands
  }
  return errors[0]?.offset;
}

/**
 * Lines of the keys directly inside one top-level section of a pretty-printed JSON document
 * (`"packages": { "node_modules/a": {...}, ... }`). Only that section's entry lines are looked
 * at, with plain `indexOf` (no regex, no key paths), which keeps multi-megabyte lockfiles cheap.
 * Returns an empty map when the section is missing or the file is not pretty-printed.
 */
export function jsonSectionEntryLines(text: string, section: string): Map<string, number> {
  const lines = new Map<string, number>();
  const header = sectionKeyLine(text, section, '{');
  if (!header) return lines;
  const unit = header.indent;
  const entryStart = `\n${unit}${unit}"`;
  const sectionEnd = text.indexOf(`\n${unit}}`, header.start);
  const end = sectionEnd === -1 ? text.length : sectionEnd;
  const counter = new LineCounter(text);
  for (let at = text.indexOf(entryStart, header.start); at !== -1 && at < end; at = text.indexOf(entryStart, at + 1)) {
    const keyStart = at + entryStart.length;
    let keyEnd = text.indexOf('"', keyStart);
    while (keyEnd !== -1 && text[keyEnd - 1] === '\\') keyEnd = text.indexOf('"', keyEnd + 1);
    if (keyEnd === -1) break;
    const key = unescapeKey(text.slice(keyStart, keyEnd));
    if (!lines.has(key)) lines.set(key, counter.lineOf(at + 1));
  }
  return lines;
}

/**
 * The first indented key line that opens `section` (`^[ \t]+"<section>"[ \t]*:[ \t]*{` as a
 * multiline regex finds it, or `[`): where its line starts and its indentation.
 * Found by `indexOf` of the quoted key, each hit checked, where the regex would try every line.
 */
export function sectionKeyLine(text: string, section: string, open: '{' | '['): { start: number; indent: string } | undefined {
  const quoted = `"${section}"`;
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let start = at;
    while (start > 0 && isBlank(text.charCodeAt(start - 1))) start--;
    if (start === at || (start > 0 && !isLineBreak(text.charCodeAt(start - 1)))) continue;
    let after = at + quoted.length;
    while (isBlank(text.charCodeAt(after))) after++;
    if (text.charCodeAt(after) !== COLON) continue;
    do after++;
    while (isBlank(text.charCodeAt(after)));
    if (text[after] === open) return { start, indent: text.slice(start, at) };
  }
  return undefined;
}

function isBlank(char: number): boolean {
  return char === SPACE || char === TAB;
}

/** Where a multiline regex's `^` may match: after `\n`, `\r`, U+2028 or U+2029. */
function isLineBreak(char: number): boolean {
  return char === LF || char === 0x0d || char === 0x2028 || char === 0x2029;
}
