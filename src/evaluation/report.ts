/**
 * The result of one evaluation, in the shape of the CLI's `--format json` contract (DESIGN.md):
 * reporters (CLI text, check run, review comments) all start from this.
 */
import type { Finding } from '../findings.js';
import type { Change } from '../deps/diff.js';
import type { Dependency } from '../ecosystems/types.js';
import type { Governance } from '../facts/governance.js';

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface ManifestSummary {
  path: string;
  ecosystem: string;
  packages: number;
}

export interface ChangeRecord {
  change: Change['change'];
  ecosystem: string;
  manifest: string;
  name: string;
  purl: string;
  from?: string;
  to?: string;
  scope: 'runtime' | 'development' | 'unknown';
  direct: boolean;
  /** The license as SPDX: read through the normalisation table when `declaredLicense` is set. */
  license?: string;
  previousLicense?: string;
  /**
   * True when the license differs from `previousLicense` as SPDX reads them (decided once here,
   * so `GPL-2.0` -> `GPL-2.0-only` is not a change anywhere): the reporters show `from -> to` only then.
   */
  licenseChanged?: true;
  /** The license text as the file or source declared it, when it was read through the normalisation table. */
  declaredLicense?: string;
  previousDeclaredLicense?: string;
  /** Where the license came from: the manifest's path, or the source that was asked (`npm registry`, `deps.dev`, `GitHub`). */
  licenseSource?: string;
  /** Why the license was not looked up (`offline`, `deps.dev unreachable`), when it was not; then `license` is absent. */
  licenseUnchecked?: string;
  /** The declared requirement, when no exact version could be resolved (then `from`/`to` are left out). */
  requirement?: string;
  /** Why no exact version could be resolved. */
  unresolved?: string;
  /** An upgrade or downgrade from a base side that had no exact version: its declared requirement (then `from` is absent). */
  previousRequirement?: string;
  /** The tags commit pins stand for (`# v4.1.1` beside an action's SHA). */
  fromTag?: string;
  toTag?: string;
  /** Where the change is: lockfile entry line. */
  line?: number;
  /**
   * A transitive dependency's chain as its lockfile records it: purls from a direct dependency
   * down to this one (itself last). On a change that is not `removed`, offline too; absent when
   * the file records no dependents (Pipfile.lock, go.mod...).
   */
  introducedBy?: string[];
  /*
   * Package intelligence: only on a change that is not `removed`, only for a package whose facts
   * were looked up (never offline), each only when known.
   */
  /** The OpenSSF Scorecard overall score (0..10) of the package's source repository. */
  scorecard?: number;
  /** Who governs the package's source repository (policies/governance.yml): foundation, company, or community. */
  governance?: Governance;
  /** The ids of the OSV records affecting the new version; `[]` when it was checked and none does. */
  vulnerabilities?: string[];
}

/** Every dependency one manifest holds at the head ref (the same objects the diff compared, not copies). */
export interface ManifestInventory {
  path: string;
  ecosystem: string;
  dependencies: readonly Dependency[];
}

export interface Report {
  schemaVersion: 1;
  conclusion: Conclusion;
  /** Why the conclusion is not `success`, in one line (`53 licenses not checked: offline`). */
  conclusionReason?: string;
  base: string;
  head: string;
  manifests: ManifestSummary[];
  changes: ChangeRecord[];
  findings: Finding[];
  /**
   * The head's dependencies per manifest of the evaluated projects, changed or not, for the
   * reporters that describe what a tree holds (SBOMs, the org view). In memory only: the JSON
   * contract (`--format json`) leaves it out.
   */
  inventory?: ManifestInventory[];
}
