/** The policy as the engine uses it: merged (preset -> org -> repository), defaults filled in. */
import type { Scope } from '../deps/model.js';
import type { RepositoryPolicy } from './repository.js';

export type Action = 'fail' | 'warn' | 'allow';

export interface LicenseRules {
  /** SPDX ids (categories already expanded); undefined = no allow list. */
  allow?: string[];
  deny?: string[];
  unknown: Action;
  changed: Action;
  scopes: Scope[];
  directOnly: boolean;
}

export interface DeniedPackage {
  /** purl, with an optional version or version range after `@`. */
  purl: string;
  reason?: string;
}

export interface PolicyException {
  /** purl, with an optional version or version range after `@`. */
  package: string;
  /** The exception ends if the package's license is no longer this one. */
  license?: string;
  /**
   * OSV id or alias: the exception covers only that vulnerability (or malware) record of the
   * package, no other rule. Never together with `license` (validation refuses it).
   */
  id?: string;
  reason: string;
  approvedBy?: string;
  /** ISO date (YYYY-MM-DD); the exception no longer applies after that day. */
  expires?: string;
  /** The layer it was written in (`acme/.github:.github/ospo-gatekeeper.yml`), for notices about it. */
  source?: string;
}

export interface PathRule {
  /** Glob over manifest paths (`examples/**`). */
  match: string;
  /** Manifests under it are not evaluated at all (test fixtures, vendored examples). */
  ignore: boolean;
  /** What the entry's own `licenses:` says. */
  licenses: Partial<LicenseRules>;
  /**
   * The policy's license rules with the entry's on top, merged once when the policy is loaded: one
   * object per entry, so evaluateLicense's verdicts (cached per rules object) serve every package
   * of the manifests it covers.
   */
  rules: LicenseRules;
}

/** How references that can move (GitHub Actions `uses:`) must be pinned. */
export type PinRule = 'sha' | 'tag' | 'any';

/** A vulnerability severity threshold: `high` means high and critical; `any` every record, `none` no record. */
export type SeverityThreshold = 'critical' | 'high' | 'medium' | 'low' | 'any' | 'none';

/** A vulnerability let through on purpose (osv-scanner's ignoreUntil, with who approved it). */
export interface VulnerabilityIgnore {
  /** OSV id or alias (`GHSA-xxxx-xxxx-xxxx`, `CVE-2024-1234`). */
  id: string;
  /** ISO date (YYYY-MM-DD); the entry no longer applies after that day. */
  until?: string;
  reason: string;
  approvedBy?: string;
}

export interface VulnerabilityPolicy {
  failOn: SeverityThreshold;
  warnOn: SeverityThreshold;
  ignore: VulnerabilityIgnore[];
}

/** OpenSSF Scorecard of a package's source repository; no threshold = not judged. */
export interface ScorecardPolicy {
  warnBelow?: number;
  failBelow?: number;
  /** Per-check minimums (`Maintained: 3`), warned on when a check scores lower. */
  checks: Record<string, number>;
}

export interface SupplyChainPolicy {
  /** A version published less than this many days ago is too new; 0 = off. */
  cooldownDays: number;
  deprecated: Action;
  /** New packages whose lockfile entry runs install scripts. */
  installScripts: Action;
}

export interface GovernancePolicy {
  /** New dependencies whose source repository belongs to one company's organization. */
  singleVendor: Action;
}

export interface Policy {
  mode: 'enforce' | 'warn';
  licenses: LicenseRules;
  actions: { pin: PinRule };
  packages: { deny: DeniedPackage[] };
  exceptions: PolicyException[];
  paths: PathRule[];
  vulnerabilities: VulnerabilityPolicy;
  /** Known malicious packages (OSV `MAL-` records): never let through by a severity threshold. */
  malware: 'fail' | 'warn';
  scorecard: ScorecardPolicy;
  supplyChain: SupplyChainPolicy;
  governance: GovernancePolicy;
  /** SBOMs the app attaches to published releases (off unless a layer asks). */
  sbom: { releaseAsset: boolean };
  /** Repository settings requirements, judged by the settings audit (src/settings), not the dependency check. */
  repository: RepositoryPolicy;
  /** Where each layer came from (`preset:permissive`, `acme/.github:.github/ospo-gatekeeper.yml`...). */
  sources: string[];
  /**
   * Locked keys (the org file's `overrides.locked`) that the repository's file tried to loosen:
   * the org value stands, and each is an error the evaluation reports (`policy/locked`).
   */
  lockViolations?: PolicyError[];
}

/** A policy problem with its place, as `validate` prints it. */
export interface PolicyError {
  path: string;
  line?: number;
  column?: number;
  message: string;
}
