/**
 * Classic branch protection and rulesets, normalised: each source that protects a branch (classic
 * protection, each active repository or organization ruleset) as the same `Protections` record,
 * so a requirement is judged once against all of them and the strictest source wins. Several
 * rules of one type (one per ruleset) stay separate sources: the output says which one satisfied
 * a requirement. Pure.
 */
import type { BranchSettings, ClassicProtection, EffectiveRule, Known, Ruleset } from './snapshot.js';
import { known, notKnown } from './snapshot.js';

export interface Protections {
  approvals?: number;
  dismissStaleReviews?: true;
  codeOwnerReview?: true;
  lastPushApproval?: true;
  statusChecks: string[];
  strictStatusChecks?: true;
  blockForcePushes?: true;
  blockDeletions?: true;
  linearHistory?: true;
  signedCommits?: true;
  conversationResolution?: true;
}

export interface ProtectionSource {
  /** `classic branch protection`, `ruleset "protect main" (org)`. */
  label: string;
  protections: Protections;
  /** Who may bypass it (empty: nobody); unknown when the bypass list can't be read. */
  bypass: Known<string[]>;
}

export interface BranchProtection {
  sources: ProtectionSource[];
  /** Why a kind of source could not be read (classic protection or the rules): a requirement no known source meets is then not verifiable. */
  unreadable: string[];
}

export function branchProtection(branch: BranchSettings, rulesets: ReadonlyMap<number, Known<Ruleset>>): BranchProtection {
  const sources: ProtectionSource[] = [];
  const unreadable: string[] = [];
  if (!branch.classic.known) unreadable.push(`classic branch protection: ${branch.classic.reason}`);
  else if (branch.classic.value) sources.push(classicSource(branch.classic.value));
  if (!branch.rules.known) unreadable.push(`rulesets: ${branch.rules.reason}`);
  else sources.push(...rulesetSources(branch.rules.value, rulesets));
  return { sources, unreadable };
}

function classicSource(classic: ClassicProtection): ProtectionSource {
  const protections: Protections = { statusChecks: [] };
  const reviews = classic.required_pull_request_reviews;
  if (reviews) {
    protections.approvals = reviews.required_approving_review_count ?? 0;
    if (reviews.dismiss_stale_reviews) protections.dismissStaleReviews = true;
    if (reviews.require_code_owner_reviews) protections.codeOwnerReview = true;
    if (reviews.require_last_push_approval) protections.lastPushApproval = true;
  }
  const checks = classic.required_status_checks;
  if (checks) {
    protections.statusChecks = [...new Set([...(checks.contexts ?? []), ...(checks.checks ?? []).map((check) => check.context)])];
    if (checks.strict) protections.strictStatusChecks = true;
  }
  // Classic protection allows neither unless it says so.
  if (classic.allow_force_pushes?.enabled !== true) protections.blockForcePushes = true;
  if (classic.allow_deletions?.enabled !== true) protections.blockDeletions = true;
  if (classic.required_linear_history?.enabled) protections.linearHistory = true;
  if (classic.required_signatures?.enabled) protections.signedCommits = true;
  if (classic.required_conversation_resolution?.enabled) protections.conversationResolution = true;
  return { label: 'classic branch protection', protections, bypass: known(classicBypass(classic)) };
}

function classicBypass(classic: ClassicProtection): string[] {
  const bypass = classic.enforce_admins?.enabled === true ? [] : ['repository administrators'];
  const allowances = classic.required_pull_request_reviews?.bypass_pull_request_allowances;
  for (const user of allowances?.users ?? []) bypass.push(`user ${user.login} (pull request rules)`);
  for (const team of allowances?.teams ?? []) bypass.push(`team ${team.slug} (pull request rules)`);
  for (const app of allowances?.apps ?? []) if (app) bypass.push(`app ${app.slug ?? app.name} (pull request rules)`);
  return bypass;
}

/** One source per ruleset; rules of rulesets known not to be active (evaluate, disabled) are left out. */
function rulesetSources(rules: readonly EffectiveRule[], rulesets: ReadonlyMap<number, Known<Ruleset>>): ProtectionSource[] {
  const byRuleset = new Map<number, ProtectionSource>();
  for (const rule of rules) {
    const id = rule.ruleset_id ?? 0; // GitHub always names the ruleset; 0 groups any rule that comes without
    const details = rulesets.get(id);
    if (details?.known && details.value.enforcement !== 'active') continue;
    let source = byRuleset.get(id);
    if (!source) {
      source = { label: rulesetLabel(rule, details), protections: { statusChecks: [] }, bypass: bypassOf(details) };
      byRuleset.set(id, source);
    }
    addRule(source.protections, rule);
  }
  return [...byRuleset.values()];
}

function rulesetLabel(rule: EffectiveRule, details: Known<Ruleset> | undefined): string {
  const level = rule.ruleset_source_type === 'Organization' ? 'org' : 'repository';
  const name = details?.known ? `"${details.value.name}"` : `${rule.ruleset_id ?? '(unnamed)'}`;
  return `ruleset ${name} (${level})`;
}

function bypassOf(details: Known<Ruleset> | undefined): Known<string[]> {
  if (!details) return notKnown('the ruleset was not read');
  if (!details.known) return notKnown(details.reason);
  const actors = details.value.bypass_actors;
  if (actors === undefined) return notKnown('GitHub did not show this ruleset\'s bypass list to the app (it needs administration: read)');
  return known(actors.map((actor) => `${actor.actor_type}${actor.actor_id ? ` ${actor.actor_id}` : ''}${actor.bypass_mode && actor.bypass_mode !== 'always' ? ` (${actor.bypass_mode})` : ''}`));
}

function addRule(protections: Protections, rule: EffectiveRule): void {
  switch (rule.type) {
    case 'pull_request': {
      const parameters = rule.parameters;
      protections.approvals = Math.max(protections.approvals ?? 0, parameters?.required_approving_review_count ?? 0);
      if (parameters?.dismiss_stale_reviews_on_push) protections.dismissStaleReviews = true;
      if (parameters?.require_code_owner_review) protections.codeOwnerReview = true;
      if (parameters?.require_last_push_approval) protections.lastPushApproval = true;
      if (parameters?.required_review_thread_resolution) protections.conversationResolution = true;
      return;
    }
    case 'required_status_checks':
      for (const check of rule.parameters?.required_status_checks ?? []) if (!protections.statusChecks.includes(check.context)) protections.statusChecks.push(check.context);
      if (rule.parameters?.strict_required_status_checks_policy) protections.strictStatusChecks = true;
      return;
    case 'non_fast_forward':
      protections.blockForcePushes = true;
      return;
    case 'deletion':
      protections.blockDeletions = true;
      return;
    case 'required_linear_history':
      protections.linearHistory = true;
      return;
    case 'required_signatures':
      protections.signedCommits = true;
      return;
    default:
      return; // rules the policy has no requirement for (creation, update, name patterns...)
  }
}
