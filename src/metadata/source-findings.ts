/** One `metadata/unavailable` finding per source that failed, not one per package. */
import type { Finding } from '../findings.js';
import { plural } from '../words.js';
import type { FactSource } from './types.js';

/** The packages a source failed for (or skipped once down), and why. */
export interface SourceFailures {
  source: FactSource;
  missed: string[];
  down?: string;
  lastFailure?: string;
}

/** Incomplete work when some package was left unchecked by the source (no other source answered for it). */
export function sourceFinding(failure: SourceFailures, leftUnchecked: (purl: string) => boolean): Finding {
  const missed = failure.missed.length;
  const left = failure.missed.filter(leftUnchecked).length;
  const packages = plural(missed, 'package');
  const { name } = failure.source;
  const what = failure.down !== undefined ? `${name} unreachable (${failure.down}): ${packages} not looked up there` : `${name} failed for ${packages} (${failure.lastFailure ?? 'error'})`;
  const after = left === 0 ? '; other sources answered for them' : left === missed ? '' : `; ${left} of them left unchecked`;
  return {
    rule: 'metadata/unavailable',
    severity: left > 0 ? 'warning' : 'notice',
    message: `${what}${after}`,
    help: 'Re-run the check when the source is back, or point its variable at a mirror that is reachable from here.',
    ...(left > 0 ? { incomplete: true } : {}),
  };
}
