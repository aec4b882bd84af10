/** What the engine concludes about one package, file or setting (DESIGN.md "Finding"). */
import type { Location } from './deps/model.js';

export type Severity = 'error' | 'warning' | 'notice';

export type Rule =
  | 'license/denied'
  | 'license/unknown'
  | 'license/changed'
  | 'license/unchecked'
  | 'actions/unpinned'
  | 'package/denied'
  | 'exception/expired'
  | 'exception/expiring'
  | 'exception/unused'
  | 'manifest/unparsable'
  | 'manifest/invalid-entry'
  | 'metadata/unavailable'
  | 'policy/invalid'
  | 'policy/locked'
  | 'vulnerability'
  | 'vulnerability/fixed'
  | 'vulnerability/ignore-expired'
  | 'malware'
  | 'scorecard/low'
  | 'package/deprecated'
  | 'package/too-new'
  | 'package/install-script'
  | 'governance/single-vendor'
  | 'facts/unchecked'
  | (string & {}); // later rules (settings/...) plug in without editing this list

export interface Finding {
  rule: Rule;
  severity: Severity;
  message: string;
  /** How to fix it, in one sentence a maintainer can act on. */
  help?: string;
  purl?: string;
  /** The package's display name and ecosystem, for reporters. */
  name?: string;
  ecosystem?: string;
  version?: string;
  license?: string;
  /** Where the finding points: a direct dependency's declaration, else its lockfile entry. */
  path?: string;
  line?: number;
  column?: number;
  /** Every place the finding could be shown (declaration first, then lockfile entry). */
  locations?: Location[];
  /**
   * About a transitive dependency: the shortest chain of purls from a direct dependency down to
   * it (the direct dependency first, the package itself last), as its lockfile records dependents.
   */
  introducedBy?: string[];
  /**
   * Where the direct dependency at the head of `introducedBy` is declared (package.json,
   * Cargo.toml...): a review comment goes there when the package's own entry is not in the diff.
   */
  introducedAt?: Location;
  /**
   * About a transitive dependency whose file records no dependents (Pipfile.lock, go.mod...), or
   * no chain from a direct dependency: that file's path. Reporters say "not recorded" rather than
   * invent a chain.
   */
  introductionNotRecordedIn?: string;
  /**
   * Work that could not be done (a source down, offline, a token missing): the conclusion can't
   * be `success` while such a finding stands (DESIGN.md principle 4).
   */
  incomplete?: boolean;
  /**
   * A `vulnerability` finding's CVSS base score (0..10), when its record has one: SARIF's
   * `security-severity`, by which GitHub code scanning ranks the alert.
   */
  securitySeverity?: number;
}
