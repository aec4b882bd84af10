/**
 * What the ecosystems of this folder share when reading one file: one file, one manifest
 * (go.mod, pom.xml, packages.lock.json), problems bounded per file, and the check that a file is
 * text at all.
 */
import { appendAll } from '../deps/arrays.js';
import { LineCounter } from '../deps/lines.js';
import { makePurl } from '../deps/purl.js';
import type { Schema } from 'ajv';
import { baseName } from './paths.js';
import { shape, type Shape } from './shape.js';
import type { Dependency, Extraction, ExtractionProblem, SourceFile } from './types.js';

/**
 * What reading one file gives: its dependencies (and the entries that could not be read, as
 * `invalid-entry` problems), or why the file as a whole could not be read.
 */
export type FileResult = { dependencies: Dependency[]; problems?: ExtractionProblem[] } | { problem: ExtractionProblem };

/** Extracts every file named `fileName` on its own; a file that fails does not stop the others. */
export function extractEachFile(files: readonly SourceFile[], fileName: string, extractOne: (file: SourceFile) => FileResult): Extraction {
  const extraction: Extraction = { dependencies: [], manifests: [], problems: [] };
  for (const file of files) {
    if (baseName(file.path) !== fileName) continue;
    const result = extractOne(file);
    if ('problem' in result) {
      extraction.problems.push(result.problem);
      continue;
    }
    appendAll(extraction.dependencies, result.dependencies);
    appendAll(extraction.problems, result.problems ?? []);
    // Count packages, not their copies (one per target framework in NuGet, for instance).
    extraction.manifests.push({ path: file.path, packages: new Set(result.dependencies.map((dependency) => dependency.purl)).size });
  }
  return extraction;
}

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

/**
 * makePurl, or undefined where packageurl-js refuses the parts (an empty or blank name, a Maven
 * artifact without a group): names come from files, and the caller reports the entry instead.
 */
export function purlOf(type: string, namespace: string | undefined, name: string, version?: string): string | undefined {
  try {
    return makePurl(type, namespace, name, version);
  } catch {
    return undefined;
  }
}

/** Text from a file, cut to a readable length for a message (a key can be megabytes long). */
export function clip(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** `"name"`: a name from a file, quoted and clipped, for a message. */
export function quote(text: string): string {
  return JSON.stringify(clip(text));
}

/**
 * shape(), compiled on first use rather than when the module loads: every ecosystem is imported
 * on every run, and most runs read two or three of them (ajv compiles a schema in milliseconds).
 */
export function lazyShape<T>(schema: Schema): Shape<T> {
  let compiled: Shape<T> | undefined;
  const get = () => (compiled ??= shape<T>(schema));
  return {
    is: (value: unknown): value is T => get().is(value),
    problem: (value: unknown) => get().problem(value),
  };
}
