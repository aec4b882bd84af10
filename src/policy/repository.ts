/**
 * `repository:` of the policy as the settings audit reads it: the merged, validated mapping
 * (definition.ts checked every key and type) turned into typed requirements. A requirement that
 * is absent requires nothing: `dismiss-stale-reviews: false` and no key are the same, and
 * `allow-force-pushes: false` is what asks for force pushes to be blocked. Pure.
 */
import type { RepositorySection } from './definition.js';

export interface ScopePolicy {
  visibility: 'all' | 'public' | 'private';
  /** Name globs (`api-*`); empty = every repository. */
  include: string[];
  exclude: string[];
  /** Audit archived repositories / forks too (default: skipped). */
  archived: boolean;
  forks: boolean;
  /** Custom properties a repository must have (every one), e.g. `{ name: 'tier', value: 'production' }`. */
  properties: { name: string; value: string }[];
}

export interface BranchProtectionPolicy {
  /** Globs of branches checked besides the default branch. */
  branches: string[];
  requiredApprovals?: number;
  dismissStaleReviews: boolean;
  codeOwnerReview: boolean;
  lastPushApproval: boolean;
  requiredStatusChecks: string[];
  strictStatusChecks: boolean;
  blockForcePushes: boolean;
  blockDeletions: boolean;
  linearHistory: boolean;
  signedCommits: boolean;
  conversationResolution: boolean;
  enforceAdmins: boolean;
}

export interface SecurityPolicy {
  vulnerabilityAlerts: boolean;
  securityUpdates: boolean;
  secretScanning: boolean;
  pushProtection: boolean;
  privateVulnerabilityReporting: boolean;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface RepositoryPolicy {
  /** One tracking issue per repository. */
  issues: boolean;
  scope: ScopePolicy;
  branchProtection?: BranchProtectionPolicy;
  requiredFiles: string[];
  /** SPDX ids, categories expanded. */
  license?: { allow?: string[]; deny?: string[] };
  security?: SecurityPolicy;
  merge?: { deleteBranchOnMerge: boolean; allowedMethods?: MergeMethod[] };
  hygiene?: { wikiOff: boolean; projectsOff: boolean; noOutsideAdmins: boolean; defaultBranch?: string };
}

type Section<K extends keyof RepositorySection> = NonNullable<RepositorySection[K]>;

/** The typed requirements of a merged `repository:` mapping; `expand` turns license categories into SPDX ids. */
export function repositoryPolicy(section: RepositorySection | undefined, expand: (entries: readonly string[]) => string[]): RepositoryPolicy {
  const given = section ?? {};
  const policy: RepositoryPolicy = { issues: given.issues === true, scope: scopeOf(given.scope ?? {}), requiredFiles: given['required-files'] ?? [] };
  if (given['branch-protection']) policy.branchProtection = branchProtectionOf(given['branch-protection']);
  const license = given.license;
  if (license) {
    policy.license = {};
    if (license.allow) policy.license.allow = expand(license.allow);
    if (license.deny) policy.license.deny = expand(license.deny);
  }
  const security = given.security;
  if (security) {
    policy.security = {
      vulnerabilityAlerts: security['vulnerability-alerts'] === true,
      securityUpdates: security['security-updates'] === true,
      secretScanning: security['secret-scanning'] === true,
      pushProtection: security['push-protection'] === true,
      privateVulnerabilityReporting: security['private-vulnerability-reporting'] === true,
    };
  }
  const merge = given.merge;
  if (merge) policy.merge = { deleteBranchOnMerge: merge['delete-branch-on-merge'] === true, ...(merge['allowed-methods'] ? { allowedMethods: merge['allowed-methods'] } : {}) };
  const hygiene = given.hygiene;
  if (hygiene) {
    policy.hygiene = { wikiOff: hygiene.wiki === false, projectsOff: hygiene.projects === false, noOutsideAdmins: hygiene['outside-admins'] === false };
    if (hygiene['default-branch'] !== undefined) policy.hygiene.defaultBranch = hygiene['default-branch'];
  }
  return policy;
}

function scopeOf(scope: Section<'scope'>): ScopePolicy {
  const properties = (scope.properties ?? []).map(({ name, value }) => ({ name, value }));
  return { visibility: scope.visibility ?? 'all', include: scope.include ?? [], exclude: scope.exclude ?? [], archived: scope.archived === true, forks: scope.forks === true, properties };
}

function branchProtectionOf(section: Section<'branch-protection'>): BranchProtectionPolicy {
  const approvals = section['required-approvals'];
  return {
    branches: section.branches ?? [],
    ...(approvals !== undefined ? { requiredApprovals: approvals } : {}),
    dismissStaleReviews: section['dismiss-stale-reviews'] === true,
    codeOwnerReview: section['code-owner-review'] === true,
    lastPushApproval: section['last-push-approval'] === true,
    requiredStatusChecks: section['required-status-checks'] ?? [],
    strictStatusChecks: section['strict-status-checks'] === true,
    blockForcePushes: section['allow-force-pushes'] === false,
    blockDeletions: section['allow-deletions'] === false,
    linearHistory: section['linear-history'] === true,
    signedCommits: section['signed-commits'] === true,
    conversationResolution: section['conversation-resolution'] === true,
    enforceAdmins: section['enforce-admins'] === true,
  };
}

/** True when the policy asks the audit for anything at all (else no settings check run is made). */
export function auditsAnything(policy: RepositoryPolicy): boolean {
  return policy.branchProtection !== undefined || policy.requiredFiles.length > 0 || policy.license !== undefined || policy.security !== undefined || policy.merge !== undefined || policy.hygiene !== undefined;
}
