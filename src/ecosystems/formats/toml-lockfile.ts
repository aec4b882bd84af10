/**
 * TOML lockfiles (Cargo.lock, poetry.lock, uv.lock) without a full parse tree: a 20 MB lockfile
 * is mostly checksums, file lists and wheel URLs that no ecosystem reads, and smol-toml's tree of
 * them (with its bookkeeping per key) was most of the peak memory. This reader builds only the
 * keys a caller keeps, reads (so checks) the rest, and gives the line of each top-level
 * `[[name]]` header, so no second scan of the text looks for positions.
 *
 * It knows the TOML lockfile writers emit: `[table]` and `[[array]]` headers, `key = value` with
 * bare, quoted and dotted keys, single-line strings, decimal integers, booleans, arrays
 * (multi-line, with comments) and single-line inline tables, under TOML 1.0's table rules (never
 * looser than smol-toml's). Text outside that (multi-line strings, dates, floats, TOML 1.1 inline
 * tables...) and invalid text both go to smol-toml, whole: a valid file is read right either way,
 * and an invalid one gets smol-toml's error with its line and column, as before.
 */
import { kindOf } from '../shape.js';
import type { ExtractionProblem } from '../types.js';
import { parseToml, tomlProblem, type TomlSyntaxError } from './toml.js';
import { APOSTROPHE, CLOSE_BRACE, CLOSE_BRACKET, COMMA, EQUALS, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './char-codes.js';
import { OutsideSubset, TomlScanner, outside } from './toml-scanner.js';

/** Values to build: `true` everything below; a table names the keys to build; no entry: read (so checked), stored as undefined. */
export type TomlKeep = true | { readonly [key: string]: TomlKeep };

export type TomlTable = Record<string, unknown>;

export interface TomlLockfile {
  /** The document as smol-toml gives it (tables inherit no keys), keys not kept holding undefined. */
  root: TomlTable;
  /** Lines (1-based) of the top-level `[[name]]` headers, in order. */
  arrayTableLines: (name: string) => readonly number[];
  /** Why smol-toml read this file instead: the reader's first step outside its subset. */
  readBySmolToml?: string;
}

export type TomlLockfileRead = { ok: true; lockfile: TomlLockfile } | { ok: false; error: TomlSyntaxError };

/** Reads `content` (BOM already stripped), building only what `keep` names (default: everything). */
export function readTomlLockfile(content: string, keep: TomlKeep = true): TomlLockfileRead {
  try {
    const reader = new TomlLockfileReader(content, keep);
    const root = reader.read();
    const lines = reader.arrayTableLines;
    return { ok: true, lockfile: { root, arrayTableLines: (name) => lines.get(name) ?? [] } };
  } catch (error) {
    if (!(error instanceof OutsideSubset)) throw error;
    return readBySmolToml(content, error.message);
  }
}

function readBySmolToml(content: string, reason: string): TomlLockfileRead {
  const parsed = parseToml(content);
  if (!parsed.ok) return parsed;
  return { ok: true, lockfile: { root: parsed.value, arrayTableLines: (name) => headerLinesByScan(content, name), readBySmolToml: reason } };
}

/** smol-toml gives no positions: the lines that look like `[[name]]` headers (callers check the count). */
function headerLinesByScan(content: string, name: string): number[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const header = new RegExp(`^[ \\t]*\\[\\[[ \\t]*${escaped}[ \\t]*\\]\\][ \\t]*(?:#.*)?\\r?$`);
  const lines: number[] = [];
  content.split('\n').forEach((text, index) => {
    if (header.test(text)) lines.push(index + 1);
  });
  return lines;
}

export type TomlLockPackages =
  | { ok: true; root: TomlTable; entries: unknown[]; headerLines: readonly number[] }
  | { ok: false; problem: ExtractionProblem };

/**
 * The `[[package]]` tables of a Python lockfile (poetry.lock, uv.lock) with each header's line
 * (none when the count does not match, e.g. an inline `package = [...]`), or the problem.
 */
export function readTomlLockPackages(path: string, content: string, keep: TomlKeep): TomlLockPackages {
  const read = readTomlLockfile(content, keep);
  if (!read.ok) return { ok: false, problem: tomlProblem(path, read.error) };
  const { root, arrayTableLines } = read.lockfile;
  const entries = root.package;
  if (entries !== undefined && !Array.isArray(entries)) {
    return { ok: false, problem: { path, message: `\`package\` is ${kindOf(entries)}, expected an array of tables ([[package]])` } };
  }
  const list = entries ?? [];
  const headerLines = arrayTableLines('package');
  return { ok: true, root, entries: list, headerLines: headerLines.length === list.length ? headerLines : [] };
}

// --- the reader ----------------------------------------------------------------------------

/** How a table came to be, for TOML's rules on defining it again. */
const IMPLICIT = 0; // made on the way to a header's table: a header may still define it
const EXPLICIT = 1; // defined by its own header
const DOTTED = 2; // made by a dotted key: more dotted keys may extend it, a header may not define it

/** Nesting of arrays and inline tables beyond this is left to smol-toml (and its depth limit). */
const MAX_DEPTH = 64;

/** smol-toml guards a `__proto__` key specially; its own tables are the safer ones to hand over. */
function refuseProtoKey<Key extends string | string[]>(key: Key): Key {
  if (typeof key === 'string' ? key === '__proto__' : key.includes('__proto__')) throw outside('__proto__ key');
  return key;
}

function childKeep(keep: TomlKeep | undefined, key: string): TomlKeep | undefined {
  if (keep === true || keep === undefined) return keep;
  return Object.hasOwn(keep, key) ? keep[key] : undefined;
}

/**
 * The prototype of every table: empty and frozen, so `__proto__`, `constructor` and the like are no
 * inherited keys (as with smol-toml's null-prototype tables), while V8 keeps these objects in its
 * compact fast mode, which objects without a prototype never get (15 MB less on a 20 MB Cargo.lock).
 */
const TABLE_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

function newTable(): TomlTable {
  return Object.create(TABLE_PROTOTYPE) as TomlTable;
}

/** The keys of a skipped inline table: a short list (most have two to four), a Set past that, never quadratic. */
class KeySet {
  private list: string[] = [];
  private set: Set<string> | undefined;

  /** False if `key` was there already. */
  add(key: string): boolean {
    if (this.set ? this.set.has(key) : this.list.includes(key)) return false;
    if (this.set) {
      this.set.add(key);
      return true;
    }
    this.list.push(key);
    if (this.list.length > 16) this.set = new Set(this.list);
    return true;
  }
}

interface Section {
  table: TomlTable;
  keep: TomlKeep | undefined;
}

class TomlLockfileReader extends TomlScanner {
  private depth = 0;
  private readonly root = newTable();
  /** Tables made by headers and dotted keys (inline tables are values, never here). */
  private readonly states = new Map<object, number>();
  /** Arrays made by `[[header]]`s: the only arrays a header may append to or walk into. */
  private readonly tableArrays = new Set<unknown[]>();
  readonly arrayTableLines = new Map<string, number[]>();

  constructor(
    text: string,
    private readonly keep: TomlKeep,
  ) {
    super(text);
  }

  read(): TomlTable {
    if (this.at() === 0xfeff) this.pos = 1;
    let section: Section = { table: this.root, keep: this.keep };
    this.skipVoid();
    while (this.pos < this.text.length) {
      if (this.at() === OPEN_BRACKET) section = this.header();
      else this.keyValue(section);
      this.endOfLine();
      this.skipVoid();
    }
    return this.root;
  }

  private header(): Section {
    const line = this.line;
    this.pos++;
    const isArray = this.at() === OPEN_BRACKET;
    if (isArray) this.pos++;
    const key = refuseProtoKey(this.keyPath(CLOSE_BRACKET));
    if (isArray) this.expect(CLOSE_BRACKET);
    let table = this.root;
    let keep: TomlKeep | undefined = this.keep;
    for (let i = 0; i < key.length - 1; i++) {
      const part = key[i] as string;
      keep = childKeep(keep, part);
      table = this.walkInto(table, part);
    }
    const last = key[key.length - 1] as string;
    keep = childKeep(keep, last);
    if (!isArray) return { table: this.defineTable(table, last), keep };
    if (key.length === 1) this.recordLine(last, line);
    return { table: this.appendTable(table, last), keep };
  }

  /** A header's way through `part`: into a table, or into the last table of a `[[...]]` array. */
  private walkInto(table: TomlTable, part: string): TomlTable {
    if (!(part in table)) return this.makeTable(table, part, IMPLICIT);
    const value = table[part];
    if (Array.isArray(value) && this.tableArrays.has(value)) return value[value.length - 1] as TomlTable;
    if (typeof value === 'object' && value !== null && this.states.has(value)) return value as TomlTable;
    throw outside(`${part} is a value, not a table`);
  }

  private defineTable(table: TomlTable, part: string): TomlTable {
    if (!(part in table)) return this.makeTable(table, part, EXPLICIT);
    const value = table[part];
    if (typeof value !== 'object' || value === null || this.states.get(value) !== IMPLICIT) throw outside(`[${part}] defined again`);
    this.states.set(value, EXPLICIT);
    return value as TomlTable;
  }

  private appendTable(table: TomlTable, part: string): TomlTable {
    let list = table[part];
    if (!(part in table)) {
      list = [];
      table[part] = list;
      this.tableArrays.add(list as unknown[]);
    } else if (!Array.isArray(list) || !this.tableArrays.has(list)) {
      throw outside(`[[${part}]] after ${part} was defined`);
    }
    const element = newTable();
    (list as unknown[]).push(element);
    return element;
  }

  private makeTable(table: TomlTable, part: string, state: number): TomlTable {
    const made = newTable();
    table[part] = made;
    this.states.set(made, state);
    return made;
  }

  private recordLine(name: string, line: number): void {
    const lines = this.arrayTableLines.get(name);
    if (lines) lines.push(line);
    else this.arrayTableLines.set(name, [line]);
  }

  private keyValue(section: Section): void {
    const key = refuseProtoKey(this.key(EQUALS));
    this.skipBlanks();
    let table = section.table;
    let keep = section.keep;
    let last: string;
    if (typeof key === 'string') last = key;
    else {
      for (let i = 0; i < key.length - 1; i++) {
        const part = key[i] as string;
        keep = childKeep(keep, part);
        table = this.dottedTable(table, part);
      }
      last = key[key.length - 1] as string;
    }
    if (last in table) throw outside(`${last} defined again`);
    table[last] = this.value(childKeep(keep, last));
  }

  private dottedTable(table: TomlTable, part: string): TomlTable {
    if (!(part in table)) return this.makeTable(table, part, DOTTED);
    const value = table[part];
    if (typeof value === 'object' && value !== null && this.states.get(value) === DOTTED) return value as TomlTable;
    throw outside(`${part} cannot be extended by a dotted key`);
  }

  /** A value, built only when kept (`undefined` otherwise, after checking it all the same). */
  private value(keep: TomlKeep | undefined): unknown {
    const code = this.at();
    const build = keep !== undefined;
    let value: unknown;
    if (code === QUOTE) value = this.basicString(build);
    else if (code === APOSTROPHE) value = this.literalString(build);
    else if (code === OPEN_BRACKET) value = this.array(build);
    else if (code === OPEN_BRACE) value = this.inlineTable(keep);
    else value = this.scalar();
    return build ? value : undefined;
  }

  private array(build: boolean): unknown[] | undefined {
    this.enter();
    const items: unknown[] | undefined = build ? [] : undefined;
    const itemKeep = build ? true : undefined;
    for (;;) {
      this.skipVoid();
      if (this.at() === CLOSE_BRACKET) break;
      const item = this.value(itemKeep);
      if (items) items.push(item);
      this.skipVoid();
      const code = this.at();
      if (code === CLOSE_BRACKET) break;
      if (code !== COMMA) throw outside('expected , or ] in an array');
      this.pos++;
    }
    this.leave();
    // A copy of the exact length: a grown array keeps room for 16 more items (8 MB on a 20 MB Cargo.lock).
    return items?.slice();
  }

  /** `{ a = 1, b = "x" }` on one line, plain keys (TOML 1.1's newlines, comments and trailing comma go to smol-toml). */
  private inlineTable(keep: TomlKeep | undefined): TomlTable | undefined {
    this.enter();
    const table = keep === undefined ? undefined : newTable();
    // A skipped table is not built, but its keys are still checked for duplicates.
    const skippedKeys = new KeySet();
    this.skipBlanks();
    if (this.at() !== CLOSE_BRACE) {
      for (;;) {
        const key = refuseProtoKey(this.key(EQUALS));
        if (typeof key !== 'string') throw outside('dotted key in an inline table');
        this.skipBlanks();
        if (table) {
          if (key in table) throw outside(`${key} defined again`);
          table[key] = this.value(childKeep(keep, key));
        } else {
          if (!skippedKeys.add(key)) throw outside(`${key} defined again`);
          this.value(undefined);
        }
        if (this.endOfInlineEntry()) break;
      }
    }
    this.leave();
    return table;
  }

  /** After an inline table's value: true at its `}`, false past a `,` with another entry to come. */
  private endOfInlineEntry(): boolean {
    this.skipBlanks();
    const code = this.at();
    if (code === CLOSE_BRACE) return true;
    if (code !== COMMA) throw outside('expected , or } in an inline table');
    this.pos++;
    this.skipBlanks();
    if (this.at() === CLOSE_BRACE) throw outside('trailing comma in an inline table');
    return false;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw outside('deep nesting');
    this.pos++;
  }

  private leave(): void {
    this.depth--;
    this.pos++;
  }
}
