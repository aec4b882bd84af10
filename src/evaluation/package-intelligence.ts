/**
 * What the report says about a new or changed package beyond its license: the chain that brings
 * it in, its source repository's governance and Scorecard, the vulnerability ids known for it.
 * Only for a package whose facts were looked up: offline (no facts) nothing is added, so the
 * offline output stays what it was and a 365k-change go.mod is not walked for chains.
 */
import type { Dependency } from '../deps/model.js';
import { governanceOf } from '../facts/governance.js';
import type { Facts } from '../facts/types.js';
import type { ChangeRecord } from './report.js';

/** A transitive dependency's chain, from a direct dependency down to it (itself last), when its file records one. */
export type ChainOf = (dependency: Dependency) => readonly string[] | undefined;

/** Adds the fields that are known to `record` (in the contract's key order); nothing when the package has no facts. */
export function addPackageIntelligence(record: ChangeRecord, dependency: Dependency, facts: Facts, chainOf: ChainOf): void {
  if (facts.packages.size === 0) return;
  const known = facts.packages.get(dependency.purl);
  if (!known) return;
  if (!dependency.direct) {
    const chain = chainOf(dependency);
    // A chain of one is a root that is not declared directly (a workspace member's own dependency): nothing to trace.
    if (chain !== undefined && chain.length >= 2) record.introducedBy = [...chain];
  }
  if (known.scorecard) record.scorecard = known.scorecard.value.score;
  const repository = known.sourceRepository?.value;
  const governance = repository !== undefined ? governanceOf(repository) : undefined;
  if (governance) record.governance = governance;
  if (known.vulnerabilities) record.vulnerabilities = known.vulnerabilities.value.map((vulnerability) => vulnerability.id);
}
