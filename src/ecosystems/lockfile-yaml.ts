/**
 * YAML for lockfiles (pnpm-lock.yaml, berry's yarn.lock), read with js-yaml.
 *
 * Why js-yaml and not `yaml`: pnpm and yarn read their own lockfiles with js-yaml, so we read
 * what they read; and it is linear where `yaml` is not (its duplicate-key check compares every
 * key with every other one: 10k packages took 38 s, a 20 MB lockfile never finished; with that
 * check off it still took 11 s and 1.1 GB, js-yaml 0.9 s and 200 MB). js-yaml's own duplicate
 * check is a hash lookup per key, its nesting is capped (maxDepth), and it keeps `__proto__` as
 * an own key.
 *
 * Anchors and aliases: neither tool writes them. js-yaml resolves an alias to the same object,
 * so a few bytes (`*big` in every entry) would make the walks over entries cost the product of
 * two sizes; a lockfile that shares a node is refused.
 */
import { FAILSAFE_SCHEMA, load, YAMLException, type LoadOptions } from 'js-yaml';
import { LineCounter } from '../deps/lines.js';
import { readPlainYamlEntry } from './formats/yaml.js';

export type YamlResult = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

/**
 * Parses `text` (BOM already stripped) with the failsafe schema: every scalar stays a string
 * (`1.10` stays `1.10`), as both tools read their files.
 */
export function loadLockfileYaml(text: string): YamlResult {
  let value: unknown;
  try {
    value = load(text, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = error.mark as { line?: number; column?: number } | undefined;
      return {
        ok: false,
        message: `invalid YAML: ${error.reason}`,
        ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}),
        ...(mark?.column !== undefined ? { column: mark.column + 1 } : {}),
      };
    }
    return { ok: false, message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text.includes('&') && sharesANode(value)) {
    return { ok: false, message: 'uses YAML anchors and aliases (&name, *name), which lockfiles never contain', ...anchorLine(text) };
  }
  return { ok: true, value };
}

/**
 * Thrown while walking mapped entries (below) when a piece does not read alone as it would in the
 * whole file: the reader catches it and reads the whole file with loadLockfileYaml instead.
 */
export class ReadWhole extends Error {}

/** A piece of the text: one key of a block mapping with its value, [start, end). */
interface Piece {
  start: number;
  end: number;
}

/**
 * The entries of a block mapping, each parsed alone when iterated (js-yaml on one entry's lines),
 * so that a 20 MB lockfile never exists as one tree: what a reader keeps of an entry is all that
 * stays. Iterating yields what the whole parse would hold, in its order, or throws ReadWhole
 * (a repeated key, an anchor shared across entries, a key JavaScript orders first, an entry that
 * does not parse alone): the whole-file read then decides, errors included.
 */
export class MappedEntries {
  private readAll = false;

  constructor(
    private readonly text: string,
    private readonly pieces: readonly Piece[],
    /** How many levels the whole parse sits above these entries (its maxDepth counts them). */
    private readonly depthAbove: number,
  ) {}

  get size(): number {
    return this.pieces.length;
  }

  *[Symbol.iterator](): Generator<[string, unknown]> {
    const seen = new Set<string>();
    for (const piece of this.pieces) {
      const [rawKey, value] = loadPiece(this.text.slice(piece.start, piece.end), this.depthAbove);
      const key = detach(rawKey); // kept here and by the reader: the piece's text need not be
      if (seen.has(key)) throw new ReadWhole();
      seen.add(key);
      yield [key, value];
    }
    this.readAll = true;
  }

  /** Parses what was not iterated yet: the whole parse would have failed on a bad entry anywhere. */
  checkAll(): void {
    if (this.readAll) return;
    for (const entry of this) void entry;
  }
}

const JS_MAX_DEPTH = 100; // js-yaml's default, which the whole-file read uses

/** One `key: value` piece, parsed as the whole file would parse it, or ReadWhole. */
function loadPiece(piece: string, depthAbove: number): [string, unknown] {
  const plain = readPlainYamlEntry(piece);
  if (plain !== undefined) return isArrayIndex(plain[0]) ? rejectPiece() : plain;
  const value = loadWithJsYaml(piece, depthAbove);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReadWhole();
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || isArrayIndex(key)) throw new ReadWhole();
  const entry = (value as Record<string, unknown>)[key];
  if (piece.includes('&') && sharesANode(entry)) throw new ReadWhole();
  return [key, entry];
}

function rejectPiece(): never {
  throw new ReadWhole();
}

