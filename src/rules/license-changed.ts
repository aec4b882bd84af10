/** `license/changed`: an upgrade or downgrade whose license differs (SPDX-equivalent texts are the same license). Pure. */
import { sameLicense } from '../licenses/evaluate.js';
import { dependencyFinding, labelOf, severityOf, versionText } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const licenseChanged: ChangeRule = {
  id: 'license/changed',
  applies: 'unexcepted',
  check: ({ dependency, previous, license, previousLicense, licenseRules }) => {
    if (!previous || license === undefined || previousLicense === undefined || sameLicense(previousLicense.value, license.value)) return NO_FINDINGS;
    const severity = severityOf(licenseRules.changed);
    if (!severity) return NO_FINDINGS;
    const [was, now] = [versionText(previous) ?? 'an unresolved version', versionText(dependency) ?? 'an unresolved version'];
    return [
      dependencyFinding(
        dependency,
        license.value,
        'license/changed',
        severity,
        `${dependency.name} changed its license from ${previousLicense.value} to ${license.value} between ${was} and ${now}`,
        `Review the new license before taking this version, or stay on ${labelOf(previous)}.`,
      ),
    ];
  },
};
