/**
 * The invariant of version pairing: which identities are new and which are gone never depends on
 * how they are paired. Head purls not in base must be exactly the `to`s and `added`s; base purls
 * not in head exactly the `removed`s and the `from`s that the head no longer has, each once.
 */
import { expect } from '@jest/globals';
import type { Change } from '../../src/deps/diff.js';
import type { Dependency } from '../../src/ecosystems/types.js';

const identity = (dependency: Dependency) => `${dependency.manifest} ${dependency.purl} ${dependency.requirement ?? ''}`;

export function expectIdentitySetsUnchanged(base: readonly Dependency[], head: readonly Dependency[], changes: readonly Change[]): void {
  const baseIds = new Set(base.map(identity));
  const headIds = new Set(head.map(identity));
  const naiveNew = [...headIds].filter((id) => !baseIds.has(id)).sort();
  const naiveGone = [...baseIds].filter((id) => !headIds.has(id)).sort();

  const reportedNew = changes.filter((change) => change.change !== 'removed').map((change) => identity(change.dependency));
  const reportedGone = changes.flatMap((change) =>
    change.change === 'removed' ? [identity(change.dependency)] : change.previous && !headIds.has(identity(change.previous)) ? [identity(change.previous)] : [],
  );
  expect(reportedNew.sort()).toEqual(naiveNew);
  expect(reportedGone.sort()).toEqual(naiveGone);
  // A `from` the head still has is a version some dependent moved off, never a removal.
  for (const change of changes) {
    if (change.previous) expect(baseIds.has(identity(change.previous))).toBe(true);
  }
}
