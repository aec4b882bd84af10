/**
 * Scope by reachability, for lockfiles that record a graph but not who needs what: whatever a
 * runtime root reaches is runtime; of the rest, whatever a development root reaches is
 * development. Nodes reached from nothing get no entry (callers call them `unknown`).
 */
export type ReachableScope = 'runtime' | 'development';

export function scopesByReachability<N>(
  roots: readonly { node: N; scope: ReachableScope }[],
  next: (node: N) => Iterable<N>,
): Map<N, ReachableScope> {
  const scopes = new Map<N, ReachableScope>();
  for (const scope of ['runtime', 'development'] as const) {
    const queue: N[] = [];
    for (const root of roots) {
      if (root.scope !== scope || scopes.has(root.node)) continue;
      scopes.set(root.node, scope);
      queue.push(root.node);
    }
    for (let i = 0; i < queue.length; i++) {
      for (const target of next(queue[i] as N)) {
        if (scopes.has(target)) continue;
        scopes.set(target, scope);
        queue.push(target);
      }
    }
  }
  return scopes;
}
