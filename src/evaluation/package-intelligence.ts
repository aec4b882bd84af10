/**
 * What the report says about a new or changed package from its looked-up facts, beyond its
 * license: its source repository's governance and Scorecard, the vulnerability ids known for it.
 * Only for a package whose facts were looked up: offline (no facts) nothing is added. (The chain
 * that brings it in is read from the lockfile, offline too: run.ts.)
 */
import type { Dependency } from '../deps/model.js';
import { governanceOf } from '../facts/governance.js';
import type { Facts } from '../facts/types.js';
import type { ChangeRecord } from './report.js';

/** Adds the fields that are known to `record` (in the contract's key order); nothing when the package has no facts. */
export function addPackageIntelligence(record: ChangeRecord, dependency: Dependency, facts: Facts): void {
  if (facts.packages.size === 0) return;
  const known = facts.packages.get(dependency.purl);
  if (!known) return;
  if (known.scorecard) record.scorecard = known.scorecard.value.score;
  const repository = known.sourceRepository?.value;
  const governance = repository !== undefined ? governanceOf(repository) : undefined;
  if (governance) record.governance = governance;
  if (known.vulnerabilities) record.vulnerabilities = known.vulnerabilities.value.map((vulnerability) => vulnerability.id);
}
