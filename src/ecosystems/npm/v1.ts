/**
 * lockfileVersion 1 (npm 5 and 6): the nested `dependencies` tree, each entry's own
 * `dependencies` holding the copies installed under it. Every entry is checked against the
 * schema below before it is read; one that does not fit is an `invalid-entry` problem at its line
 * (with what is nested under it) and the rest of the tree is still read.
 */
import { jsonKeyTree, keyLineAt, type KeyLine } from '../formats/json-lines.js';
import { Dependents, entryMessage, packageNameProblem, workspaceLabel, type DeclaredDependency } from '../package-json.js';
import { EntryProblems } from '../problems.js';
import { dirName, joinPath } from '../paths.js';
import { shape } from '../shape.js';
import type { Dependency, SourceFile } from '../types.js';
import { integrityHashes } from '../hashes.js';
import { npmDependency, RANGES, scopeOf, type NpmLockResult } from './entry.js';

interface V1Entry {
  version: string;
  /** Names (and ranges) it depends on, resolved up the nested tree as node does. */
  requires?: Record<string, string> | boolean;
  dev?: boolean;
  optional?: boolean;
  bundled?: boolean;
  /** SRI digest(s) of the tarball (a bare sha1 hex in the oldest files); unchecked: a malformed one is only not recorded. */
  integrity?: unknown;
  dependencies?: Record<string, unknown>;
}

const v1Entry = shape<V1Entry>({
  type: 'object',
  required: ['version'],
  properties: {
    version: { type: 'string', minLength: 1 },
    requires: { anyOf: [{ type: 'boolean' }, RANGES] },
    dev: { type: 'boolean' },
    optional: { type: 'boolean' },
    bundled: { type: 'boolean' },
    dependencies: { type: 'object' },
  },
});

/** One entry of the tree, with the entries installed under it. */
interface V1Node {
  name: string;
  entry: V1Entry;
  /** The entry's key line (its key and the keys inside it), when the file is pretty-printed. */
  lines: KeyLine | undefined;
  depth: number;
  parent: V1Node | undefined;
  children: Map<string, V1Node>;
}

/**
 * How deep entries may nest. npm 5/6 trees nest a few levels; resolving walks up the levels, so
 * a hostile tree thousands deep would cost millions of steps per entry.
 */
const MAX_DEPTH = 128;

export function fromV1Tree(file: SourceFile, tree: Record<string, unknown>, declared: ReadonlyMap<string, DeclaredDependency>): NpmLockResult {
  const problems = new EntryProblems(file.path);
  const root = readTree(file, tree, problems);
  const dependents = dependentsOfV1Tree(root, declared, joinPath(dirName(file.path), 'package.json'));
  const dependencies: Dependency[] = [];
  for (const node of nodesOf(root)) {
    const version = node.entry.version;
    // `file:` / `link:` versions are local folders (workspace members), not packages.
    if (/^(file|link):/.test(version)) continue;
    const alias = v1Alias(version);
    const fields = {
      line: node.lines?.line,
      scope: scopeOf(node.entry),
      direct: node.depth === 1 && declared.has(node.name),
      installedAs: node.name,
      requiredBy: dependents.of(node),
      hashes: integrityHashes(node.entry.integrity),
    };
    dependencies.push(npmDependency(file, alias?.name ?? node.name, alias?.version ?? version, fields, declared));
  }
  return { dependencies, problems: problems.list() };
}

/** The tree as nodes, every entry checked; without recursion, so no depth can overflow the stack. */
function readTree(file: SourceFile, tree: Record<string, unknown>, problems: EntryProblems): V1Node {
  // The root's key line stands for the top-level `dependencies`: each node's is found in its parent's.
  const root: V1Node = { name: '', entry: { version: '' }, lines: keyLineAt(jsonKeyTree(file.content), 'dependencies'), depth: 0, parent: undefined, children: new Map() };
  let anyLines: Map<string, KeyLine> | undefined; // every key's line, built only when an entry is bad
  const lineOf = (keys: string[]) => keyLineAt((anyLines ??= jsonKeyTree(file.content, 'any')), ...keys)?.line;
  const pending: { parent: V1Node; entries: Record<string, unknown> }[] = [{ parent: root, entries: tree }];
  for (let work = pending.pop(); work !== undefined; work = pending.pop()) {
    const { parent, entries } = work;
    for (const name of Object.keys(entries)) {
      const value = entries[name];
      const problem =
        v1Entry.problem(value) ?? packageNameProblem(name) ?? (parent.depth >= MAX_DEPTH ? `the entry is nested more than ${MAX_DEPTH} levels deep` : undefined);
      if (problem !== undefined) {
        const keys = keysOf(parent, name);
        problems.add(lineOf(keys), entryMessage(keys, problem));
        continue;
      }
      const entry = value as V1Entry;
      const lines = (parent === root ? parent.lines : parent.lines?.inside?.get('dependencies'))?.inside?.get(name);
      const node: V1Node = { name, entry, lines, depth: parent.depth + 1, parent, children: new Map() };
      parent.children.set(name, node);
      if (entry.dependencies) pending.push({ parent: node, entries: entry.dependencies });
    }
  }
  return root;
}

/** The key path of entry `name` under `parent`: `dependencies`, a name, `dependencies`, a name... */
function keysOf(parent: V1Node, name: string): string[] {
  const keys = ['dependencies', name];
  for (let node = parent; node.parent !== undefined; node = node.parent) keys.unshift('dependencies', node.name);
  return keys;
}

/** Every node under `root`, each followed by the ones installed under it (the order of the file). */
function* nodesOf(root: V1Node): Generator<V1Node> {
  const stack: Iterator<V1Node>[] = [root.children.values()];
  while (stack.length > 0) {
    const next = (stack[stack.length - 1] as Iterator<V1Node>).next();
    if (next.done === true) {
      stack.pop();
      continue;
    }
    yield next.value;
    if (next.value.children.size > 0) stack.push(next.value.children.values());
  }
}

/** An aliased install records `npm:real-name@1.2.3` as its version. */
function v1Alias(version: string): { name: string; version: string } | undefined {
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(version);
  return alias ? { name: alias[1] as string, version: alias[2] as string } : undefined;
}

/** What `name` required from `node` resolves to: its own nested copy, then each enclosing level up to the top, as node resolves. */
function resolve(node: V1Node, name: string): V1Node | undefined {
  for (let level: V1Node | undefined = node; level !== undefined; level = level.parent) {
    const found = level.children.get(name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Who depends on each node: an entry's `requires` resolve from it; the root package.json's
 * declarations (the root lists none in a v1 lockfile) resolve at the top.
 */
function dependentsOfV1Tree(root: V1Node, declared: ReadonlyMap<string, DeclaredDependency>, rootManifest: string): Dependents<V1Node> {
  const dependents = new Dependents<V1Node>();
  for (const [name, declaration] of declared) {
    const target = declaration.location.path === rootManifest ? root.children.get(name) : undefined;
    if (target) dependents.add(target, workspaceLabel(''));
  }
  for (const node of nodesOf(root)) {
    const requires = node.entry.requires;
    if (typeof requires !== 'object') continue;
    const label = v1Alias(node.entry.version)?.name ?? node.name;
    for (const required of Object.keys(requires)) {
      const target = resolve(node, required);
      if (target) dependents.add(target, label);
    }
  }
  return dependents;
}
