/**
 * pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x) read into one shape: the packages with their
 * lines, the dependency graph between nodes (a node is a package with its peers resolved), and
 * the importers (the workspace projects) with what each lists.
 *
 * Shapes are checked at this edge with the schemas of ./shapes.ts: a section that is not a map
 * is a whole-file problem; an entry that is not what pnpm writes is an `invalid-entry` problem at
 * its line and the others are still read. What the importers list must be in `packages`: a
 * lockfile cut short (no `packages`, or entries missing) never reads as "no dependencies".
 *
 * Install scripts: v5 and v6 entries (pnpm 7 and 8; the 7.x/8.x files of pnpm 9's betas read as
 * 6) say `requiresBuild: true` when the package runs install scripts. pnpm 9 dropped the field
 * (lockfile 9.0, pnpm/pnpm#7710): a v9 file does not say, and its packages are left undefined.
 */
import { positionAt } from '../../deps/lines.js';
import { stripBom } from '../text.js';
import { entryMessage, packageNameProblem } from '../package-json.js';
import { EntryProblems } from '../problems.js';
import { kindOf } from '../shape.js';
import type { PackageHash } from '../../deps/model.js';
import { integrityHashes } from '../hashes.js';
import type { ExtractionProblem, SourceFile } from '../types.js';
import { generationOf, isLocalPath, parseDepPath, refToPath, stripPeers, type Generation } from './keys.js';
import { KeyLines, lineOfTopKey, sectionKeyLines } from './lines.js';
import { checkImporter, graphEntryShape, packageEntryShape, type Fields, type ImporterField, type PackageEntry } from './shapes.js';

export type { ImporterField } from './shapes.js';
import { checkMapped, detach, entriesOf, loadLockfileYaml, mapLockfileYaml, ReadWhole } from '../lockfile-yaml.js';

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
  /** v5/v6 `requiresBuild: true`; undefined when the entry does not say (every v9 entry). */
  installScripts?: true;
  /** `resolution.integrity` (the tarball's SRI digests); undefined when absent or malformed. */
  hashes?: PackageHash[];
}

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
  /** Entries that could not be read (the others were). */
  problems: ExtractionProblem[];
}

const SECTIONS = ['importers', 'packages', 'snapshots'] as const;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `fields[key]` when it is the map's own key (a node named `constructor` is data, not Object's). */
function own(fields: Fields, key: string): unknown {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

export function readPnpmLock(file: SourceFile): PnpmLock | { problem: ExtractionProblem } {
  const text = stripBom(file.content);
  const mapped = mapLockfileYaml(text, MAPPED_SECTIONS);
  if (mapped !== undefined) {
    try {
      const read = readTop(file, text, mapped);
      checkMapped(mapped);
      // A whole-file problem is worded by the whole-file read (a syntax error elsewhere comes first).
      if (!('problem' in read)) return read;
    } catch (error) {
      if (!(error instanceof ReadWhole)) throw error;
    }
  }
  const loaded = loadLockfileYaml(text);
  if (!loaded.ok) {
    const { message, line, column } = loaded;
    return { problem: { path: file.path, message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) } };
  }
  return readTop(file, text, loaded.value);
}

/** The big sections, read one entry at a time when the file is plainly laid out. */
const MAPPED_SECTIONS = ['packages', 'snapshots'];

function readTop(file: SourceFile, text: string, lock: unknown): PnpmLock | { problem: ExtractionProblem } {
  if (!isFields(lock)) return { problem: { path: file.path, line: 1, message: `not a pnpm lockfile: the top level is ${kindOf(lock)}, expected a map` } };
  const version = typeof lock.lockfileVersion === 'string' ? lock.lockfileVersion : undefined;
  const generation = version === undefined ? undefined : generationOf(version);
  if (generation === undefined) {
    return {
      problem: {
        path: file.path,
        line: lineOfTopKey(text, 'lockfileVersion'),
        message: `unsupported lockfileVersion ${JSON.stringify(version ?? null)} (supported: 5.x, 6.x, 9.x)`,
      },
    };
  }
  for (const section of SECTIONS) {
    const value = own(lock, section);
    if (value !== undefined && value !== null && !isFields(value)) {
      return { problem: { path: file.path, line: lineOfTopKey(text, section), message: `"${section}" is ${kindOf(value)}, expected a map` } };
    }
  }
  return readSections(file, text, lock, generation);
}

