/**
 * How a transitive dependency got into a manifest: the shortest chain of purls from a direct
 * dependency down to it, read from the dependents each format records (`requiredBy`). Pure.
 */
import type { Dependency } from './model.js';

const WORKSPACE = 'workspace:';

/** The chain for one dependency: purls from a direct dependency down to it (itself last), or null when the file does not say. */
export type IntroductionChain = (dependency: Dependency) => readonly string[] | null;

/**
 * Chains over the head dependencies of one manifest. The name index is built on the first call
 * only: most evaluations never ask (only a finding about a transitive dependency does).
 */
export function introductionChains(headDependencies: readonly Dependency[]): IntroductionChain {
  let byName: Map<string, Dependency[]> | undefined;
  return (dependency) => {
    byName ??= indexByName(headDependencies);
    return shortestChain(dependency, byName);
  };
}

/** The chain for one dependency of `headDependencies` (one manifest's); see introductionChains. */
export function introducedBy(headDependencies: readonly Dependency[], dependency: Dependency): readonly string[] | null {
  return introductionChains(headDependencies)(dependency);
}

function indexByName(dependencies: readonly Dependency[]): Map<string, Dependency[]> {
  const byName = new Map<string, Dependency[]>();
  for (const dependency of dependencies) {
    const list = byName.get(dependency.name);
    if (list) list.push(dependency);
    else byName.set(dependency.name, [dependency]);
  }
  return byName;
}

/** A project of the file depends on it: where a chain starts. */
function isRoot(dependency: Dependency): boolean {
  return dependency.direct || (dependency.requiredBy?.some((dependent) => dependent.startsWith(WORKSPACE)) ?? false);
}

/**
 * Breadth-first up the dependents from the dependency: the first root reached ends the shortest
 * chain. Dependents are recorded by name only, so every version of a dependent's name counts as
 * a parent (the file does not say which one); the first in file order wins a tie.
 */
function shortestChain(target: Dependency, byName: ReadonlyMap<string, readonly Dependency[]>): readonly string[] | null {
  if (target.requiredBy === undefined) return null;
  if (isRoot(target)) return [target.purl];
  // child -> the node one step closer to the target, to walk the chain back down.
  const towardTarget = new Map<Dependency, Dependency>();
  const seen = new Set<string>([target.purl]);
  const queue: Dependency[] = [target];
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index] as Dependency;
    for (const dependentName of node.requiredBy ?? []) {
      if (dependentName.startsWith(WORKSPACE)) continue;
      for (const parent of byName.get(dependentName) ?? []) {
        if (seen.has(parent.purl)) continue;
        seen.add(parent.purl);
        towardTarget.set(parent, node);
        if (isRoot(parent)) return chainDown(parent, towardTarget);
        queue.push(parent);
      }
    }
  }
  return null;
}

function chainDown(root: Dependency, towardTarget: ReadonlyMap<Dependency, Dependency>): string[] {
  const chain = [root.purl];
  for (let node = towardTarget.get(root); node !== undefined; node = towardTarget.get(node)) chain.push(node.purl);
  return chain;
}
