/**
 * `license/denied` and `license/unknown`: the dependency's license (the file's, or the looked-up
 * fact) against the license rules; a license nobody could look up goes to the grouped
 * `license/unchecked` finding instead. Pure.
 */
import type { Dependency } from '../deps/model.js';
import { licenseUnchecked } from '../facts/types.js';
import type { Finding } from '../findings.js';
import { evaluateLicense } from '../licenses/evaluate.js';
import type { LicenseRules } from '../policy/types.js';
import { dependencyFinding, labelOf, severityOf } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const licenseRule: ChangeRule = {
  id: 'license',
  applies: 'unexcepted',
  check: ({ dependency, facts, license, licenseRules, unchecked }) => {
    const notChecked = licenseUnchecked(dependency, facts);
    if (notChecked === undefined) return judgeLicense(dependency, license?.value, licenseRules);
    if (licenseRules.unknown !== 'allow') unchecked.add(dependency, notChecked);
    return NO_FINDINGS;
  },
};

function judgeLicense(dependency: Dependency, license: string | undefined, rules: LicenseRules): readonly Finding[] {
  const verdict = evaluateLicense(license, rules);
  // Most packages pass: no label, no message built for them.
  if (verdict.verdict === 'allowed') return NO_FINDINGS;
  if (verdict.verdict === 'denied') {
    const why = verdict.because === 'denied' ? 'which the policy denies' : "which is not in the policy's allow list";
    const terms = verdict.terms.length > 0 && verdict.terms.join(' ') !== verdict.expression ? ` (${verdict.terms.join(', ')})` : '';
    const detail = verdict.reason ? `: ${verdict.reason}` : '';
    const message = `${labelOf(dependency)} ${licenseText(verdict.expression, verdict.declared)}, ${why}${terms}${detail}`;
    return [dependencyFinding(dependency, license, 'license/denied', 'error', message, `Use an alternative under an allowed license, or add an exception for ${dependency.purl} with a reason.`)];
  }
  const severity = severityOf(rules.unknown);
  if (!severity) return NO_FINDINGS;
  const label = labelOf(dependency);
  if (dependency.version === undefined) {
    const why = dependency.unresolved ?? (dependency.requirement !== undefined ? `only the requirement ${dependency.requirement} is declared` : 'no version is declared');
    const message = `${label} has no exact version (${why}), so its license can't be checked`;
    return [dependencyFinding(dependency, license, 'license/unknown', severity, message, 'Pin an exact version (commit a lockfile, or declare the version in this repository) so its license can be checked.')];
  }
  const message = `${label} has no license we can identify: ${verdict.reason}`;
  return [dependencyFinding(dependency, license, 'license/unknown', severity, message, `Check ${dependency.name}'s license by hand; if it is acceptable, add an exception with its license.`)];
}

/** `is licensed Apache-2.0`, or `declared "Apache 2.0", read as Apache-2.0` when it was not written as SPDX. */
function licenseText(expression: string, declared: string | undefined): string {
  return declared !== undefined && declared !== expression ? `declared "${declared}", read as ${expression}` : `is licensed ${expression}`;
}
