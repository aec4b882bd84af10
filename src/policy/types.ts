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
  reason: string;
  approvedBy?: string;
  /** ISO date (YYYY-MM-DD); the exception no longer applies after that day. */
  expires?: string;
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

export interface Policy {
  mode: 'enforce' | 'warn';
  licenses: LicenseRules;
  actions: { pin: PinRule };
  packages: { deny: DeniedPackage[] };
  exceptions: PolicyException[];
  paths: PathRule[];
  /** Repository settings requirements, judged by the settings audit (src/settings), not the dependency check. */
  repository: RepositoryPolicy;
  /** Where each layer came from (`preset:permissive`, `acme/.github:.github/ospo-gatekeeper.yml`...). */
  sources: string[];
}

/** A policy problem with its place, as `validate` prints it. */
export interface PolicyError {
  path: string;
  line?: number;
  column?: number;
  message: string;
}
