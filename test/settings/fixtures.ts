/**
 * Settings snapshots for the rule tests, built from GitHub's response shapes (the types are
 * @octokit/openapi-types', so a fixture that drifts from GitHub's shape does not compile). The
 * bodies follow the examples of GitHub's REST reference: `GET …/branches/{b}/protection`,
 * `GET …/rules/branches/{b}`, `GET …/rulesets/{id}`.
 */
import { loadPolicy } from '../../src/policy/load.js';
import type { RepositoryPolicy } from '../../src/policy/repository.js';
import type { BranchSettings, ClassicProtection, EffectiveRule, Known, RepositorySettings, Ruleset } from '../../src/settings/snapshot.js';
import { known, notKnown } from '../../src/settings/snapshot.js';

export const URL = 'https://github.com/acme/app';

/** The repository layer of a policy file (YAML text under `repository:`), loaded as the app loads it. */
export function repositoryPolicyOf(yaml: string): RepositoryPolicy {
  const loaded = loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text: yaml } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy.repository;
}

/** Classic protection as GitHub returns it for a branch protected with `overrides`. */
export function classic(overrides: Partial<ClassicProtection> = {}): ClassicProtection {
  return {
    url: `https://api.github.com/repos/acme/app/branches/main/protection`,
    required_status_checks: { url: 'x', strict: false, contexts: [], contexts_url: 'x', checks: [] },
    enforce_admins: { url: 'x', enabled: false },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    required_conversation_resolution: { enabled: false },
    ...overrides,
  };
}

export const reviews = (count: number, extra: Record<string, boolean> = {}): ClassicProtection['required_pull_request_reviews'] => ({
  url: 'x',
  dismiss_stale_reviews: false,
  require_code_owner_reviews: false,
  require_last_push_approval: false,
  required_approving_review_count: count,
  ...extra,
});

type RuleInfo = { ruleset_id: number; source: 'Repository' | 'Organization' };
const info = ({ ruleset_id, source }: RuleInfo) => ({ ruleset_id, ruleset_source_type: source, ruleset_source: source === 'Organization' ? 'acme' : 'acme/app' });

export function pullRequestRule(on: RuleInfo, count: number, extra: Partial<Record<'dismiss_stale_reviews_on_push' | 'require_code_owner_review' | 'require_last_push_approval' | 'required_review_thread_resolution', boolean>> = {}): EffectiveRule {
  return {
    type: 'pull_request',
    parameters: { required_approving_review_count: count, dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: false, required_review_thread_resolution: false, ...extra },
    ...info(on),
  } as EffectiveRule;
}

export function statusChecksRule(on: RuleInfo, contexts: string[], strict = false): EffectiveRule {
  return { type: 'required_status_checks', parameters: { strict_required_status_checks_policy: strict, required_status_checks: contexts.map((context) => ({ context })) }, ...info(on) } as EffectiveRule;
}

export const simpleRule = (on: RuleInfo, type: 'non_fast_forward' | 'deletion' | 'required_linear_history' | 'required_signatures' | 'creation'): EffectiveRule => ({ type, ...info(on) }) as EffectiveRule;

export function ruleset(id: number, name: string, overrides: Partial<Ruleset> = {}): [number, Known<Ruleset>] {
  return [id, known({ id, name, enforcement: 'active', source_type: 'Repository', source: 'acme/app', bypass_actors: [], ...overrides })];
}

export function branch(name: string, protection: Known<ClassicProtection | null>, rules: Known<readonly EffectiveRule[]>): BranchSettings {
  return { name, classic: protection, rules };
}

/** A public repository with nothing set, every piece readable; `overrides` replaces whole pieces. */
export function settingsOf(overrides: Partial<RepositorySettings> = {}): RepositorySettings {
  return {
    repository: { owner: 'acme', name: 'app', htmlUrl: URL, defaultBranch: 'main', visibility: 'public', archived: false, fork: false, customProperties: {} },
    branches: [branch('main', known(null), known([]))],
    rulesets: new Map(),
    files: known(new Map()),
    orgDefaults: known(new Map()),
    codeownersErrors: notKnown('no CODEOWNERS file'),
    license: known(null),
    vulnerabilityAlerts: known(false),
    privateVulnerabilityReporting: known(false),
    securityAndAnalysis: known({}),
    merge: known({ deleteBranchOnMerge: false, allowMergeCommit: true, allowSquashMerge: true, allowRebaseMerge: true }),
    features: { hasWiki: true, hasProjects: true },
    outsideAdmins: known([]),
    ...overrides,
  };
}

export const files = (...entries: [string, number][]) => known(new Map(entries.map(([path, size]) => [path, { path, size }])));