function readSections(file: SourceFile, text: string, lock: Fields, generation: Generation): PnpmLock | { problem: ExtractionProblem } {
  const problems = new EntryProblems(file.path);
  const keyLines = new KeyLines(text);
  const packageSection = isFields(lock.packages) ? lock.packages : undefined;
  // v9 keeps the graph in `snapshots` (keyed with peers); before, `packages` held both.
  const graph = new Map<string, string[]>();
  const packages = readPackages(text, packageSection ?? {}, generation, problems, generation === 9 ? undefined : graph);
  if (generation === 9) {
    const snapshots = isFields(lock.snapshots) ? lock.snapshots : {};
    for (const [node, value] of entriesOf(snapshots)) {
      const problem = graphEntryShape.problem(value);
      if (problem !== undefined) problems.add(keyLines.get(['snapshots', node]), entryMessage(['snapshots', node], problem));
      else graph.set(node, edgesOf(value as PackageEntry, generation));
    }
  }
  const edges = (node: string): string[] => graph.get(node) ?? [];
  const packageOf = (node: string): string => (generation === 9 ? stripPeers(node) : node);

  const importers = readImporters(lock, generation, keyLines, problems);
  const missing = missingPackages(importers, packages, packageOf, generation);
  if (missing.length > 0 && packageSection === undefined) {
    return { problem: { path: file.path, line: positionAt(text, text.length - 1).line, message: `no "packages" section, yet the importers list ${missing.length === 1 ? 'a package' : `${missing.length} packages`}: the lockfile is cut short` } };
  }
  const inImporters = isFields(lock.importers);
  for (const { importer, dependency } of missing) {
    const where = inImporters ? ['importers', importer, dependency.field, dependency.name] : [dependency.field, dependency.name];
    problems.add(keyLines.get(where), entryMessage(where, `the entry resolves to ${packageOf(dependency.node)}, which is not in "packages": the lockfile is incomplete`));
  }
  return { generation, packages, importers, nodes: [...graph.keys()], edges, packageOf, problems: problems.list() };
}

/** The dependency paths an entry's dependencies and optional dependencies point to (links left out). */
function edgesOf(entry: PackageEntry, generation: Generation): string[] {
  const targets: string[] = [];
  for (const field of [entry.dependencies, entry.optionalDependencies]) {
    if (field === undefined) continue;
    for (const name of Object.keys(field)) {
      const target = refToPath(name, field[name] as string, generation);
      if (target !== undefined) targets.push(detach(target));
    }
  }
  return targets;
}

/** Spread into the entries that run install scripts: one shared object, none allocated per entry. */
const RUNS_INSTALL_SCRIPTS = { installScripts: true } as const;

/** The packages entries; before v9 each is also a graph node, whose edges go into `graph`. */
function readPackages(text: string, section: Fields, generation: Generation, problems: EntryProblems, graph?: Map<string, string[]>): Map<string, PnpmPackage> {
  const lines = sectionKeyLines(text, 'packages');
  const packages = new Map<string, PnpmPackage>();
  for (const [key, value] of entriesOf(section)) {
    const line = lines.get(key);
    const shapeProblem = packageEntryShape.problem(value);
    if (shapeProblem !== undefined) {
      problems.add(line, entryMessage(['packages', key], shapeProblem));
      continue;
    }
    const entry = value as PackageEntry;
    const parsed = parseDepPath(key, generation);
    const name = entry.name === undefined ? parsed?.name : detach(entry.name);
    const nameProblem = name === undefined ? 'the entry has no "name" and its key names no package' : packageNameProblem(name);
    if (nameProblem !== undefined || name === undefined) {
      problems.add(line, entryMessage(['packages', key], nameProblem ?? ''));
      continue;
    }
    const version = entry.version === undefined ? parsed?.version : detach(entry.version);
    const local = isLocalPath(key, generation) || entry.resolution?.directory !== undefined;
    const dev = entry.dev === 'true' ? true : entry.dev === 'false' ? false : undefined;
    const hashes = integrityHashes(entry.resolution?.integrity);
    packages.set(key, {
      key,
      name,
      ...(version !== undefined && version !== '' ? { version } : {}),
      local,
      line,
      ...(dev !== undefined ? { dev } : {}),
      ...(entry.requiresBuild === 'true' ? RUNS_INSTALL_SCRIPTS : undefined),
      ...(hashes !== undefined ? { hashes } : undefined),
    });
    graph?.set(key, edgesOf(entry, generation));
  }
  return packages;
}

/**
 * What each importer lists. v5/v6 lockfiles of a single project have no `importers`: the root
 * importer's fields sit at the top level (keyed `''` here, for its lines).
 */
function readImporters(lock: Fields, generation: Generation, keyLines: KeyLines, problems: EntryProblems): Map<string, ImporterDependency[]> {
  const section = isFields(lock.importers) ? lock.importers : undefined;
  const importers = new Map<string, ImporterDependency[]>();
  const entries: [string, unknown][] =
    section !== undefined ? Object.keys(section).map((path) => [path, section[path]]) : lock.packages !== undefined || lock.dependencies !== undefined ? [['', lock]] : [];
  for (const [path, value] of entries) {
    const where = path === '' ? [] : ['importers', path];
    const checked = checkImporter(value, generation);
    for (const { at, problem } of checked.problems) problems.add(keyLines.get([...where, ...at]), entryMessage([...where, ...at], problem));
    const listed: ImporterDependency[] = [];
    for (const { name, field, reference } of checked.dependencies) {
      const node = refToPath(name, reference, generation);
      if (node !== undefined) listed.push({ name, field, node });
    }
    importers.set(path === '' ? '.' : path, listed);
  }
  return importers;
}

/** What the importers list that is not in `packages` (local `file:` folders aside). */
function missingPackages(
  importers: ReadonlyMap<string, ImporterDependency[]>,
  packages: ReadonlyMap<string, PnpmPackage>,
  packageOf: (node: string) => string,
  generation: Generation,
): { importer: string; dependency: ImporterDependency }[] {
  const missing: { importer: string; dependency: ImporterDependency }[] = [];
  for (const [importer, listed] of importers) {
    for (const dependency of listed) {
      const key = packageOf(dependency.node);
      if (!packages.has(key) && !isLocalPath(key, generation)) missing.push({ importer, dependency });
    }
  }
  return missing;
}

