/**
 * Cargo.toml: the dependencies a crate (or a workspace) declares, each with the line it is
 * declared on. Values come from smol-toml; lines from a light scan of the same text, because
 * the TOML parser keeps no positions.
 */
import { parse, TomlError } from 'smol-toml';
import { lazyShape } from '../shape.js';
import { ProblemList, quote } from '../problems.js';
import { kindOf } from '../shape.js';
import { stripBom } from '../text.js';
import type { ExtractionProblem } from '../types.js';

/** `workspace` = an entry of `[workspace.dependencies]`, which members inherit with `workspace = true`. */
export type DeclarationKind = 'normal' | 'dev' | 'build' | 'workspace';

export interface CargoDeclaration {
  /** The key in the table (the name the code uses). */
  key: string;
  /** The crate's real name: `package = "..."` for a renamed dependency, else the key. */
  crate: string;
  kind: DeclarationKind;
  requirement?: string;
  path?: string;
  git?: string;
  /** `foo = { workspace = true }` / `foo.workspace = true`: the rest comes from [workspace.dependencies]. */
  inherited: boolean;
  line?: number;
}

export interface CargoManifest {
  path: string;
  /** Declarations and tables of the wrong shape, each left out at its line. */
  problems: ExtractionProblem[];
  /** `[package] name`, absent in a virtual workspace manifest. */
  packageName?: string;
  isWorkspaceRoot: boolean;
  declarations: CargoDeclaration[];
}

const KIND_TABLES: readonly (readonly [string, DeclarationKind])[] = [
  ['dependencies', 'normal'],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
];

const SEP = '\u0000';

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A dependency given as a table (`{ version = "1", features = [...] }`): the fields read are checked. */
const DECLARATION = lazyShape<Record<string, unknown>>({
  type: 'object',
  properties: {
    version: { type: 'string' },
    path: { type: 'string' },
    git: { type: 'string' },
    package: { type: 'string', minLength: 1 },
    workspace: { type: 'boolean' },
  },
});

