/**
 * The package graph every generator renders in its own format: a project's direct dependencies
 * (some of them development ones), a DAG below them in which every package has a dependent, and
 * (for the formats that allow it) second versions of some names, each with exactly one dependent
 * (npm nests those under it). Sizing: `sized` renders at a small count, then at the count that
 * reaches the target size.
 */
import { LICENSES, Rng } from './random.js';

export interface Pkg {
  index: number;
  name: string;
  version: string;
  /** Indexes of the packages it depends on (never two of one name). */
  deps: number[];
  /** Reachable only from development roots. */
  dev: boolean;
  license: string;
  /** For a second version of a name: the first package of that name. */
  duplicateOf?: number;
  /** For a second version: its one dependent. */
  parent?: number;
}

export interface Graph {
  packages: Pkg[];
  /** Direct runtime dependencies, then direct development ones. */
  direct: number[];
  directDev: number[];
}

export interface GraphOptions {
  name: () => string;
  version: (major?: number) => string;
  /** Fraction of packages that are a second version of an earlier name (0 for flat formats). */
  duplicates: number;
  /** Extra edges per package, at most. */
  fanOut?: number;
}

export function makeGraph(count: number, rng: Rng, options: GraphOptions): Graph {
  const directCount = Math.min(400, Math.max(5, Math.round(count * 0.01)));
  const packages: Pkg[] = [];
  const firsts: number[] = [];
  for (let index = 0; index < count; index++) {
    if (index >= directCount && firsts.length > 10 && rng.chance(options.duplicates)) {
      const first = packages[rng.pick(firsts)] as Pkg;
      const major = Number(first.version.split('.')[0]) + rng.int(1, 3);
      packages.push({ index, name: first.name, version: options.version(major), deps: [], dev: false, license: first.license, duplicateOf: first.index });
    } else {
      packages.push({ index, name: options.name(), version: options.version(), deps: [], dev: false, license: rng.pick(LICENSES) });
      firsts.push(index);
    }
  }
  const names = packages.map((pkg) => new Set<string>([pkg.name]));
  const link = (from: Pkg, to: Pkg): boolean => {
    const taken = names[from.index] as Set<string>;
    if (taken.has(to.name)) return false;
    taken.add(to.name);
    from.deps.push(to.index);
    return true;
  };
  // Every package below the direct ones gets one dependent earlier in the list.
  for (let index = directCount; index < count; index++) {
    const pkg = packages[index] as Pkg;
    for (let attempt = 0; attempt < 20; attempt++) {
      const parent = packages[rng.int(0, index - 1)] as Pkg;
      if (pkg.duplicateOf !== undefined && parent.duplicateOf !== undefined) continue;
      if (link(parent, pkg)) {
        if (pkg.duplicateOf !== undefined) pkg.parent = parent.index;
        break;
      }
    }
  }
  // A few more edges to later first versions, as real graphs share their popular packages.
  const fanOut = options.fanOut ?? 3;
  for (const pkg of packages) {
    const extra = rng.int(0, fanOut);
    for (let i = 0; i < extra && pkg.index + 1 < count; i++) {
      const target = packages[rng.int(pkg.index + 1, count - 1)] as Pkg;
      if (target.duplicateOf === undefined && target.index >= directCount) link(pkg, target);
    }
  }
  const roots = packages.slice(0, directCount).map((pkg) => pkg.index);
  const devFrom = Math.ceil(roots.length * 0.6);
  const graph: Graph = { packages, direct: roots.slice(0, devFrom), directDev: roots.slice(devFrom) };
  markDev(graph);
  return graph;
}

/** Packages not reachable from a runtime root are development-only. */
function markDev(graph: Graph): void {
  const runtime = new Uint8Array(graph.packages.length);
  const stack = [...graph.direct];
  while (stack.length > 0) {
    const index = stack.pop() as number;
    if (runtime[index]) continue;
    runtime[index] = 1;
    for (const dep of (graph.packages[index] as Pkg).deps) if (!runtime[dep]) stack.push(dep);
  }
  for (const pkg of graph.packages) pkg.dev = runtime[pkg.index] === 0;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Renders with a count that reaches `targetBytes` (within a few percent): one small render to
 * learn the bytes per package, then the real one, corrected once if it is off by more than 5%.
 */
export function sized(targetBytes: number, render: (count: number) => GeneratedFile[], mainPath: string | ((path: string) => boolean)): GeneratedFile[] {
  // The size that counts is the format's own files (a lockfile, not the manifest beside it).
  const counts = typeof mainPath === 'string' ? (path: string) => path === mainPath : mainPath;
  const bytesOf = (files: GeneratedFile[]) => files.reduce((total, file) => total + (counts(file.path) ? Buffer.byteLength(file.content) : 0), 0);
  let count = 200;
  let bytes = bytesOf(render(count));
  let files: GeneratedFile[] = [];
  for (let round = 0; round < 3; round++) {
    count = Math.max(10, Math.round((count * targetBytes) / bytes));
    files = render(count);
    bytes = bytesOf(files);
    if (Math.abs(bytes - targetBytes) / targetBytes <= 0.05) break;
  }
  return files;
}
