/**
 * `settings/branch-protection`: each requirement of `repository.branch-protection` on the default
 * branch (and the branches its `branches:` globs name), met by classic protection or by any active
 * repository or organization ruleset: the strictest source wins and is named. A requirement that
 * no readable source meets is a fail only when every source could be read; otherwise it is not
 * verifiable, with the reason. Pure.
 */
import type { BranchProtectionPolicy } from '../../policy/repository.js';
import { plural } from '../../words.js';
import { branchProtection, type Protections, type ProtectionSource } from '../protection.js';
import type { BranchSettings, RepositorySettings } from '../snapshot.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/branch-protection';

/** One requirement: whether a source's protections meet it, and how to say what a source has. */
interface Requirement {
  check: string;
  wanted: string;
  met: (protections: Protections) => boolean;
  /** What a source offers towards it, for the "found" text (undefined: nothing; a flag needs no words). */
  offered?: (protections: Protections) => string | undefined;
}

function requirements(policy: BranchProtectionPolicy): Requirement[] {
  const wanted: Requirement[] = [];
  const flag = (on: boolean, check: string, wantedText: string, met: (p: Protections) => boolean | undefined) => {
    if (on) wanted.push({ check, wanted: wantedText, met: (p) => met(p) === true });
  };
  const approvals = policy.requiredApprovals;
  if (approvals !== undefined && approvals > 0) {
    wanted.push({
      check: 'required approvals',
      wanted: `at least ${plural(approvals, 'approving review')}`,
      met: (p) => (p.approvals ?? 0) >= approvals,
      offered: (p) => (p.approvals !== undefined ? plural(p.approvals, 'approving review') : undefined),
    });
  }
  flag(policy.dismissStaleReviews, 'dismiss stale reviews', 'new commits dismiss earlier approvals', (p) => p.dismissStaleReviews);
  flag(policy.codeOwnerReview, 'code owner review', 'a code owner approves changes to owned files', (p) => p.codeOwnerReview);
  flag(policy.lastPushApproval, 'last-push approval', 'the last push is approved by someone else', (p) => p.lastPushApproval);
  for (const name of policy.requiredStatusChecks) {
    wanted.push({ check: `required status check "${name}"`, wanted: `"${name}" must pass before merging`, met: (p) => p.statusChecks.includes(name), offered: (p) => (p.statusChecks.length > 0 ? `requires ${p.statusChecks.map((c) => `"${c}"`).join(', ')}` : undefined) });
  }
  flag(policy.strictStatusChecks, 'up-to-date branches', 'branches are up to date before merging', (p) => p.strictStatusChecks);
  flag(policy.blockForcePushes, 'no force pushes', 'force pushes are blocked', (p) => p.blockForcePushes);
  flag(policy.blockDeletions, 'no deletion', 'the branch cannot be deleted', (p) => p.blockDeletions);
  flag(policy.linearHistory, 'linear history', 'merge commits are not allowed', (p) => p.linearHistory);
  flag(policy.signedCommits, 'signed commits', 'commits are signed', (p) => p.signedCommits);
  flag(policy.conversationResolution, 'conversation resolution', 'review conversations are resolved before merging', (p) => p.conversationResolution);
  return wanted;
}

export const branchProtectionRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const wanted = policy.branchProtection;
    if (!wanted) return [];
    const list = requirements(wanted);
    return settings.branches.flatMap((branch) => {
      const protection = branchProtection(branch, settings.rulesets);
      const results = list.map((requirement) => judge(settings, branch, protection.sources, protection.unreadable, requirement));
      if (wanted.enforceAdmins) results.push(judgeBypass(settings, branch, protection.sources, protection.unreadable));
      return results;
    });
  },
};

function judge(settings: RepositorySettings, branch: BranchSettings, sources: readonly ProtectionSource[], unreadable: readonly string[], requirement: Requirement): SettingsResult {
  const base = { rule: RULE, check: `${branch.name}: ${requirement.check}`, wanted: requirement.wanted } as const;
  const meeting = sources.filter((source) => requirement.met(source.protections));
  if (meeting.length > 0) return { ...base, verdict: 'pass', found: meeting.map((source) => `${requirement.offered?.(source.protections) ?? 'met'} via ${source.label}`).join('; ') };
  const fix = `Add it to a ruleset that targets ${branch.name} (or to its classic branch protection).`;
  const link = `${settings.repository.htmlUrl}/settings/rules`;
  if (unreadable.length > 0) return { ...base, verdict: 'not-verifiable', found: `no source the app could read meets it; ${unreadable.join('; ')}`, fix: 'Give the app administration: read so it can read every source of protection.', link };
  return { ...base, verdict: 'fail', found: foundText(branch, sources, requirement), fix, link };
}

function foundText(branch: BranchSettings, sources: readonly ProtectionSource[], requirement: Requirement): string {
  if (sources.length === 0) return `${branch.name} has no classic protection and no active ruleset`;
  const offers = sources.flatMap((source) => {
    const offered = requirement.offered?.(source.protections);
    return offered ? [`${offered} via ${source.label}`] : [];
  });
  return offers.length > 0 ? offers.join('; ') : `not required by ${sources.map((source) => source.label).join(' or ')}`;
}

/** Enforce for administrators / no bypass: every source that protects the branch applies to everyone. */
function judgeBypass(settings: RepositorySettings, branch: BranchSettings, sources: readonly ProtectionSource[], unreadable: readonly string[]): SettingsResult {
  const base = { rule: RULE, check: `${branch.name}: no bypass`, wanted: 'the protection applies to administrators too, with no bypass list' } as const;
  const link = `${settings.repository.htmlUrl}/settings/rules`;
  if (sources.length === 0 && unreadable.length === 0) return { ...base, verdict: 'fail', found: `${branch.name} has no classic protection and no active ruleset`, link };
  const bypassed = sources.flatMap((source) => (source.bypass.known && source.bypass.value.length > 0 ? [`${source.label}: ${source.bypass.value.join(', ')}`] : []));
  if (bypassed.length > 0) return { ...base, verdict: 'fail', found: `can be bypassed: ${bypassed.join('; ')}`, fix: 'Turn on "Do not allow bypassing the above settings" in classic protection, and empty the bypass list of each ruleset.', link };
  const unknownBypass = sources.flatMap((source) => (source.bypass.known ? [] : [`${source.label}: ${source.bypass.reason}`]));
  const missing = [...unknownBypass, ...unreadable];
  if (missing.length > 0) return { ...base, verdict: 'not-verifiable', found: missing.join('; '), fix: 'Give the app administration: read so it can read the bypass lists.', link };
  return { ...base, verdict: 'pass', found: `nobody may bypass ${sources.map((source) => source.label).join(' or ')}` };
}
