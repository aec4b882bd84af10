import { describe, expect, it } from '@jest/globals';
import { scopesByReachability } from '../../src/deps/reachability.js';

describe('scopesByReachability', () => {
  // app -> a -> shared; devtool -> shared, devtool -> only-dev; orphan is reached from nothing.
  const edges: Record<string, string[]> = { app: ['a'], a: ['shared'], devtool: ['shared', 'only-dev'], shared: [], 'only-dev': ['a'], orphan: [] };
  const next = (node: string) => edges[node] ?? [];

  it('gives runtime to all a runtime root reaches, development to the rest a development root reaches', () => {
    const scopes = scopesByReachability([{ node: 'devtool', scope: 'development' }, { node: 'app', scope: 'runtime' }], next);
    expect(Object.fromEntries(scopes)).toEqual({ app: 'runtime', a: 'runtime', shared: 'runtime', devtool: 'development', 'only-dev': 'development' });
    expect(scopes.has('orphan')).toBe(false);
  });

  it('terminates on cycles', () => {
    const cyclic = scopesByReachability([{ node: 'x', scope: 'runtime' }], (node) => (node === 'x' ? ['y'] : ['x']));
    expect(Object.fromEntries(cyclic)).toEqual({ x: 'runtime', y: 'runtime' });
  });
});
