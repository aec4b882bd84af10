/** What the engine concludes about one package, file or setting (DESIGN.md "Finding"). */
import type { Location } from './ecosystems/types.js';

export type Severity = 'error' | 'warning' | 'notice';

export type Rule =
  | 'license/denied'
  | 'license/not-allowed'
  | 'license/unknown'
  | 'license/changed'
  | 'package/denied'
  | 'package/unpinned'
  | 'exception/expired'
  | 'manifest/unparsable'
  | 'metadata/unavailable'
  | 'policy/invalid'
  | (string & {}); // later rules (vulnerability, scorecard/low, settings/...) plug in without editing this list

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
}
