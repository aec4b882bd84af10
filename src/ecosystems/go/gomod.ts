/**
 * A careful line parser for go.mod. There is no maintained go.mod parser on npm worth depending
 * on, and the grammar is small (golang.org/x/mod/modfile): one directive per line, or a
 * `verb (` ... `)` block with one entry per line; `//` line comments; tokens are bare words,
 * "interpreted" or `raw` strings; `=>` separates the two sides of a replace.
 */
import { describeCharacter } from '../problems.js';
import { stripBom } from '../text.js';

export interface GoModEntry {
  verb: string;
  args: string[];
  line: number;
  /** Text of the trailing `//` comment, trimmed. */
  comment?: string;
}

export interface GoModSyntaxError {
  line: number;
  column?: number;
  message: string;
}

export type GoModParse = { ok: true; entries: GoModEntry[] } | { ok: false; error: GoModSyntaxError };

interface Tokens {
  tokens: string[];
  comment?: string;
}

/**
 * A bare word: anything up to a space, tab, quote, parenthesis, `//` or `=>`. Other white space
 * (no-break space, U+3000, form feed, line separators...) and invisible characters (U+200B,
 * a BOM in the middle of the text) are not part of a word and not a separator either: the go
 * command rejects them ("unexpected input character"), and so do we.
 */
const WORD = /(?:[^\s\p{C}"`()/=]|\/(?!\/)|=(?!>))+/uy;

function tokenize(text: string, line: number): Tokens | GoModSyntaxError {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      return { tokens, comment: text.slice(i + 2).trim() };
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return { line, column: i + 1, message: 'unterminated quoted string' };
      const raw = text.slice(i, j + 1);
      try {
        tokens.push(JSON.parse(raw) as string);
      } catch {
        return { line, column: i + 1, message: `invalid quoted string ${raw.length > 80 ? `${raw.slice(0, 80)}...` : raw}` };
      }
      i = j + 1;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j === -1) return { line, column: i + 1, message: 'unterminated raw string' };
      tokens.push(text.slice(i + 1, j));
      i = j + 1;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (text.startsWith('=>', i)) {
      tokens.push('=>');
      i += 2;
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(text);
      // Nothing matched: a character that is neither part of a word nor a separator. Every
      // branch above and this one consume at least one character, so the loop always ends.
      if (!word) return { line, column: i + 1, message: `unexpected character ${describeCharacter(String.fromCodePoint(text.codePointAt(i) ?? 0))} (go.mod separates words with spaces and tabs)` };
      tokens.push(word[0]);
      i += word[0].length;
    }
  }
  return { tokens };
}

/** Splits go.mod into directives (block entries carry their block's verb) with their lines. */
export function parseGoMod(content: string): GoModParse {
  const lines = stripBom(content).split('\n');
  const entries: GoModEntry[] = [];
  let block: { verb: string; line: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const lexed = tokenize(lines[index] ?? '', line);
    if ('message' in lexed) return { ok: false, error: lexed };
    const { tokens, comment } = lexed;
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens[0] === ')') {
        if (tokens.length > 1) return { ok: false, error: { line, message: `unexpected "${tokens[1]}" after ")"` } };
        block = undefined;
        continue;
      }
      if (tokens.includes('(') || tokens.includes(')')) return { ok: false, error: { line, message: `unexpected parenthesis inside ${block.verb} block` } };
      entries.push({ verb: block.verb, args: tokens, line, ...(comment !== undefined ? { comment } : {}) });
      continue;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (verb === '(' || verb === ')') return { ok: false, error: { line, column: 1, message: `unexpected "${verb}"` } };
    if (args.length === 1 && args[0] === '(') {
      block = { verb, line };
      continue;
    }
    // `require ()` on one line is an empty block.
    if (args.length === 2 && args[0] === '(' && args[1] === ')') continue;
    if (args.includes('(') || args.includes(')')) return { ok: false, error: { line, message: `unexpected parenthesis in ${verb} directive` } };
    entries.push({ verb, args, line, ...(comment !== undefined ? { comment } : {}) });
  }
  if (block) return { ok: false, error: { line: block.line, message: `${block.verb} block opened here is never closed with ")"` } };
  return { ok: true, entries };
}

/** `// indirect` (or `// indirect; other text`), as the go command writes and reads it. */
export function isIndirect(entry: GoModEntry): boolean {
  const comment = entry.comment;
  return comment !== undefined && (comment === 'indirect' || comment.startsWith('indirect;'));
}

/** A replacement target without a version is a directory (`./x`, `../x`, `/abs`, `C:\x`). */
export function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path === '.' || path === '..';
}

/** Module versions in go.mod are canonical semver with a `v` (pseudo-versions included). */
export function isGoVersion(version: string): boolean {
  return /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}
