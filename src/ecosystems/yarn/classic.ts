/**
 * The yarn 1 ("classic") lockfile syntax, read line by line:
 *
 *     # yarn lockfile v1
 *     "@babel/core@^7.0.0", "@babel/core@^7.1.0":
 *       version "7.22.13"
 *       dependencies:
 *         js-tokens "^4.0.0"
 *
 * A line is `keys:` (a map follows, indented two more spaces) or `key value` / `key: value`;
 * several comma-separated keys share one value. Values stay strings, as yarn's own grammar in
 * @yarnpkg/parsers reads them.
 *
 * Why our own reader rather than that grammar: it costs about 100 bytes of memory per character
 * of a comment or a bare word (a 10 MB comment line took 1 GB), it builds the top-level map with
 * `Object.assign({}, ...entries)` (a spread that overflows the stack past ~120k entries), and that
 * same assignment turns a `"__proto__"` key into the map's prototype. This reader is one pass,
 * linear in time and memory, keeps every key as data (maps without a prototype), and reports a
 * syntax error at its line.
 */

export type ClassicValue = string | ClassicMap;
/** A map without a prototype: `__proto__` and `constructor` are keys like any other. */
export interface ClassicMap {
  [key: string]: ClassicValue;
}

export type ClassicResult = { ok: true; value: ClassicMap } | { ok: false; message: string; line: number; column?: number };

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
  }
}

interface Level {
  map: ClassicMap;
  /** Indentation of the keys of `map`. */
  indent: number;
}

export function parseClassicLockfile(text: string): ClassicResult {
  const root: ClassicMap = Object.create(null) as ClassicMap;
  const stack: Level[] = [{ map: root, indent: 0 }];
  /** A `keys:` line just read: its map, waiting for its first key. */
  let opened: Level | undefined;
  let line = 0;
  try {
    for (let start = 0; start <= text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      line++;
      const content = text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
      let indent = 0;
      while (content[indent] === ' ') indent++;
      if (indent === content.length || content[indent] === '#') continue; // blank or comment
      if (content[indent] === '\t') throw new SyntaxProblem('indentation must be spaces, not tabs', indent + 1);
      if (opened !== undefined && indent > opened.indent - 2) {
        if (indent !== opened.indent) throw new SyntaxProblem(`expected ${opened.indent} spaces of indentation, found ${indent}`, 1);
        stack.push(opened);
      }
      opened = undefined;
      while (indent < (stack[stack.length - 1] as Level).indent) stack.pop();
      const level = stack[stack.length - 1] as Level;
      if (indent !== level.indent) throw new SyntaxProblem(`expected ${level.indent} spaces of indentation, found ${indent}`, 1);
      opened = readLine(content, indent, level.map);
    }
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, message: error.message, line, ...(error.column !== undefined ? { column: error.column } : {}) };
    throw error;
  }
  return { ok: true, value: root };
}

/** Reads one `keys:` or `key value` line into `map`; returns the new level a `keys:` line opens. */
function readLine(content: string, indent: number, map: ClassicMap): Level | undefined {
  const keys: string[] = [];
  let at = indent;
  for (;;) {
    const key = readToken(content, at, true);
    keys.push(key.value);
    at = skipSpaces(content, key.end);
    if (content[at] !== ',') break;
    at = skipSpaces(content, at + 1);
  }
  let value: ClassicValue | undefined;
  if (content[at] === ':') at = skipSpaces(content, at + 1);
  else if (at >= content.length) throw new SyntaxProblem('expected ":" or a value after the key', at + 1);
  if (at < content.length) {
    const token = readToken(content, at, false);
    const after = skipSpaces(content, token.end);
    if (after < content.length) throw new SyntaxProblem('unexpected text after the value', after + 1);
    value = token.value;
  }
  const opened: Level | undefined = value === undefined ? { map: Object.create(null) as ClassicMap, indent: indent + 2 } : undefined;
  for (const key of keys) {
    if (Object.hasOwn(map, key)) throw new SyntaxProblem(`duplicated key ${JSON.stringify(key)}`, indent + 1);
    // Several keys of one `a, b:` line share the one value, as yarn reads them.
    map[key] = value ?? (opened as Level).map;
  }
  return opened;
}

function skipSpaces(content: string, at: number): number {
  while (content[at] === ' ' || content[at] === '\t') at++;
  return at;
}

/**
 * A quoted string (JSON escapes) or a bare word. A key's bare word ends at a space, a comma or a
 * `:` that ends it (`a@npm:b` keeps its colon); a value's bare word runs to the end of the line.
 */
function readToken(content: string, at: number, isKey: boolean): { value: string; end: number } {
  if (content[at] === '"') {
    let end = at + 1;
    while (end < content.length && content[end] !== '"') end += content[end] === '\\' ? 2 : 1;
    if (end >= content.length) throw new SyntaxProblem('unterminated string', at + 1);
    try {
      return { value: JSON.parse(content.slice(at, end + 1)) as string, end: end + 1 };
    } catch {
      throw new SyntaxProblem('invalid escape in string', at + 1);
    }
  }
  if (!isKey) return { value: content.slice(at).trimEnd(), end: content.length };
  let end = at;
  while (end < content.length) {
    const char = content[end];
    if (char === ' ' || char === '\t' || char === ',') break;
    if (char === ':' && (end + 1 === content.length || content[end + 1] === ' ' || content[end + 1] === '\t')) break;
    end++;
  }
  if (end === at) throw new SyntaxProblem('expected a key', at + 1);
  return { value: content.slice(at, end), end };
}
