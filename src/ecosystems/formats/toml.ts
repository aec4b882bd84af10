/**
 * TOML manifests (Cargo.toml, pyproject.toml, Pipfile): values from smol-toml, and the lines they
 * are written on from one scan of the same text, because smol-toml keeps no positions. The scan
 * reads keys and single-line strings with the lockfile reader's scanner (toml-scanner.ts) and
 * skips every other value, multi-line ones included.
 */
import { parse, TomlError } from 'smol-toml';
import type { ExtractionProblem } from '../types.js';
import { KEY_PATH_SEPARATOR, keyPath } from './json-lines.js';
import { APOSTROPHE, BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, EQUALS, HASH, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './char-codes.js';
import { OutsideSubset, TomlScanner, outside } from './toml-scanner.js';

export interface TomlSyntaxError {
  /** `syntax`: smol-toml's TomlError, with its position; `failure`: anything else it threw. */
  kind: 'syntax' | 'failure';
  /** The first line of the error's message (all of it for a failure). */
  message: string;
  line?: number;
  column?: number;
}

export type TomlParse = { ok: true; value: Record<string, unknown> } | { ok: false; error: TomlSyntaxError };

/** smol-toml's parse, with what it throws as a value. */
export function parseToml(content: string): TomlParse {
  try {
    return { ok: true, value: parse(content) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof TomlError) {
      return { ok: false, error: { kind: 'syntax', message: error.message.split('\n')[0] ?? error.message, line: error.line, column: error.column } };
    }
    return { ok: false, error: { kind: 'failure', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** A syntax error as a problem at the parser's line and column; anything else as `invalid TOML: ...`. */
export function tomlProblem(path: string, error: TomlSyntaxError): ExtractionProblem {
  const { kind, message, line, column } = error;
  return kind === 'syntax' ? { path, line, column, message } : { path, message: `invalid TOML: ${message}` };
}

export type TomlResult = { ok: true; value: Record<string, unknown> } | { ok: false; problem: ExtractionProblem };

/** smol-toml's parse, with an error turned into a problem (tomlProblem). */
export function readToml(path: string, content: string): TomlResult {
  const parsed = parseToml(content);
  return parsed.ok ? parsed : { ok: false, problem: tomlProblem(path, parsed.error) };
}

export interface TomlPositions {
  /**
   * First line of each key path (keyPath(...segments)): a `[table]` or `[[table]]` header gives
   * its path; `a.b = ...` under `[t]` gives `t.a` and `t.a.b`.
   */
  keys: Map<string, number>;
  /** First line of each single-line string item of an array value, by keyPath(...the key's path, item). */
  items: Map<string, number>;
}

/**
 * Key paths longer than this are not recorded. Readers look up at most
 * `tool.poetry.group.<group>.dependencies.<name>`; a hostile dotted key of a million segments
 * would otherwise record a million ever longer paths.
 */
const MAX_KEY_DEPTH = 6;

/** Arrays and inline tables nested deeper than this end the scan (smol-toml allows far deeper). */
const MAX_NESTING = 100;

/**
 * Where the keys and array items of a TOML document are written. The scan stops at the first text
 * it does not read (TOML 1.1's `\e` and `\x` escapes, invalid TOML): what comes after has no line,
 * never a wrong one. `content` is the text smol-toml read, byte order mark stripped.
 */
export function tomlPositions(content: string): TomlPositions {
  const scanner = new PositionScanner(content);
  try {
    scanner.scan();
  } catch (error) {
    if (!(error instanceof OutsideSubset)) throw error;
  }
  return scanner.positions;
}

function recordFirst(map: Map<string, number>, key: string, line: number): void {
  if (!map.has(key)) map.set(key, line);
}

class PositionScanner extends TomlScanner {
  readonly positions: TomlPositions = { keys: new Map(), items: new Map() };
  /** The path of the last table header. */
  private table: string[] = [];
  private nesting = 0;

  scan(): void {
    this.skipVoid();
    while (this.pos < this.text.length) {
      if (this.at() === OPEN_BRACKET) this.header();
      else this.keyValue();
      this.endOfLine();
      this.skipVoid();
    }
  }

  private header(): void {
    const line = this.line;
    this.pos++;
    const isArray = this.at() === OPEN_BRACKET;
    if (isArray) this.pos++;
    this.table = this.keyPath(CLOSE_BRACKET);
    if (isArray) this.expect(CLOSE_BRACKET);
    if (this.table.length <= MAX_KEY_DEPTH) recordFirst(this.positions.keys, keyPath(...this.table), line);
  }

  private keyValue(): void {
    const line = this.line;
    const key = this.keyPath(EQUALS);
    this.recordPrefixes(key, line);
    this.skipBlanks();
    if (this.at() !== OPEN_BRACKET) return this.value();
    const depth = this.table.length + key.length;
    this.array(depth <= MAX_KEY_DEPTH ? [...this.table, ...key] : undefined);
  }

  /** The table's path followed by each prefix of `key` (`t.a`, `t.a.b`), up to MAX_KEY_DEPTH segments. */
  private recordPrefixes(key: string[], line: number): void {
    const depth = this.table.length;
    if (depth >= MAX_KEY_DEPTH) return;
    let path = keyPath(...this.table);
    for (let n = 0; n < key.length && depth + n < MAX_KEY_DEPTH; n++) {
      path = depth + n === 0 ? (key[0] as string) : path + KEY_PATH_SEPARATOR + (key[n] as string);
      recordFirst(this.positions.keys, path, line);
    }
  }

  /** Any value, read past; its strings are checked, none recorded. */
  private value(): void {
    const code = this.at();
    if (code === QUOTE || code === APOSTROPHE) this.string(code, false);
    else if (code === OPEN_BRACKET) this.array(undefined);
    else if (code === OPEN_BRACE) this.inlineTable();
    else this.skipScalar();
  }

  /** `[...]` over any number of lines; with `itemsPath`, each string item's line is recorded under it. */
  private array(itemsPath: string[] | undefined): void {
    this.enter();
    for (;;) {
      this.skipVoid();
      if (this.at() === CLOSE_BRACKET) break;
      const code = this.at();
      if (itemsPath && (code === QUOTE || code === APOSTROPHE)) {
        const line = this.line;
        const item = this.string(code, true);
        if (item !== undefined) recordFirst(this.positions.items, keyPath(...itemsPath, item), line);
      } else {
        this.value();
      }
      this.skipVoid();
      if (this.at() === CLOSE_BRACKET) break;
      this.expect(COMMA);
    }
    this.leave();
  }

  /** `{ a = 1, b.c = "x" }`, also over lines with comments and a trailing comma (TOML 1.1, as smol-toml reads). */
  private inlineTable(): void {
    this.enter();
    for (;;) {
      this.skipVoid();
      if (this.at() === CLOSE_BRACE) break;
      this.keyPath(EQUALS);
      this.skipBlanks();
      this.value();
      this.skipVoid();
      if (this.at() === CLOSE_BRACE) break;
      this.expect(COMMA);
    }
    this.leave();
  }

  /** A string's text (when `build`) if it is on one line; a multi-line one is read past, undefined. */
  private string(quote: number, build: boolean): string | undefined {
    const text = this.text;
    if (text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote) {
      this.skipMultilineString(quote);
      return undefined;
    }
    return quote === QUOTE ? this.basicString(build) : this.literalString(build);
  }

  /** From `"""` or `'''` past its closing one, counting the lines in between. */
  private skipMultilineString(quote: number): void {
    const text = this.text;
    let at = this.pos + 3;
    for (;;) {
      if (at >= text.length) throw outside('unterminated multi-line string');
      const code = text.charCodeAt(at);
      if (code === LF) this.line++;
      else if (code === BACKSLASH && quote === QUOTE) {
        // An escaped character, or a line-ending backslash: the next character is no delimiter.
        if (text.charCodeAt(at + 1) === LF) this.line++;
        at++;
      } else if (code === quote && text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote) {
        // Up to two more quotes right before the delimiter are the string's own (`"""a""""`).
        let end = at + 3;
        while (end < at + 5 && text.charCodeAt(end) === quote) end++;
        this.pos = end;
        return;
      }
      at++;
    }
  }

  /** A number, boolean, date or time: up to what may follow a value (a date-time may hold a space). */
  private skipScalar(): void {
    const text = this.text;
    let code = this.at();
    while (this.pos < text.length && code !== COMMA && code !== CLOSE_BRACKET && code !== CLOSE_BRACE && code !== HASH && code !== LF) {
      code = text.charCodeAt(++this.pos);
    }
  }

  private enter(): void {
    if (++this.nesting > MAX_NESTING) throw outside('deep nesting');
    this.pos++;
  }

  private leave(): void {
    this.nesting--;
    this.pos++;
  }
}
