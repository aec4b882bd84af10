/**
 * The workspace scenario every JS lockfile fixture under `pairing` encodes (see each test for how
 * its format spells it): the root moves typescript ~5.6.2 -> ~6.0.3 while packages/legacy stays on
 * 5.6.2; packages/compiler-sfc moves postcss 8.5.19 -> 8.5.23 while vite keeps 8.5.19;
 * autoprefixer's postcss moves 8.4.47 -> 8.4.49. Three upgrades, nothing added or removed.
 */
import { expect } from '@jest/globals';
import { diffCollected } from '../../src/evaluation/collect.js';
import { mergeDuplicates } from '../../src/deps/merge.js';
import type { Dependency, Extraction, SourceFile } from '../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from './identity.js';

export const WORKSPACE_UPGRADES = ['upgraded postcss 8.4.47->8.4.49', 'upgraded postcss 8.5.19->8.5.23', 'upgraded typescript 5.6.2->6.0.3'];

export interface PairingRun {
  /** `change name from->to` per change, in diff order. */
  summary: string[];
  /** Who requires the package with this purl on each side. */
  base(purl: string): string[] | undefined;
  head(purl: string): string[] | undefined;
}

/** Extracts both sides (with no problem), diffs them and checks the pairing invariant. */
export function runPairing(extract: (files: SourceFile[]) => Extraction, base: SourceFile[], head: SourceFile[]): PairingRun {
  const side = (files: SourceFile[]) => {
    const result = extract(files);
    expect(result.problems).toEqual([]);
    return mergeDuplicates(result.dependencies);
  };
  const [before, after] = [side(base), side(head)];
  const changes = diffCollected(before, after);
  expectIdentitySetsUnchanged(before, after, changes);
  const requiredBy = (deps: Dependency[], purl: string) => deps.find((d) => d.purl === purl)?.requiredBy;
  return {
    summary: changes.map((c) => `${c.change} ${c.dependency.name} ${c.previous?.version ?? '-'}->${c.dependency.version}`),
    base: (purl) => requiredBy(before, purl),
    head: (purl) => requiredBy(after, purl),
  };
}

/** Who requires what in the scenario, as every format must record it. */
export function expectWorkspaceDependents(run: PairingRun): void {
  expect(run.base('pkg:npm/typescript@5.6.2')).toEqual(['workspace:.', 'workspace:packages/legacy']);
  expect(run.head('pkg:npm/typescript@5.6.2')).toEqual(['workspace:packages/legacy']);
  expect(run.base('pkg:npm/postcss@8.5.19')).toEqual(['vite', 'workspace:packages/compiler-sfc']);
  expect(run.head('pkg:npm/postcss@8.4.49')).toEqual(['autoprefixer']);
}
