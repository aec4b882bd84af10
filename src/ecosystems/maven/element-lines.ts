/**
 * Lines of XML elements. fast-xml-parser gives values without positions, so the lines of the
 * `<dependency>` elements come from this separate scan of the text: it walks the tags in document
 * order (skipping comments, CDATA, processing instructions and the DOCTYPE, which may contain
 * `<dependency>` as text), keeps the stack of open elements, and records the line of every opening
 * tag whose element path is asked for. The parser lists repeated elements in document order too,
 * so the n-th parsed `<dependency>` under a given path is the n-th one this scan found there.
 * Only runs on text XMLValidator accepted, so tags are balanced.
 */
import { LineCounter } from '../../deps/lines.js';

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<\/\s*([^\s>]+)\s*>|<([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/**
 * For each element path in `wanted` (tag names from the root joined with `/`, e.g.
 * `project/dependencies/dependency`), the lines of its opening tags in document order.
 */
export function elementLines(text: string, wanted: ReadonlySet<string>): Map<string, number[]> {
  const result = new Map<string, number[]>();
  const counter = new LineCounter(text);
  const stack: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const closing = match[1];
    const opening = match[2];
    if (closing !== undefined) {
      stack.pop();
      continue;
    }
    if (opening === undefined) continue; // comment, CDATA, processing instruction, DOCTYPE
    stack.push(localName(opening));
    const path = stack.join('/');
    if (wanted.has(path)) {
      const lines = result.get(path);
      const line = counter.lineOf(match.index ?? 0);
      if (lines) lines.push(line);
      else result.set(path, [line]);
    }
    if (match[4] === '/') stack.pop();
  }
  return result;
}

/** `m:dependency` -> `dependency` (a namespace prefix is rare in a POM but legal). */
function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(colon + 1);
}
