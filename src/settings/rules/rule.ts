/**
 * The one interface every settings rule implements (one file per rule, listed in index.ts): a
 * pure function over the repository's settings snapshot and the policy's `repository:`
 * requirements, returning one result per requirement it checked. A rule with nothing to check
 * (the policy asks nothing of it) returns no result.
 */
import type { RepositoryPolicy } from '../../policy/repository.js';
import type { RepositorySettings } from '../snapshot.js';

/** `not-verifiable`: the data could not be read (a permission, the plan); never a pass, never a fail. */
export type Verdict = 'pass' | 'fail' | 'not-verifiable';

export type SettingsRuleId = 'settings/branch-protection' | 'settings/required-files' | 'settings/license' | 'settings/security' | 'settings/merge' | 'settings/hygiene';

export interface SettingsResult {
  rule: SettingsRuleId;
  /** What was checked, as a short phrase (`main: required approvals`). */
  check: string;
  verdict: Verdict;
  /** What the audit found, and where it came from (`2 approvals via ruleset "protect main" (org)`); for not-verifiable, why. */
  found: string;
  /** What the policy asks for (`at least 1 approval`). */
  wanted: string;
  /** How to fix it (fail and not-verifiable only). */
  fix?: string;
  /** The settings page where it is fixed. */
  link?: string;
}

export interface SettingsRule {
  readonly id: SettingsRuleId;
  check(settings: RepositorySettings, policy: RepositoryPolicy): SettingsResult[];
}
