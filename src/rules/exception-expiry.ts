/** `exception/expired`: the policy exception that covered this package is past its `expires` date (and no longer applies). Pure. */
import { dependencyFinding, labelOf } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const exceptionExpiry: ChangeRule = {
  id: 'exception/expired',
  applies: 'in-scope',
  check: ({ dependency, exception, license }) => {
    if (!exception?.expired) return NO_FINDINGS;
    const { expires, reason } = exception.exception;
    return [
      dependencyFinding(dependency, license?.value, 'exception/expired', 'warning', `the exception for ${labelOf(dependency)} expired on ${expires} (${reason})`, 'Renew the exception with a new expiry date if it is still approved, or remove the package.'),
    ];
  },
};
