/**
 * Lines of the entries of a top-level array in a pretty-printed JSON document, as composer writes
 * composer.lock (`"packages": [ { "name": ... }, ... ]`): JSON.parse keeps no positions. A raw
 * newline can't occur inside a JSON string, so every line start is a structural position, and
 * an entry starts on each line indented exactly two levels below the array that is not a closing
 * bracket. One pass with indexOf over the array's lines: linear in the file's size.
 */
import { LineCounter } from '../../deps/lines.js';
import { sectionKeyLine } from '../formats/json-lines.js';
import { CLOSE_BRACKET, QUOTE } from '../formats/char-codes.js';

export interface ArrayLines {
  /** Line of the `"section": [` key, when found. */
  section?: number;
  /**
   * Per entry, in order: the line of its own `"name"` key when it has one, else the line the
   * entry starts on. Empty when the file is not pretty-printed.
   */
  items: number[];
}

export function arrayItemLines(content: string, section: string): ArrayLines {
  const header = sectionKeyLine(content, section, '[');
  if (!header) return { items: [] };
  const unit = header.indent;
  const itemIndent = unit + unit;
  const nameKey = `${itemIndent}${unit}"name"`;
  const arrayEnd = `${unit}]`;
  const width = unit.length;
  const sectionLine = new LineCounter(content).lineOf(header.start);
  const starts: number[] = [];
  const names: (number | undefined)[] = [];
  let line = sectionLine;
  for (let newline = content.indexOf('\n', header.start); newline !== -1; newline = content.indexOf('\n', newline + 1)) {
    line++;
    const start = newline + 1;
    // Most lines sit deeper inside an entry. Each case below needs `]` at one unit, `"` at three
    // or no blank at two: three character reads rule them all out, without comparing strings.
    if (isBlank(content.charCodeAt(start + 2 * width)) && content.charCodeAt(start + width) !== CLOSE_BRACKET && content.charCodeAt(start + 3 * width) !== QUOTE) continue;
    if (content.startsWith(arrayEnd, start)) break;
    if (content.startsWith(nameKey, start)) {
      // The entry's own name: the first `"name"` one level inside it.
      const current = starts.length - 1;
      if (current >= 0 && names[current] === undefined) names[current] = line;
      continue;
    }
    if (!content.startsWith(itemIndent, start)) continue;
    const first = content[start + itemIndent.length];
    if (first === undefined || first === ' ' || first === '\t' || first === '}' || first === ']' || first === '\r' || first === '\n') continue;
    starts.push(line);
    names.push(undefined);
  }
  return { section: sectionLine, items: starts.map((startLine, index) => names[index] ?? startLine) };
}


function isBlank(char: number): boolean {
  return char === 0x20 || char === 0x09;
}
