/**
 * Cargo.toml: the dependencies a crate (or a workspace) declares, each with the line it is
 * declared on. Values come from smol-toml; lines from a light scan of the same text, because
 * the TOML parser keeps no positions.
 */
import { keyPath } from '../formats/json-lines.js';
import { parseToml, tomlPositions } from '../formats/toml.js';
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
  const parsed = parseToml(content);
  if (!parsed.ok) {
    const { kind, message, line, column } = parsed.error;
    return { path, ...(kind === 'syntax' ? { line, column } : {}), message: `invalid TOML: ${message}` };
  }
  const data = parsed.value;
  const lines = tomlPositions(content).keys;
  const declarations: CargoDeclaration[] = [];
  const problems = new ProblemList();
  const invalid = (segments: string[], message: string) => problems.add({ path, line: lines.get(keyPath(...segments)), message, kind: 'invalid-entry' });
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
      const line = lines.get(keyPath(...segments));
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
