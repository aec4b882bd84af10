/**
 * `scorecard/low`: a new dependency whose source repository's OpenSSF Scorecard is below the
 * policy: the overall score under `fail-below` (error) or `warn-below` (warning), and any
 * `checks` minimum not met (one warning naming them). Judged when a package is added: an
 * upgrade keeps the same repository. A repository Scorecard has no score for is not judged.
 * Covered by an exception without a `license` condition; every scope. Pure.
 */
import { factOf, type Scorecard } from '../facts/types.js';
import type { Finding } from '../findings.js';
import type { ScorecardPolicy } from '../policy/types.js';
import { dependencyFinding, labelOf } from './finding.js';
import { judgesScorecard } from './needed-facts.js';
import { wasLookedUp } from './unchecked-facts.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const scorecardRule: ChangeRule = {
  id: 'scorecard/low',
  applies: 'package-unexcepted',
  check: (subject) => {
    const { change, dependency, policy, facts, license } = subject;
    if (change.change !== 'added' || !judgesScorecard(policy)) return NO_FINDINGS;
    if (!wasLookedUp(subject, 'scorecard')) return NO_FINDINGS;
    const scorecard = factOf('scorecard', dependency, facts)?.value;
    if (!scorecard) return NO_FINDINGS;
    const findings: Finding[] = [];
    const label = labelOf(dependency);
    const overall = overallVerdict(scorecard.score, policy.scorecard);
    if (overall) {
      const message = `${label} comes from ${scorecard.repository}, whose OpenSSF Scorecard score ${scorecard.score.toFixed(1)} is below the policy's ${overall.threshold} (scorecard.${overall.key})`;
      findings.push(dependencyFinding(dependency, license?.value, 'scorecard/low', overall.severity, message, HELP));
    }
    const unmet = unmetChecks(scorecard, policy.scorecard.checks);
    if (unmet.length > 0) {
      const message = `${label} comes from ${scorecard.repository}, which misses the policy's Scorecard check minimums: ${unmet.join(', ')}`;
      findings.push(dependencyFinding(dependency, license?.value, 'scorecard/low', 'warning', message, HELP));
    }
    return findings.length > 0 ? findings : NO_FINDINGS;
  },
};

const HELP = 'Look at the Scorecard report of the repository (https://scorecard.dev) before depending on it; prefer a better-kept alternative, or add an exception with a reason.';

function overallVerdict(score: number, policy: ScorecardPolicy): { severity: 'error' | 'warning'; threshold: number; key: string } | undefined {
  if (policy.failBelow !== undefined && score < policy.failBelow) return { severity: 'error', threshold: policy.failBelow, key: 'fail-below' };
  if (policy.warnBelow !== undefined && score < policy.warnBelow) return { severity: 'warning', threshold: policy.warnBelow, key: 'warn-below' };
  return undefined;
}

/** `Maintained 0 (needs 3)`; a check that could not run (-1) or is not in the scorecard does not meet its minimum. */
function unmetChecks(scorecard: Scorecard, minimums: Readonly<Record<string, number>>): string[] {
  const unmet: string[] = [];
  for (const [check, minimum] of Object.entries(minimums)) {
    const score = scorecard.checks[check];
    if (score === undefined) unmet.push(`${check} not in the scorecard (needs ${minimum})`);
    else if (score < 0) unmet.push(`${check} could not run (needs ${minimum})`);
    else if (score < minimum) unmet.push(`${check} ${score} (needs ${minimum})`);
  }
  return unmet;
}
