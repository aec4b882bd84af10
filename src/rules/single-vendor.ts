/**
 * `governance/single-vendor`: a new dependency whose source repository belongs to one company's
 * organization (policies/governance.yml), which can relicense it or stop it alone (Terraform,
 * Redis, Elasticsearch, Akka). `governance.single-vendor` says fail, warn or allow (the default).
 * Judged when a package is added; covered by an exception without a `license` condition; every
 * scope. A package with no known source repository is not judged. Pure.
 */
import { factOf } from '../facts/types.js';
import { governanceOf } from '../facts/governance.js';
import { dependencyFinding, labelOf, severityOf } from './finding.js';
import { wasLookedUp } from './unchecked-facts.js';
import { NO_FINDINGS, type ChangeRule } from './rule.js';

export const singleVendorRule: ChangeRule = {
  id: 'governance/single-vendor',
  applies: 'package-unexcepted',
  check: (subject) => {
    const { change, dependency, policy, facts, license } = subject;
    if (change.change !== 'added') return NO_FINDINGS;
    const severity = severityOf(policy.governance.singleVendor);
    if (!severity) return NO_FINDINGS;
    if (!wasLookedUp(subject, 'sourceRepository')) return NO_FINDINGS;
    const repository = factOf('sourceRepository', dependency, facts)?.value;
    const governance = repository !== undefined ? governanceOf(repository) : undefined;
    if (governance?.kind !== 'company') return NO_FINDINGS;
    const scorecard = factOf('scorecard', dependency, facts)?.value;
    const score = scorecard !== undefined ? `; OpenSSF Scorecard ${scorecard.score.toFixed(1)}` : '';
    const message = `${labelOf(dependency)} is developed in ${repository}, which one company controls (${governance.name})${score}`;
    const help = `A single vendor can relicense or abandon ${dependency.name} on its own: prefer a foundation- or community-governed alternative, or record the decision as an exception with a reason.`;
    return [dependencyFinding(dependency, license?.value, 'governance/single-vendor', severity, message, help)];
  },
};
