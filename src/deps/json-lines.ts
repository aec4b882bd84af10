import { LineCounter, positionAt } from './lines.js';

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
    const rawKey = match[2] ?? '';
    const key = rawKey.includes('\\') ? (JSON.parse(`"${rawKey}"`) as string) : rawKey;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, key });
    const path = stack.length === 1 ? key : stack.map((entry) => entry.key).join(KEY_PATH_SEPARATOR);
    if (!lines.has(path)) lines.set(path, counter.lineOf(match.index ?? 0));
  }
  return lines;
}

export type JsonParseResult<T> = { ok: true; value: T } | { ok: false; message: string; line?: number; column?: number };

/** JSON.parse that turns a syntax error into a message with line and column instead of throwing. */
export function parseJson<T = unknown>(text: string): JsonParseResult<T> {
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    if (position?.[1] !== undefined) {
      const { line, column } = positionAt(text, Number(position[1]));
      return { ok: false, message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, line, column };
    }
    return { ok: false, message: `invalid JSON: ${message}` };
  }
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
    const rawKey = text.slice(keyStart, keyEnd);
    const key = rawKey.includes('\\') ? (JSON.parse(`"${rawKey}"`) as string) : rawKey;
    if (!lines.has(key)) lines.set(key, counter.lineOf(at + 1));
  }
  return lines;
}
