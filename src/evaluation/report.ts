/**
 * The result of one evaluation, in the shape of the CLI's `--format json` contract (DESIGN.md):
 * reporters (CLI text, check run, review comments) all start from this.
 */
import type { Finding } from '../findings.js';
import type { Change } from '../deps/diff.js';

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
  license?: string;
  previousLicense?: string;
  /** Where the change is: lockfile entry line. */
  line?: number;
}

export interface Report {
  schemaVersion: 1;
  conclusion: Conclusion;
  base: string;
  head: string;
  manifests: ManifestSummary[];
  changes: ChangeRecord[];
  findings: Finding[];
}
