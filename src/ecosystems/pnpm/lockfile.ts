/**
 * pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x) read into one shape: the packages with their
 * lines, the dependency graph between nodes (a node is a package with its peers resolved), and
 * the importers (the workspace projects) with what each lists.
 */
import { parse, YAMLParseError } from 'yaml';
import { LineCounter } from '../../deps/lines.js';
import type { ExtractionProblem, SourceFile } from '../types.js';
import { generationOf, isLocalPath, parseDepPath, refToPath, stripPeers, type Generation } from './keys.js';

type Fields = Record<string, unknown>;

export interface PnpmPackage {
  key: string;
  name: string;
  /** Undefined for a non-registry package that records no version. */
  version?: string;
  /** Local code (file: directories): walked through, never reported. */
  local: boolean;
  line?: number;
  /** v5/v6 `dev` flag: true (dev only), false (prod only), undefined (both, or v9). */
  dev?: boolean;
}

export type ImporterField = 'dependencies' | 'optionalDependencies' | 'devDependencies';

export interface ImporterDependency {
  name: string;
  field: ImporterField;
  /** The node (dependency path) it resolves to. */
  node: string;
}

export interface PnpmLock {
  generation: Generation;
  packages: Map<string, PnpmPackage>;
  /** Importer path (`.`, `packages/a`) -> the dependencies it lists (links to other importers left out). */
  importers: Map<string, ImporterDependency[]>;
  /** Every node of the graph (snapshots keys in v9, packages keys before). */
  nodes: string[];
  /** Node -> the nodes it depends on (dependencies and optional dependencies). */
  edges(node: string): string[];
  /** Node -> the package key it is an instance of. */
  packageOf(node: string): string;
}

const IMPORTER_FIELDS: readonly ImporterField[] = ['dependencies', 'optionalDependencies', 'devDependencies'];

function asFields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

export function readPnpmLock(file: SourceFile): PnpmLock | { problem: ExtractionProblem } {
  let data: unknown;
  try {
    // The failsafe schema keeps every scalar a string (`1.10` stays `1.10`), and costs no more.
    data = parse(file.content, { schema: 'failsafe' });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const position = error.linePos?.[0];
      const message = `invalid YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''}`;
      return { problem: { path: file.path, message, ...(position ? { line: position.line, column: position.col } : {}) } };
    }
    return { problem: { path: file.path, message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const lock = asFields(data);
  if (!lock) return { problem: { path: file.path, line: 1, message: 'not a pnpm lockfile: the top level is not a mapping' } };
  const version = typeof lock.lockfileVersion === 'string' ? lock.lockfileVersion : undefined;
  const generation = version === undefined ? undefined : generationOf(version);
  if (generation === undefined) {
    return {
      problem: {
        path: file.path,
        line: lineOfTopKey(file.content, 'lockfileVersion'),
        message: `unsupported lockfileVersion ${JSON.stringify(version ?? null)} (supported: 5.x, 6.x, 9.x)`,
      },
    };
  }
  const lines = sectionKeyLines(file.content, 'packages');
  const packages = new Map<string, PnpmPackage>();
  for (const [key, value] of Object.entries(asFields(lock.packages) ?? {})) {
    const entry = asFields(value) ?? {};
    const parsed = parseDepPath(key, generation);
    const name = typeof entry.name === 'string' ? entry.name : parsed?.name;
    if (name === undefined) continue;
    const version = typeof entry.version === 'string' ? entry.version : parsed?.version;
    const local = isLocalPath(key, generation) || asFields(entry.resolution)?.directory !== undefined;
    const dev = entry.dev === 'true' ? true : entry.dev === 'false' ? false : undefined;
    packages.set(key, { key, name, ...(version !== undefined ? { version } : {}), local, line: lines.get(key), ...(dev !== undefined ? { dev } : {}) });
  }

  // v9 keeps the graph in `snapshots` (keyed with peers); before, `packages` held both.
  const graph = asFields(generation === 9 ? lock.snapshots : lock.packages) ?? {};
  const edges = (node: string): string[] => {
    const entry = asFields(graph[node]);
    if (!entry) return [];
    const targets: string[] = [];
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [name, reference] of Object.entries(asFields(entry[field]) ?? {})) {
        const target = typeof reference === 'string' ? refToPath(name, reference, generation) : undefined;
        if (target !== undefined) targets.push(target);
      }
    }
    return targets;
  };
  const packageOf = (node: string): string => (generation === 9 ? stripPeers(node) : node);

  const importers = new Map<string, ImporterDependency[]>();
  const importerSection = asFields(lock.importers) ?? (lock.packages !== undefined || lock.dependencies !== undefined ? { '.': lock } : {});
  for (const [path, value] of Object.entries(importerSection)) {
    const importer = asFields(value) ?? {};
    const listed: ImporterDependency[] = [];
    for (const field of IMPORTER_FIELDS) {
      for (const [name, spec] of Object.entries(asFields(importer[field]) ?? {})) {
        // v5 writes the reference itself; v6 and v9 `{ specifier, version }`.
        const reference = typeof spec === 'string' ? spec : asFields(spec)?.version;
        const node = typeof reference === 'string' ? refToPath(name, reference, generation) : undefined;
        if (node !== undefined) listed.push({ name, field, node });
      }
    }
    importers.set(path, listed);
  }
  return { generation, packages, importers, nodes: Object.keys(graph), edges, packageOf };
}

function unquoteKey(raw: string): string {
  if (raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

/**
 * Lines of the keys of one top-level section (`packages:`), found by a text scan: pnpm writes
 * each entry key on its own line, indented two spaces. Cheap beside the YAML parse.
 */
function sectionKeyLines(text: string, section: string): Map<string, number> {
  const lines = new Map<string, number>();
  const start = new RegExp(`^${section}:[ \\t]*\\r?$`, 'm').exec(text);
  if (!start) return lines;
  const counter = new LineCounter(text);
  const pattern = /^(?:  ([^ \r\n#][^\r\n]*?):(?:[ \t]+\{\})?[ \t]*\r?$|[^ \t\r\n#])/gm;
  pattern.lastIndex = start.index + start[0].length;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[1] === undefined) break; // the next top-level key ends the section
    lines.set(unquoteKey(match[1]), counter.lineOf(match.index));
  }
  return lines;
}

function lineOfTopKey(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:`, 'm').exec(text);
  return match ? new LineCounter(text).lineOf(match.index) : undefined;
}
