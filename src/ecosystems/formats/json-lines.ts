import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { stripBom } from '../text.js';
import { LineCounter, positionAt } from '../../deps/lines.js';

/** Separator of the key path segments in the maps below (cannot occur in a JSON key we look up). */
export const KEY_PATH_SEPARATOR = '\u0000';

/** Joins key path segments the way `jsonKeyLines` does. */
export function keyPath(...segments: string[]): string {
  return segments.join(KEY_PATH_SEPARATOR);
}

/**
 * Lines of the keys of a pretty-printed JSON document (one key per line, as npm, composer and
 * NuGet write their lockfiles), keyed by the path of keys from the root joined with
 * KEY_PATH_SEPARATOR. Nesting is read from indentation, which is why this is a single regex pass
 * and stays cheap beside JSON.parse on multi-megabyte lockfiles. Minified JSON yields no lines
 * (only the keys that happen to start a line): callers treat a missing line as unknown.
 *
 * `valueStart` picks which keys are recorded: by default only keys whose value is an object
 * or array (entries of lockfiles); `'any'` records every key (package.json dependency lines).
 */
export function jsonKeyLines(text: string, valueStart: 'container' | 'any' = 'container'): Map<string, number> {
  const pattern =
    valueStart === 'container'
      ? /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*[{[]/gm
      : /^([ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:/gm;
  const lines = new Map<string, number>();
  const counter = new LineCounter(text);
  const stack: { indent: number; key: string }[] = [];
  for (const match of text.matchAll(pattern)) {
    const indent = (match[1] ?? '').length;
    const key = unescapeKey(match[2] ?? '');
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, key });
    const path = stack.length === 1 ? key : stack.map((entry) => entry.key).join(KEY_PATH_SEPARATOR);
    if (!lines.has(path)) lines.set(path, counter.lineOf(match.index ?? 0));
  }
  return lines;
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
  const header = new RegExp(`^([ \\t]+)"${section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[ \\t]*:[ \\t]*\\{`, 'm').exec(text);
  if (!header) return lines;
  const unit = header[1] ?? '';
  const entryStart = `\n${unit}${unit}"`;
  const sectionEnd = text.indexOf(`\n${unit}}`, header.index);
  const end = sectionEnd === -1 ? text.length : sectionEnd;
  const counter = new LineCounter(text);
  for (let at = text.indexOf(entryStart, header.index); at !== -1 && at < end; at = text.indexOf(entryStart, at + 1)) {
    const keyStart = at + entryStart.length;
    let keyEnd = text.indexOf('"', keyStart);
    while (keyEnd !== -1 && text[keyEnd - 1] === '\\') keyEnd = text.indexOf('"', keyEnd + 1);
    if (keyEnd === -1) break;
    const key = unescapeKey(text.slice(keyStart, keyEnd));
    if (!lines.has(key)) lines.set(key, counter.lineOf(at + 1));
  }
  return lines;
}
