/**
 * The dependency graph of a uv.lock: which packages are the workspace's own (not dependencies),
 * which the workspace asks for directly, and the scope of every package by reachability.
 */
import { appendAll } from '../../deps/arrays.js';
import { asTable, normalizePythonName } from '../python.js';
import { Dependents, workspaceLabel } from '../package-json.js';
import type { Scope } from '../types.js';

export interface UvPackage {
  entry: Record<string, unknown>;
  name: string;
  key: string;
  line?: number;
}

interface Edge {
  key: string;
  version?: string;
  extras: string[];
}

export interface UvGraph {
  packages: readonly UvPackage[];
  /** The project and workspace members (editable, virtual or directory sources). */
  local: Set<UvPackage>;
  /** Names the local packages list in their dependencies, extras or dev groups. */
  directKeys: Set<string>;
  runtimeSeeds: Edge[];
  developmentSeeds: Edge[];
  byKey: Map<string, UvPackage[]>;
}

const LOCAL_SOURCES = ['editable', 'virtual', 'directory'];

function edgesOf(list: unknown): Edge[] {
  if (!Array.isArray(list)) return [];
  const edges: Edge[] = [];
  for (const item of list) {
    const table = asTable(item);
    if (!table || typeof table.name !== 'string') continue;
    const extras = Array.isArray(table.extra) ? table.extra.filter((extra): extra is string => typeof extra === 'string') : [];
    edges.push({ key: normalizePythonName(table.name), ...(typeof table.version === 'string' ? { version: table.version } : {}), extras });
  }
  return edges;
}

function groupEdges(table: unknown): Edge[] {
  return Object.values(asTable(table) ?? {}).flatMap(edgesOf);
}

export function buildGraph(packages: readonly UvPackage[], members: ReadonlySet<string>): UvGraph {
  const byKey = new Map<string, UvPackage[]>();
  for (const locked of packages) {
    const list = byKey.get(locked.key);
    if (list) list.push(locked);
    else byKey.set(locked.key, [locked]);
  }
  const local = new Set<UvPackage>();
  for (const locked of packages) {
    const source = asTable(locked.entry.source) ?? {};
    if (members.has(locked.key) || LOCAL_SOURCES.some((kind) => kind in source)) local.add(locked);
  }
  const runtimeSeeds: Edge[] = [];
  const developmentSeeds: Edge[] = [];
  for (const locked of local) {
    // Extras of the project are optional runtime features: their packages ship with it.
    appendAll(runtimeSeeds, edgesOf(locked.entry.dependencies));
    appendAll(runtimeSeeds, groupEdges(locked.entry['optional-dependencies']));
    appendAll(developmentSeeds, groupEdges(locked.entry['dev-dependencies']));
  }
  const localKeys = new Set([...local].map((locked) => locked.key));
  const directKeys = new Set([...runtimeSeeds, ...developmentSeeds].map((edge) => edge.key).filter((key) => !localKeys.has(key)));
  return { packages, local, directKeys, runtimeSeeds, developmentSeeds, byKey };
}

function targets(graph: UvGraph, edge: Edge): UvPackage[] {
  const candidates = graph.byKey.get(edge.key) ?? [];
  if (edge.version === undefined) return candidates;
  return candidates.filter((candidate) => candidate.entry.version === edge.version);
}

/** Runtime if reachable from what the workspace needs at run time, else development if from a dev group. */
export function walkScopes(graph: UvGraph): Map<UvPackage, Scope> {
  const scopes = new Map<UvPackage, Scope>();
  const visited = new Set<string>();
  const index = new Map(graph.packages.map((locked, position) => [locked, position]));
  for (const [scope, seeds] of [
    ['runtime', graph.runtimeSeeds],
    ['development', graph.developmentSeeds],
  ] as const) {
    const queue = [...seeds];
    while (queue.length > 0) {
      const edge = queue.pop() as Edge;
      for (const target of targets(graph, edge)) {
        if (!scopes.has(target)) scopes.set(target, scope);
        const id = index.get(target) ?? -1;
        if (!visited.has(`${id}`)) {
          visited.add(`${id}`);
          appendAll(queue, edgesOf(target.entry.dependencies));
        }
        const optional = asTable(target.entry['optional-dependencies']) ?? {};
        for (const extra of edge.extras) {
          if (visited.has(`${id}[${extra}]`)) continue;
          visited.add(`${id}[${extra}]`);
          appendAll(queue, edgesOf(optional[extra]));
        }
      }
    }
  }
  return scopes;
}

/**
 * Who depends on each package: the packages whose `dependencies`, `optional-dependencies` or
 * `dev-dependencies` name it (a pinned `version` narrows the edge to that version), by the
 * dependent's name; a local package (the project, a workspace member) as `workspace:<its folder>`,
 * the folder its source records (`editable = "."` is `workspace:.`), else `workspace:<name>`.
 */
export function uvDependents(graph: UvGraph): Dependents<UvPackage> {
  const dependents = new Dependents<UvPackage>();
  for (const locked of graph.packages) {
    const label = graph.local.has(locked) ? localLabel(locked) : locked.name;
    const edges = [...edgesOf(locked.entry.dependencies), ...groupEdges(locked.entry['optional-dependencies']), ...groupEdges(locked.entry['dev-dependencies'])];
    for (const edge of edges) for (const target of targets(graph, edge)) dependents.add(target, label);
  }
  return dependents;
}

function localLabel(locked: UvPackage): string {
  const source = asTable(locked.entry.source) ?? {};
  const folder = LOCAL_SOURCES.map((kind) => source[kind]).find((value): value is string => typeof value === 'string');
  return folder !== undefined ? workspaceLabel(folder === '.' ? '' : folder) : `workspace:${locked.name}`;
}
