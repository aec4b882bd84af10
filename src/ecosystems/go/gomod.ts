/**
 * A careful line parser for go.mod. There is no maintained go.mod parser on npm worth depending
 * on, and the grammar is small (golang.org/x/mod/modfile): one directive per line, or a
 * `verb (` ... `)` block with one entry per line; `//` line comments; tokens are bare words,
 * "interpreted" or `raw` strings; `=>` separates the two sides of a replace.
 *
 * A generated go.mod holds hundreds of thousands of requirements, so the file is read in place:
 * no array of its lines, and each directive is handed to the caller as soon as it is read
 * rather than collected (the caller keeps what it needs, far less than the tokens).
 */
import { describeCharacter } from '../problems.js';
import { stripBom } from '../text.js';

export interface GoModEntry {
  verb: string;
  args: string[];
  line: number;
  /** The trailing comment says `// indirect` (or `// indirect; other text`), as the go command writes and reads it. */
  indirect: boolean;
}

export interface GoModSyntaxError {
  line: number;
  column?: number;
  message: string;
}

interface Tokens {
  tokens: string[];
  indirect: boolean;
}

/**
 * A bare word: anything up to a space, tab, quote, parenthesis, `//` or `=>`. Other white space
 * (no-break space, U+3000, form feed, line separators...) and invisible characters (U+200B,
 * a BOM in the middle of the text) are not part of a word and not a separator either: the go
 * command rejects them ("unexpected input character"), and so do we. A word never runs past
 * the end of its line: `\n` is white space.
 */
const WORD = /(?:[^\s\p{C}"`()/=]|\/(?!\/)|=(?!>))+/uy;

/** The comment text after `//`, trimmed, is `indirect` or starts with `indirect;`. */
const INDIRECT = /^\s*indirect(?:;|\s*$)/;

/** The tokens of the line `text.slice(start, end)`, read in place; `line` is its number, for errors. */
function tokenize(text: string, start: number, end: number, line: number): Tokens | GoModSyntaxError {
  const tokens: string[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f && i + 1 < end) {
      return { tokens, indirect: INDIRECT.test(text.slice(i + 2, end)) };
    } else if (c === 0x22) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (j >= end) return { line, column: i - start + 1, message: 'unterminated quoted string' };
      const raw = text.slice(i, j + 1);
      try {
        tokens.push(JSON.parse(raw) as string);
      } catch {
        return { line, column: i - start + 1, message: `invalid quoted string ${raw.length > 80 ? `${raw.slice(0, 80)}...` : raw}` };
      }
      i = j + 1;
    } else if (c === 0x60) {
      const j = text.indexOf('`', i + 1);
      if (j === -1 || j >= end) return { line, column: i - start + 1, message: 'unterminated raw string' };
      tokens.push(text.slice(i + 1, j));
      i = j + 1;
    } else if (c === 0x28 || c === 0x29) {
      tokens.push(c === 0x28 ? '(' : ')');
      i++;
    } else if (c === 0x3d && text.charCodeAt(i + 1) === 0x3e && i + 1 < end) {
      tokens.push('=>');
      i += 2;
    } else {
      WORD.lastIndex = i;
      // Nothing matched: a character that is neither part of a word nor a separator. Every
      // branch above and this one consume at least one character, so the loop always ends.
      if (!WORD.test(text)) return { line, column: i - start + 1, message: `unexpected character ${describeCharacter(String.fromCodePoint(text.codePointAt(i) ?? 0))} (go.mod separates words with spaces and tabs)` };
      tokens.push(text.slice(i, WORD.lastIndex));
      i = WORD.lastIndex;
    }
  }
  return { tokens, indirect: false };
}

/**
 * Reads go.mod and hands each directive to `visit` in file order (block entries carry their
 * block's verb). Returns the syntax error that stops the read, if any: directives visited before
 * it are then not to be used.
 */
export function parseGoMod(content: string, visit: (entry: GoModEntry) => void): GoModSyntaxError | undefined {
  const text = stripBom(content);
  let block: { verb: string; line: number } | undefined;
  let line = 0;
  for (let start = 0; start <= text.length; ) {
    line++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const lexed = tokenize(text, start, end, line);
    start = end + 1;
    if ('message' in lexed) return lexed;
    const { tokens, indirect } = lexed;
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens[0] === ')') {
        if (tokens.length > 1) return { line, message: `unexpected "${tokens[1]}" after ")"` };
        block = undefined;
        continue;
      }
      if (tokens.includes('(') || tokens.includes(')')) return { line, message: `unexpected parenthesis inside ${block.verb} block` };
      visit({ verb: block.verb, args: tokens, line, indirect });
      continue;
    }
    const verb = tokens[0] as string;
    if (verb === '(' || verb === ')') return { line, column: 1, message: `unexpected "${verb}"` };
    const args = tokens.slice(1);
    if (args.length === 1 && args[0] === '(') {
      block = { verb, line };
      continue;
    }
    // `require ()` on one line is an empty block.
    if (args.length === 2 && args[0] === '(' && args[1] === ')') continue;
    if (args.includes('(') || args.includes(')')) return { line, message: `unexpected parenthesis in ${verb} directive` };
    visit({ verb, args, line, indirect });
  }
  if (block) return { line: block.line, message: `${block.verb} block opened here is never closed with ")"` };
  return undefined;
}

/** A replacement target without a version is a directory (`./x`, `../x`, `/abs`, `C:\x`). */
export function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path === '.' || path === '..';
}

/** Module versions in go.mod are canonical semver with a `v` (pseudo-versions included). */
export function isGoVersion(version: string): boolean {
  return /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}