function loadWithJsYaml(piece: string, depthAbove: number): unknown {
  try {
    const options: LoadOptions & { maxDepth: number } = { schema: FAILSAFE_SCHEMA, maxDepth: JS_MAX_DEPTH - depthAbove };
    return load(piece, options);
  } catch {
    throw new ReadWhole();
  }
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** What may start a line that starts an entry of a block mapping at this indentation (no indicator, no comment). */
const ENTRY_START = /^[^\s\-?:,[\]{}#&*!|>%@`]/;

/**
 * The pieces of the block mapping whose keys start at column `indent`, between `from` and `to`:
 * every entry line at that column starts a piece; deeper lines, blank lines and comments belong to
 * the piece before. Undefined when a line is not plainly one of these (a tab, a shallower line, a
 * document marker, an indicator where a key would start): the whole-file read decides.
 */
export function blockPieces(text: string, from: number, to: number, indent: number): Piece[] | undefined {
  const pieces: Piece[] = [];
  let explicit = false; // the last piece is a `? key` (a long key), whose `: value` line comes next at the same column
  for (let start = from; start < to; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline >= to ? to : newline + 1;
    let column = start;
    while (column < end && text.charCodeAt(column) === 0x20) column++;
    const first = text[column];
    const blank = column >= end || first === '\n' || first === '\r' || first === '#';
    if (!blank && (first === '\t' || column - start < indent)) return undefined;
    const indicator = (first === '?' || first === ':') && /^[ \r\n]/.test(text[column + 1] ?? '\n');
    if (!blank && column - start === indent && !(explicit && first === ':' && indicator)) {
      if (!(first === '?' && indicator) && !ENTRY_START.test(first ?? '') && first !== "'" && first !== '"') return undefined;
      if (text.startsWith('...', column)) return undefined;
      explicit = first === '?';
      pieces.push({ start, end });
    } else if (!blank && pieces.length === 0) return undefined;
    const last = pieces[pieces.length - 1];
    if (last) last.end = end;
    start = end;
  }
  return pieces;
}

/** Every entry of a lockfile's top-level block mapping, each parsed when iterated; undefined when the text is not plainly one. */
export function mapTopLevel(text: string): MappedEntries | undefined {
  const pieces = blockPieces(text, 0, text.length, 0);
  return pieces === undefined || pieces.length === 0 ? undefined : new MappedEntries(text, pieces, 0);
}

/**
 * A lockfile's top-level block mapping with its small sections parsed (an object, as the whole
 * parse gives it) and each section named in `mapped` whose header line is just `name:` left as
 * MappedEntries of its two-space-indented entries (null when it has none, as YAML reads it).
 * Undefined when the text is not plainly a block mapping.
 */
export function mapLockfileYaml(text: string, mapped: readonly string[]): Record<string, unknown> | undefined {
  const pieces = blockPieces(text, 0, text.length, 0);
  if (pieces === undefined || pieces.length === 0) return undefined;
  const top: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (Object.hasOwn(top, key) || isArrayIndex(key)) throw new ReadWhole();
    // An own `__proto__` key stays data, as js-yaml keeps it.
    Object.defineProperty(top, key, { value, enumerable: true, writable: true, configurable: true });
  };
  try {
    for (const piece of pieces) {
      const header = /^([^\s:'"#]+):[ \t]*\r?\n/.exec(text.slice(piece.start, Math.min(piece.end, piece.start + 80)));
      const name = header?.[1];
      if (header === null || name === undefined || !mapped.includes(name)) {
        put(...loadPiece(text.slice(piece.start, piece.end), 0));
        continue;
      }
      const entries = blockPieces(text, piece.start + header[0].length, piece.end, 2);
      if (entries === undefined) return undefined;
      put(name, entries.length === 0 ? null : new MappedEntries(text, entries, 1));
    }
  } catch (error) {
    if (error instanceof ReadWhole) return undefined;
    throw error;
  }
  return top;
}

/** The entries of a map the whole parse gave, or of mapped entries (which parse as they go). */
export function entriesOf(map: Record<string, unknown>): Iterable<[string, unknown]> {
  return map instanceof MappedEntries ? map : ownEntries(map);
}

function* ownEntries(map: Record<string, unknown>): Generator<[string, unknown]> {
  for (const key of Object.keys(map)) yield [key, map[key]];
}

/** Parses every mapped section of `top` not read yet (ReadWhole if one does not parse). */
export function checkMapped(top: Record<string, unknown>): void {
  for (const key of Object.keys(top)) {
    const value = top[key];
    if (value instanceof MappedEntries) value.checkAll();
  }
}

/**
 * A copy of a string js-yaml gave, holding nothing else. js-yaml cuts its strings out of its own
 * copy of the input (it appends a NUL), and V8 keeps a cut string's whole source alive: a reader
 * that keeps a key would keep every parsed entry's text with it.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : `${value} `.slice(0, -1); // V8 flattens the join, then cuts from that copy only
}

/** True when one map or list is reached twice (an alias): one pass, every node visited once. */
function sharesANode(root: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const key of Object.keys(node)) pending.push((node as Record<string, unknown>)[key]);
  }
  return false;
}

/** The line of the first anchor (`&name` starting a node), to point at; none found, no line. */
function anchorLine(text: string): { line?: number } {
  const match = /(?:^|[\s:[{,-])&[^\s,[\]{}]/m.exec(text);
  return match ? { line: new LineCounter(text).lineOf(match.index + match[0].indexOf('&')) } : {};
}
