/**
 * Problems as the ecosystems report them: bounded per file (a hostile file can have a bad entry
 * on every line), worded in the file's own terms (characters named, names quoted and clipped),
 * and the check that a file is text at all.
 */
import { LineCounter } from '../deps/lines.js';
import type { ExtractionProblem, SourceFile } from './types.js';

/**
 * How many problems one file reports. A generated file can hold a million malformed entries;
 * past this many the rest are counted in one last problem, so the report stays readable and its
 * size bounded, and the file still fails.
 */
export const MAX_PROBLEMS_PER_FILE = 100;

/** The "N more problems" entries ProblemList.list() made, with their N. */
const UNLISTED = new WeakMap<ExtractionProblem, number>();

/** Collects problems, at most MAX_PROBLEMS_PER_FILE per file, then one that counts the rest. */
export class ProblemList {
  private readonly kept: ExtractionProblem[] = [];
  private readonly perPath = new Map<string, number>();

  /** False once `path` has its share: the caller can skip composing a message nobody will read. */
  wants(path: string): boolean {
    return (this.perPath.get(path) ?? 0) < MAX_PROBLEMS_PER_FILE;
  }

  add(problem: ExtractionProblem): void {
    // Another list's "N more" problem (a parser bounds its own, its caller again): count them.
    const more = UNLISTED.get(problem);
    const count = this.perPath.get(problem.path) ?? 0;
    this.perPath.set(problem.path, count + (more ?? 1));
    if (more === undefined && count < MAX_PROBLEMS_PER_FILE) this.kept.push(problem);
  }

  /** Counts one more problem of `path` whose message is not composed, once `wants(path)` is false. */
  count(path: string): void {
    this.perPath.set(path, (this.perPath.get(path) ?? 0) + 1);
  }

  addAll(problems: readonly ExtractionProblem[]): void {
    for (const problem of problems) this.add(problem);
  }

  /** The problems kept, and per file that had more, one that says how many more. */
  list(): ExtractionProblem[] {
    const result = [...this.kept];
    for (const [path, count] of this.perPath) {
      if (count <= MAX_PROBLEMS_PER_FILE) continue;
      const summary: ExtractionProblem = { path, kind: 'invalid-entry', message: `${count - MAX_PROBLEMS_PER_FILE} more problems in this file are not listed (the first ${MAX_PROBLEMS_PER_FILE} are)` };
      UNLISTED.set(summary, count - MAX_PROBLEMS_PER_FILE);
      result.push(summary);
    }
    return result;
  }
}

/**
 * A problem when `content` holds a NUL character, which no manifest format allows: the file is
 * binary, or UTF-16 without a byte order mark read as UTF-8 (every other byte a NUL). Line
 * formats would otherwise read it as lines of nothing, or as garbage entries.
 */
export function notTextProblem(file: SourceFile): ExtractionProblem | undefined {
  const at = file.content.indexOf('\u0000');
  if (at === -1) return undefined;
  const line = new LineCounter(file.content).lineOf(at);
  return { path: file.path, line, message: 'the file holds NUL characters, so it is not UTF-8 text (UTF-16 without a byte order mark, or a binary file?)' };
}

/** Names of the invisible characters that most often end up in a manifest by copy and paste. */
const CHARACTER_NAMES: Record<number, string> = {
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x85: 'next line',
  0xa0: 'no-break space',
  0x200b: 'zero-width space',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202f: 'narrow no-break space',
  0x3000: 'ideographic space',
  0xfeff: 'byte order mark',
};

/** `U+00A0 (no-break space)`, `"é" (U+00E9)`: a character named in a message, invisible ones above all. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[code];
  if (name !== undefined) return `${hex} (${name})`;
  const printable = !/[\s\p{C}]/u.test(character);
  return printable ? `"${character}" (${hex})` : hex;
}

/** Text from a file, cut to a readable length for a message (a key can be megabytes long). */
export function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** `"name"`: a name from a file, quoted and clipped, for a message. */
export function quote(text: string): string {
  return JSON.stringify(clip(text));
}

/** The `invalid-entry` problems of one file, bounded as every file's are (ProblemList). */
export class EntryProblems {
  private readonly problems = new ProblemList();

  constructor(private readonly path: string) {}

  add(line: number | undefined, message: string): void {
    if (!this.problems.wants(this.path)) return this.problems.count(this.path);
    this.problems.add({ path: this.path, ...(line !== undefined ? { line } : {}), message, kind: 'invalid-entry' });
  }

  list(): ExtractionProblem[] {
    return this.problems.list();
  }
}
