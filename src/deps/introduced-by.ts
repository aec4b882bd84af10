/**
 * How a transitive dependency got into a manifest: the shortest chain of purls from a direct
 * dependency down to it, read from the dependents each format records (`requiredBy`). Pure.
 */
import type { Dependency } from './model.js';

const WORKSPACE = 'workspace:';

/** The chain for one dependency: purls from a direct dependency down to it (itself last), a new array each call; null when the file does not say. */
export type IntroductionChain = (dependency: Dependency) => string[] | null;

/**
 * Chains over the head dependencies of one manifest, worked out for all of them at once on the
 * first call (most evaluations never ask: only a finding or a record about a transitive
 * dependency does): one breadth-first pass down from the roots, where a search up from each
 * package asked cost ~25 µs each (2 s for the 75k new packages of a big pnpm lockfile).
 */
export function introductionChains(headDependencies: readonly Dependency[]): IntroductionChain {
  let towardRoot: Map<Dependency, Dependency | null> | undefined;
  return (dependency) => {
    if (dependency.requiredBy === undefined) return null;
    towardRoot ??= stepsTowardRoots(headDependencies);
    return chainUp(dependency, towardRoot);
  };
}

/** The chain for one dependency of `headDependencies` (one manifest's); see introductionChains. */
export function introducedBy(headDependencies: readonly Dependency[], dependency: Dependency): string[] | null {
  return introductionChains(headDependencies)(dependency);
}

/** A project of the file depends on it: where a chain starts. */
function isRoot(dependency: Dependency): boolean {
  return dependency.direct || (dependency.requiredBy?.some((dependent) => dependent.startsWith(WORKSPACE)) ?? false);
}

/**
 * For every dependency a chain reaches, the one a step closer to a root (null for a root): breadth
 * first from the roots in file order, down to the packages that name each one as a dependent.
 * Dependents are recorded by name only, so every version of a dependent's name counts as a parent
 * (the file does not say which one); on a tie the parent reached first (roots, then children, in
 * file order) wins. A cycle that no root reaches stays out.
 */
function stepsTowardRoots(dependencies: readonly Dependency[]): Map<Dependency, Dependency | null> {
  const childrenByName = new Map<string, Dependency[]>();
  for (const dependency of dependencies) {
    for (const dependent of dependency.requiredBy ?? []) {
      if (dependent.startsWith(WORKSPACE)) continue;
      const children = childrenByName.get(dependent);
      if (children) children.push(dependency);
      else childrenByName.set(dependent, [dependency]);
    }
  }
  const towardRoot = new Map<Dependency, Dependency | null>();
  const queue: Dependency[] = [];
  for (const dependency of dependencies) {
    if (!isRoot(dependency) || towardRoot.has(dependency)) continue;
    towardRoot.set(dependency, null);
    queue.push(dependency);
  }
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index] as Dependency;
    for (const child of childrenByName.get(node.name) ?? []) {
      if (towardRoot.has(child)) continue;
      towardRoot.set(child, node);
      queue.push(child);
    }
  }
  return towardRoot;
}

/** Purls from the root down to `target` (itself last), or null when no root reaches it. */
function chainUp(target: Dependency, towardRoot: ReadonlyMap<Dependency, Dependency | null>): string[] | null {
  if (!towardRoot.has(target)) return null;
  const chain: string[] = [];
  for (let node: Dependency | null | undefined = target; node; node = towardRoot.get(node)) chain.push(node.purl);
  return chain.reverse();
}
