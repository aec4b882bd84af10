/** `package/denied`: a package (or version range) the policy's `packages.deny` names. Pure. */
import { packageMatches } from '../policy/match.js';
import { dependencyFinding, labelOf } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const packageDenied: ChangeRule = {
  id: 'package/denied',
  applies: 'always',
  check: ({ dependency, policy, license }) => {
    if (policy.packages.deny.length === 0) return NO_FINDINGS;
    const denied = policy.packages.deny.find((entry) => packageMatches(entry.purl, dependency));
    if (!denied) return NO_FINDINGS;
    const message = `${labelOf(dependency)} is denied by policy${denied.reason ? `: ${denied.reason}` : ''}`;
    return [dependencyFinding(dependency, license?.value, 'package/denied', 'error', message, `Remove ${dependency.name} or move to a version the policy allows.`)];
  },
};
