/**
 * `repository:` of the policy as the settings audit reads it: the merged, validated mapping
 * (definition.ts checked every key and type) turned into typed requirements. A requirement that
 * is absent requires nothing: `dismiss-stale-reviews: false` and no key are the same, and
 * `allow-force-pushes: false` is what asks for force pushes to be blocked. Pure.
 */

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

type Data = Record<string, unknown>;

const section = (data: Data, key: string): Data | undefined => {
  const value = data[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const isTrue = (value: unknown) => value === true;
const isFalse = (value: unknown) => value === false;

/** The typed requirements of a merged `repository:` mapping; `expand` turns license categories into SPDX ids. */
export function repositoryPolicy(data: Data | undefined, expand: (entries: unknown[]) => string[]): RepositoryPolicy {
  const given = data ?? {};
  const policy: RepositoryPolicy = { issues: isTrue(given.issues), scope: scopeOf(section(given, 'scope') ?? {}), requiredFiles: strings(given['required-files']) };
  const protection = section(given, 'branch-protection');
  if (protection) policy.branchProtection = branchProtectionOf(protection);
  const license = section(given, 'license');
  if (license) {
    policy.license = {};
    if (Array.isArray(license.allow)) policy.license.allow = expand(license.allow);
    if (Array.isArray(license.deny)) policy.license.deny = expand(license.deny);
  }
  const security = section(given, 'security');
  if (security) {
    policy.security = {
      vulnerabilityAlerts: isTrue(security['vulnerability-alerts']),
      securityUpdates: isTrue(security['security-updates']),
      secretScanning: isTrue(security['secret-scanning']),
      pushProtection: isTrue(security['push-protection']),
      privateVulnerabilityReporting: isTrue(security['private-vulnerability-reporting']),
    };
  }
  const merge = section(given, 'merge');
  if (merge) policy.merge = { deleteBranchOnMerge: isTrue(merge['delete-branch-on-merge']), ...(Array.isArray(merge['allowed-methods']) ? { allowedMethods: strings(merge['allowed-methods']) as MergeMethod[] } : {}) };
  const hygiene = section(given, 'hygiene');
  if (hygiene) {
    policy.hygiene = { wikiOff: isFalse(hygiene.wiki), projectsOff: isFalse(hygiene.projects), noOutsideAdmins: isFalse(hygiene['outside-admins']) };
    if (typeof hygiene['default-branch'] === 'string') policy.hygiene.defaultBranch = hygiene['default-branch'];
  }
  return policy;
}

function scopeOf(scope: Data): ScopePolicy {
  const visibility = scope.visibility === 'public' || scope.visibility === 'private' ? scope.visibility : 'all';
  const properties = Array.isArray(scope.properties) ? (scope.properties as Data[]).map((entry) => ({ name: String(entry.name), value: String(entry.value) })) : [];
  return { visibility, include: strings(scope.include), exclude: strings(scope.exclude), archived: isTrue(scope.archived), forks: isTrue(scope.forks), properties };
}

function branchProtectionOf(data: Data): BranchProtectionPolicy {
  const approvals = data['required-approvals'];
  return {
    branches: strings(data.branches),
    ...(typeof approvals === 'number' ? { requiredApprovals: approvals } : {}),
    dismissStaleReviews: isTrue(data['dismiss-stale-reviews']),
    codeOwnerReview: isTrue(data['code-owner-review']),
    lastPushApproval: isTrue(data['last-push-approval']),
    requiredStatusChecks: strings(data['required-status-checks']),
    strictStatusChecks: isTrue(data['strict-status-checks']),
    blockForcePushes: isFalse(data['allow-force-pushes']),
    blockDeletions: isFalse(data['allow-deletions']),
    linearHistory: isTrue(data['linear-history']),
    signedCommits: isTrue(data['signed-commits']),
    conversationResolution: isTrue(data['conversation-resolution']),
    enforceAdmins: isTrue(data['enforce-admins']),
  };
}

/** True when the policy asks the audit for anything at all (else no settings check run is made). */
export function auditsAnything(policy: RepositoryPolicy): boolean {
  return policy.branchProtection !== undefined || policy.requiredFiles.length > 0 || policy.license !== undefined || policy.security !== undefined || policy.merge !== undefined || policy.hygiene !== undefined;
}
