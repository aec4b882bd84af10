/**
 * `package/too-new`: a version published fewer than `supply-chain.cooldown-days` days before
 * today (a malicious release is usually caught within days). Days are whole UTC calendar days
 * between the publish date and `today` (YYYY-MM-DD: the core reads no clock). 0 = off.
 * Covered by an exception without a `license` condition; every scope. Pure.
 */
import { factOf } from '../facts/types.js';
import { daysFrom } from '../policy/match.js';
import { plural } from '../words.js';
import { dependencyFinding, labelOf } from './finding.js';
import { wasLookedUp } from './unchecked-facts.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const tooNewRule: ChangeRule = {
  id: 'package/too-new',
  applies: 'package-unexcepted',
  check: (subject) => {
    const { dependency, policy, facts, today, license } = subject;
    const cooldown = policy.supplyChain.cooldownDays;
    if (cooldown <= 0) return NO_FINDINGS;
    if (!wasLookedUp(subject, 'publishedAt')) return NO_FINDINGS;
    const published = factOf('publishedAt', dependency, facts);
    if (!published) return NO_FINDINGS;
    const age = daysBetween(published.value, today);
    if (age === undefined) {
      // Not a date we can read: work not done, never a pass.
      subject.uncheckedFacts.add('publishedAt', dependency, `unreadable publish date from ${published.source}`);
      return NO_FINDINGS;
    }
    if (age >= cooldown) return NO_FINDINGS;
    const when = age <= 0 ? 'today' : age === 1 ? 'yesterday' : `${age} days ago`;
    const message = `${labelOf(dependency)} was published ${when} (${published.value.slice(0, 10)}), the policy waits ${plural(cooldown, 'day')} (supply-chain.cooldown-days)`;
    return [dependencyFinding(dependency, license?.value, 'package/too-new', 'warning', message, `Wait until this release is ${plural(cooldown, 'day')} old (stay on the previous version), or add an exception if it is needed now.`)];
  },
};

/** Whole days from the publish timestamp's UTC date to `today`; undefined when either is not a date. */
function daysBetween(publishedAt: string, today: string): number | undefined {
  const days = daysFrom(publishedAt.slice(0, 10), today.slice(0, 10));
  return Number.isNaN(days) ? undefined : days;
}
