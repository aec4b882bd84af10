/**
 * One repository's settings as the audit sees them: gathered once per audit by an adapter
 * (src/github/settings.ts, from GitHub's REST API), then judged by pure rules (rules/). Every
 * piece that GitHub may refuse or leave out is `Known<T>`: a value, or why there is none (a
 * permission missing, a plan without the feature), so a rule can say "not verifiable, because..."
 * instead of reading an absent field as "disabled". Shapes are GitHub's own
 * (@octokit/openapi-types), narrowed to the fields the rules read.
 */
import type { components } from '@octokit/openapi-types';

export type Known<T> = { known: true; value: T } | { known: false; reason: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const notKnown = <T = never>(reason: string): Known<T> => ({ known: false, reason });

export type ClassicProtection = components['schemas']['branch-protection'];
export type EffectiveRule = components['schemas']['repository-rule-detailed'];
export type Ruleset = Pick<components['schemas']['repository-ruleset'], 'id' | 'name' | 'enforcement' | 'source_type' | 'source' | 'bypass_actors'>;

export interface BranchSettings {
  name: string;
  /** Classic branch protection; `null` when the branch has none (GitHub's 404). */
  classic: Known<ClassicProtection | null>;
  /** The rules in force on the branch, from repository and organization rulesets (`GET …/rules/branches/{b}`). */
  rules: Known<readonly EffectiveRule[]>;
}

/** A file GitHub looks at for a community-health or ownership file, with its size (0 = empty). */
export interface PresentFile {
  path: string;
  size: number;
}

export interface RepositoryFacts {
  owner: string;
  name: string;
  /** `https://github.com/owner/name` (settings links are built from it). */
  htmlUrl: string;
  defaultBranch: string;
  visibility: 'public' | 'private' | 'internal';
  archived: boolean;
  fork: boolean;
  /** `custom_properties` of the repository, when GitHub returned them. */
  customProperties: Readonly<Record<string, string | readonly string[] | null>>;
}

export interface RepositorySettings {
  repository: RepositoryFacts;
  /** The default branch and each branch the policy names that exists. */
  branches: readonly BranchSettings[];
  /** Rulesets that give rules to the branches, by id (their enforcement and bypass list). */
  rulesets: ReadonlyMap<number, Known<Ruleset>>;
  /** Files at the places GitHub looks: the root, `.github/` and `docs/` (path -> size). */
  files: Known<ReadonlyMap<string, PresentFile>>;
  /** The same places in the organization's public `.github` repository (its community-health defaults); known-empty when it has none. */
  orgDefaults: Known<ReadonlyMap<string, PresentFile>>;
  codeownersErrors: Known<readonly components['schemas']['codeowners-errors']['errors'][number][]>;
  /** The license GitHub detected (`spdx_id`, `NOASSERTION` when it could not tell); `null` when it found none. */
  license: Known<{ spdxId: string; name: string; path?: string } | null>;
  vulnerabilityAlerts: Known<boolean>;
  privateVulnerabilityReporting: Known<boolean>;
  /** `security_and_analysis`, absent unless the app may read the administration settings. */
  securityAndAnalysis: Known<NonNullable<components['schemas']['full-repository']['security_and_analysis']>>;
  merge: Known<{ deleteBranchOnMerge: boolean; allowMergeCommit: boolean; allowSquashMerge: boolean; allowRebaseMerge: boolean }>;
  features: { hasWiki: boolean; hasProjects: boolean };
  /** Outside collaborators with admin permission (logins). */
  outsideAdmins: Known<readonly string[]>;
}
