/**
 * `package/deprecated`: the registry marks the new version deprecated (npm `deprecated`, a
 * yanked or abandoned release); `supply-chain.deprecated` says fail, warn (the default) or
 * allow. Covered by an exception without a `license` condition; every scope. Pure.
 */
import { factOf } from '../facts/types.js';
import { dependencyFinding, labelOf, severityOf } from './finding.js';
import { wasLookedUp } from './unchecked-facts.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const deprecatedRule: ChangeRule = {
  id: 'package/deprecated',
  applies: 'package-unexcepted',
  check: (subject) => {
    const { dependency, policy, facts, license } = subject;
    const severity = severityOf(policy.supplyChain.deprecated);
    if (!severity) return NO_FINDINGS;
    if (!wasLookedUp(subject, 'deprecation')) return NO_FINDINGS;
    const deprecation = factOf('deprecation', dependency, facts)?.value;
    if (!deprecation?.deprecated) return NO_FINDINGS;
    const reason = deprecation.reason !== undefined && deprecation.reason.trim() !== '' ? `: ${deprecation.reason.trim()}` : ' (the registry gives no reason)';
    const message = `${labelOf(dependency)} is deprecated${reason}`;
    return [dependencyFinding(dependency, license?.value, 'package/deprecated', severity, message, `Move to the version or package the deprecation points to, or drop ${dependency.name}; if it must stay, add an exception with a reason.`)];
  },
};
