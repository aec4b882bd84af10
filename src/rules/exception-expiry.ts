/**
 * `exception/expired`: the policy exception that covered this package is past its `expires` date
 * (and no longer applies): the in-scope one, else (any scope) the package-wide one. An `id`
 * exception's expiry is said by the vulnerability and malware rules, with the record. Pure.
 */
import { dependencyFinding, labelOf } from './finding.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const exceptionExpiry: ChangeRule = {
  id: 'exception/expired',
  applies: 'always',
  check: ({ dependency, exception, packageException, license }) => {
    const expired = exception?.expired ? exception : packageException?.expired ? packageException : undefined;
    if (!expired) return NO_FINDINGS;
    const { expires, reason } = expired.exception;
    return [
      dependencyFinding(dependency, license?.value, 'exception/expired', 'warning', `the exception for ${labelOf(dependency)} expired on ${expires} (${reason})`, 'Renew the exception with a new expiry date if it is still approved, or remove the package.'),
    ];
  },
};
