/**
 * Which facts the policy judges, so the gathering step asks the sources for those only and the
 * rules report as unchecked only what they would have judged. One place for both. Pure.
 */
import type { FactKind } from '../facts/types.js';
import type { Policy } from '../policy/types.js';

/** Vulnerability records are judged by severity (the `vulnerability` rule). */
export function judgesVulnerabilities(policy: Policy): boolean {
  return policy.vulnerabilities.failOn !== 'none' || policy.vulnerabilities.warnOn !== 'none';
}

export function judgesScorecard(policy: Policy): boolean {
  const { warnBelow, failBelow, checks } = policy.scorecard;
  return warnBelow !== undefined || failBelow !== undefined || Object.keys(checks).length > 0;
}

/**
 * The kinds of fact the policy's rules read. Licenses are always needed (the license rules are
 * never off); vulnerabilities always too, since malware (`fail` or `warn`) can't be turned off.
 */
export function neededFactKinds(policy: Policy): Set<FactKind> {
  // `malware` is `fail` or `warn`, never off: vulnerabilities are needed whatever the thresholds say.
  const kinds = new Set<FactKind>(['license', 'vulnerabilities']);
  if (policy.supplyChain.deprecated !== 'allow') kinds.add('deprecation');
  if (policy.supplyChain.cooldownDays > 0) kinds.add('publishedAt');
  if (judgesScorecard(policy) || policy.governance.singleVendor !== 'allow') {
    // Scorecard is looked up by the source repository; the single-vendor message names the score.
    kinds.add('sourceRepository');
    kinds.add('scorecard');
  }
  return kinds;
}