export function readCargoManifest(path: string, text: string): CargoManifest | ExtractionProblem {
  const content = stripBom(text);
  let data: Record<string, unknown>;
  try {
    data = parse(content) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) return { path, line: error.line, column: error.column, message: `invalid TOML: ${error.message.split('\n')[0]}` };
    return { path, message: `invalid TOML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const lines = tomlKeyLines(content);
  const declarations: CargoDeclaration[] = [];
  const problems = new ProblemList();
  const invalid = (segments: string[], message: string) => problems.add({ path, line: lines.get(segments.join(SEP)), message, kind: 'invalid-entry' });
  const tableAt = (value: unknown, segments: string[]): Record<string, unknown> | undefined => {
    if (value === undefined) return undefined;
    if (isTable(value)) return value;
    invalid(segments, `[${segments.map(tomlKey).join('.')}] is ${kindOf(value)}, expected a table`);
    return undefined;
  };
  const collect = (value: unknown, tablePath: string[], kind: DeclarationKind) => {
    const table = tableAt(value, tablePath);
    if (!table) return;
    for (const [key, entry] of Object.entries(table)) {
      const segments = [...tablePath, key];
      const spec = typeof entry === 'string' ? { version: entry } : isTable(entry) ? entry : undefined;
      const wrong = spec === undefined ? `is ${kindOf(entry)}, expected a version string or a table` : DECLARATION.problem(spec);
      if (wrong !== undefined) {
        invalid(segments, `${tomlKey(key)} in [${tablePath.map(tomlKey).join('.')}]: ${wrong.replace(/^the entry /, '')}`);
        continue;
      }
      const str = (field: string) => (typeof spec?.[field] === 'string' ? (spec[field] as string) : undefined);
      const line = lines.get(segments.join(SEP));
      declarations.push({
        key,
        crate: str('package') ?? key,
        kind,
        ...(str('version') !== undefined ? { requirement: str('version') } : {}),
        ...(str('path') !== undefined ? { path: str('path') } : {}),
        ...(str('git') !== undefined ? { git: str('git') } : {}),
        inherited: spec?.workspace === true,
        ...(line !== undefined ? { line } : {}),
      });
    }
  };
  for (const [name, kind] of KIND_TABLES) collect(data[name], [name], kind);
  const targets = tableAt(data.target, ['target']);
  for (const [platform, table] of Object.entries(targets ?? {})) {
    const platformTable = tableAt(table, ['target', platform]);
    if (!platformTable) continue;
    for (const [name, kind] of KIND_TABLES) collect(platformTable[name], ['target', platform, name], kind);
  }
  const workspace = tableAt(data.workspace, ['workspace']);
  if (workspace) collect(workspace.dependencies, ['workspace', 'dependencies'], 'workspace');
  const pkg = data.package;
  const packageName = isTable(pkg) && typeof pkg.name === 'string' ? pkg.name : undefined;
  return { path, problems: problems.list(), ...(packageName !== undefined ? { packageName } : {}), isWorkspaceRoot: workspace !== undefined, declarations };
}

/** A key as TOML writes it: bare when it can be, else quoted (and clipped). */
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) && key.length <= 100 ? key : quote(key);
}

const BARE_KEY = /[A-Za-z0-9_-]+/y;

/**
 * Key paths longer than this are not recorded: lines are looked up for at most
 * `target.<platform>.<kind>.<name>`, and a hostile dotted key of a million segments would
 * otherwise record a million ever longer paths.
 */
const MAX_RECORDED_DEPTH = 4;

/** Reads a dotted TOML key at `i`: bare, "basic" and 'literal' segments. */
function readKey(text: string, start: number): { segments: string[]; end: number } | undefined {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) return undefined;
      try {
        segments.push(JSON.parse(text.slice(i, j + 1)) as string);
      } catch {
        return undefined;
      }
      i = j + 1;
    } else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      if (j === -1) return undefined;
      segments.push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      BARE_KEY.lastIndex = i;
      const bare = BARE_KEY.exec(text);
      if (!bare) return undefined;
      segments.push(bare[0]);
      i += bare[0].length;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') return { segments, end: i };
    i++;
  }
}

/** Net `[`/`{` nesting opened by a value, ignoring strings and comments; flags an open `"""`/`'''`. */
function scanValue(text: string): { depth: number; openMultiline?: string } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') break;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const quote = text.slice(i, i + 3);
      const close = text.indexOf(quote, i + 3);
      if (close === -1) return { depth, openMultiline: quote };
      i = close + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return { depth };
}

/**
 * First line of every key path in a TOML document: a `[table]` header records its path, a
 * `key = value` (or `a.b = value`) line records the table path plus each prefix of its key.
 * Lines inside multi-line arrays, inline tables and strings are skipped.
 */
export function tomlKeyLines(content: string): Map<string, number> {
  const result = new Map<string, number>();
  const record = (segments: string[], line: number) => {
    const key = segments.join(SEP);
    if (!result.has(key)) result.set(key, line);
  };
  let table: string[] = [];
  let depth = 0;
  let multiline: string | undefined;
  content.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (multiline !== undefined) {
      const close = text.indexOf(multiline);
      if (close === -1) return;
      const rest = scanValue(text.slice(close + 3));
      multiline = rest.openMultiline;
      depth += rest.depth;
      return;
    }
    if (depth > 0) {
      const scanned = scanValue(text);
      depth = Math.max(0, depth + scanned.depth);
      multiline = scanned.openMultiline;
      return;
    }
    const header = /^\s*\[(\[?)/.exec(text);
    if (header) {
      const key = readKey(text, header[0].length);
      if (key) {
        table = key.segments;
        if (table.length <= MAX_RECORDED_DEPTH) record(table, line);
      }
      return;
    }
    const key = readKey(text, 0);
    if (!key || text[key.end] !== '=') return;
    for (let n = 1; n <= key.segments.length && table.length + n <= MAX_RECORDED_DEPTH; n++) record([...table, ...key.segments.slice(0, n)], line);
    const scanned = scanValue(text.slice(key.end + 1));
    depth = Math.max(0, scanned.depth);
    multiline = scanned.openMultiline;
  });
  return result;
}
