/**
 * The lexical half of the TOML readers here (toml-lockfile.ts, toml.ts): keys, single-line
 * strings, booleans and decimal integers, blanks, comments and line ends, read by character code
 * with the line counted. Whatever is outside that (multi-line strings, floats, dates, unknown
 * escapes...) or not valid TOML throws OutsideSubset: the lockfile reader then hands the whole
 * file to smol-toml, the manifest position scan stops there.
 */
import { APOSTROPHE, BACKSLASH, CR, DELETE, DOT, HASH, LF, QUOTE, SPACE, TAB } from './char-codes.js';

/** The text leaves the subset this reader knows, or is not valid TOML. */
export class OutsideSubset extends Error {}

export function outside(what: string): OutsideSubset {
  return new OutsideSubset(what);
}


/** Decimal integers that are exact as a JS number; longer ones (and `-0`) are left to smol-toml. */
const INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

const ESCAPES: Record<number, string> = { 0x62: '\b', 0x74: '\t', 0x6e: '\n', 0x66: '\f', 0x72: '\r', 0x22: '"', 0x5c: '\\' };

function isControl(code: number): boolean {
  return (code < SPACE && code !== TAB) || code === DELETE;
}

function isBareKeyChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d;
}

/** Characters a number, boolean or date may hold: such a token ends at anything else. */
function isTokenChar(code: number): boolean {
  return isBareKeyChar(code) || code === 0x2b || code === DOT || code === 0x3a;
}

export class TomlScanner {
  protected pos = 0;
  /** Line (1-based) at `pos`: line ends are only consumed by skipVoid (and by a subclass reading past a multi-line string). */
  protected line = 1;

  constructor(protected readonly text: string) {}

  protected at(): number {
    return this.text.charCodeAt(this.pos);
  }

  protected expect(code: number): void {
    if (this.at() !== code) throw outside(`expected ${String.fromCharCode(code)}`);
    this.pos++;
  }

  // --- keys ------------------------------------------------------------------------------

  /** `a.b."c"` up to and including `end` (`=` or `]`): one part as a string (most keys), more as a list. */
  protected key(end: number): string | string[] {
    this.skipBlanks();
    const first = this.keyPart();
    this.skipBlanks();
    if (this.at() === end) {
      this.pos++;
      return first;
    }
    const parts = [first];
    while (this.at() === DOT) {
      this.pos++;
      this.skipBlanks();
      parts.push(this.keyPart());
      this.skipBlanks();
    }
    this.expect(end);
    return parts;
  }

  protected keyPath(end: number): string[] {
    const key = this.key(end);
    return typeof key === 'string' ? [key] : key;
  }

  private keyPart(): string {
    const code = this.at();
    if (code === QUOTE) return this.basicString(true);
    if (code === APOSTROPHE) return this.literalString(true);
    const start = this.pos;
    while (isBareKeyChar(this.at())) this.pos++;
    if (this.pos === start) throw outside('empty key');
    return this.text.slice(start, this.pos);
  }

  // --- scalars ---------------------------------------------------------------------------

  /** `true`, `false` or a plain decimal integer; floats, dates, hex and the like go to smol-toml. */
  protected scalar(): boolean | number {
    const start = this.pos;
    while (isTokenChar(this.at())) this.pos++;
    const token = this.text.slice(start, this.pos);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (INTEGER.test(token) && token !== '-0') return Number(token);
    throw outside(`value ${JSON.stringify(token)}`);
  }

  /** `"..."` on one line; its text only when `build` (else ''), but checked either way. */
  protected basicString(build: boolean): string {
    const text = this.text;
    const start = this.pos + 1;
    if (text.charCodeAt(start) === QUOTE && text.charCodeAt(start + 1) === QUOTE) throw outside('multi-line string');
    for (let at = start; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.pos = at + 1;
        return build ? text.slice(start, at) : '';
      }
      if (code === BACKSLASH) return this.escapedString(start, at);
      if (isControl(code)) break;
    }
    throw outside('unterminated string or control character in a string');
  }

  /** The rest of a basic string from its first backslash, escapes decoded. */
  private escapedString(start: number, firstEscape: number): string {
    const text = this.text;
    let value = text.slice(start, firstEscape);
    let from = firstEscape;
    for (let at = firstEscape; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.pos = at + 1;
        return value + text.slice(from, at);
      }
      if (isControl(code)) break;
      if (code !== BACKSLASH) continue;
      value += text.slice(from, at);
      const escape = text.charCodeAt(at + 1);
      const simple = ESCAPES[escape];
      if (simple !== undefined) {
        value += simple;
        at += 1;
      } else if (escape === 0x75 || escape === 0x55) {
        const digits = escape === 0x75 ? 4 : 8;
        value += unicodeEscape(text.slice(at + 2, at + 2 + digits), digits);
        at += 1 + digits;
      } else {
        // TOML 1.1's \e and \x, and invalid escapes: smol-toml's business.
        throw outside('escape outside the subset');
      }
      from = at + 1;
    }
    throw outside('unterminated string or control character in a string');
  }

  /** `'...'` on one line; its text only when `build` (else ''). */
  protected literalString(build: boolean): string {
    const text = this.text;
    const start = this.pos + 1;
    if (text.charCodeAt(start) === APOSTROPHE && text.charCodeAt(start + 1) === APOSTROPHE) throw outside('multi-line string');
    for (let at = start; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === APOSTROPHE) {
        this.pos = at + 1;
        return build ? text.slice(start, at) : '';
      }
      if (isControl(code)) break;
    }
    throw outside('unterminated string or control character in a string');
  }

  // --- blanks, comments, line ends -------------------------------------------------------

  protected skipBlanks(): void {
    let code = this.at();
    while (code === SPACE || code === TAB) code = this.text.charCodeAt(++this.pos);
  }

  /** Blanks, comments and line ends (between statements and inside arrays), counting lines. */
  protected skipVoid(): void {
    for (;;) {
      this.skipBlanks();
      const code = this.at();
      if (code === LF) {
        this.pos++;
        this.line++;
      } else if (code === CR && this.text.charCodeAt(this.pos + 1) === LF) {
        this.pos += 2;
        this.line++;
      } else if (code === HASH) {
        this.skipComment();
      } else {
        return;
      }
    }
  }

  /** From `#` up to the line end (left for skipVoid). */
  private skipComment(): void {
    const text = this.text;
    let at = this.pos + 1;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === LF || (code === CR && text.charCodeAt(at + 1) === LF)) break;
      if (isControl(code)) throw outside('control character in a comment');
    }
    this.pos = at;
  }

  /** After a statement: blanks, maybe a comment, then a line end or the end of the text. */
  protected endOfLine(): void {
    this.skipBlanks();
    if (this.at() === HASH) this.skipComment();
    if (this.pos >= this.text.length) return;
    const code = this.at();
    if (code !== LF && !(code === CR && this.text.charCodeAt(this.pos + 1) === LF)) throw outside('expected the end of the line');
  }
}

function unicodeEscape(hex: string, digits: number): string {
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) throw outside('malformed unicode escape');
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw outside('unicode escape out of range');
  return String.fromCodePoint(code);
}
