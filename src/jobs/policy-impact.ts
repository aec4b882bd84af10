/**
 * The impact of a policy change: the default branch of each repository it governs (up to a limit,
 * a few at a time) judged under the current and the proposed policy, its tree listed and read
 * once and judged twice (evaluateUnderPolicies), and the verdicts compared (verdictChanges). What
 * could not be evaluated is an entry saying why, never a repository left out.
 */
import { evaluateUnderPolicies } from '../evaluation/pipeline.js';
import type { Report } from '../evaluation/report.js';
import type { Snapshot } from '../evaluation/snapshot.js';
import { fetchPolicyFile, isOrgPolicyRepo, type PolicySources } from '../github/files.js';
import { describeError, errorLine, statusOf, type GitHub, type RepoRef } from '../github/octokit.js';
import { githubPolicyReader } from '../github/policy-reader.js';
import { installationRepositories } from '../github/repositories.js';
import { wholeTreeAt } from '../github/snapshot.js';
import type { FactCache } from '../metadata/cache.js';
import type { FactSource } from '../metadata/types.js';
import { resolveExtends } from '../policy/chain.js';
import { POLICY_FILE } from '../policy/definition.js';
import { loadPolicy, policyProblems, type PolicySource } from '../policy/load.js';
import type { Policy, PolicyError } from '../policy/types.js';
import type { PolicyImpact, RepositoryImpact } from '../report/policy-impact.js';
import { verdictChanged, verdictChanges, type VerdictChanges } from '../report/verdict-changes.js';
import { mapConcurrently } from '../deps/arrays.js';
import { wholeNumber } from './queue-config.js';

export interface ImpactDeps {
  sourcesFor(github: GitHub): readonly FactSource[];
  cache: FactCache;
  today(): string;
  /** The most repositories one preview evaluates (OSPO_IMPACT_REPOSITORIES). */
  impactRepositories: number;
  /** Repositories evaluated at once (OSPO_IMPACT_CONCURRENCY). */
  impactConcurrency: number;
}

/** The bounds of the preview (a pull request that changes a policy) and of the re-evaluation after its merge. */
export interface ImpactLimits {
  impactRepositories: number;
  impactConcurrency: number;
  /** Open pull requests looked at per repository after a merge (OSPO_IMPACT_PULLS_PER_REPOSITORY). */
  impactPullsPerRepository: number;
  /** Open pull requests looked at in all after a merge (OSPO_IMPACT_PULLS). */
  impactPulls: number;
}

const LIMIT_VARIABLES: Record<keyof ImpactLimits, [variable: string, fallback: number]> = {
  impactRepositories: ['OSPO_IMPACT_REPOSITORIES', 50],
  impactConcurrency: ['OSPO_IMPACT_CONCURRENCY', 4],
  impactPullsPerRepository: ['OSPO_IMPACT_PULLS_PER_REPOSITORY', 20],
  impactPulls: ['OSPO_IMPACT_PULLS', 100],
};

/** The limits from the environment; a value that is not a whole number (0 or more; concurrency 1 or more) stops the app at start. */
export function impactLimitsFromEnv(env: NodeJS.ProcessEnv): ImpactLimits {
  const limits = {} as ImpactLimits;
  for (const [key, [variable, fallback]] of Object.entries(LIMIT_VARIABLES) as [keyof ImpactLimits, [string, number]][]) {
    limits[key] = wholeNumber(env, variable, fallback, key === 'impactConcurrency' ? 1 : 0);
  }
  return limits;
}

/** A repository's tree to judge: `ref` is its default branch (or the commit the policy was read at). */
export interface ImpactTarget {
  repo: RepoRef;
  ref: string;
}

/** A repository's current and proposed policy, or why they can't be compared. */
export type PolicyPair = { before: Policy; after: Policy } | { breaks: PolicyError[] } | { unreadable: string };

/** One policy from layers: its problems (a locked key loosened too) make it unusable here. */
function loadedOrErrors(layers: PolicySources): { policy: Policy } | { errors: PolicyError[] } {
  const loaded = loadPolicy(layers);
  const problems = policyProblems(loaded);
  return loaded.ok && problems.length === 0 ? { policy: loaded.policy } : { errors: problems };
}

/** Compares the policies two sets of layers load to. */
export function policyPair(before: PolicySources, after: PolicySources): PolicyPair {
  const current = loadedOrErrors(before);
  if ('errors' in current) return { unreadable: `its current policy does not load (${current.errors[0]?.message ?? 'invalid'}), so there is nothing to compare with` };
  const proposed = loadedOrErrors(after);
  return 'errors' in proposed ? { breaks: proposed.errors } : { before: current.policy, after: proposed.policy };
}

/**
 * A change of the organization's policy (its `.github` repository): every repository of the
 * installation, up to the limit, with its own policy file over the current and the proposed org layer.
 */
export async function previewOrgPolicy(github: GitHub, owner: string, layers: { current?: PolicySource; proposed: PolicySource }, deps: ImpactDeps): Promise<PolicyImpact> {
  if (deps.impactRepositories === 0) return { repositories: [], failure: 'the preview is off (OSPO_IMPACT_REPOSITORIES=0)' };
  let listed;
  try {
    listed = await installationRepositories(github, owner, deps.impactRepositories);
  } catch (error) {
    return { repositories: [], failure: `the installation's repositories could not be listed: ${describeError(error)}` };
  }
  const targets = listed.repositories.map(({ repo, defaultBranch }) => ({ repo, ref: defaultBranch }));
  const pairFor = async (target: ImpactTarget): Promise<PolicyPair> => {
    const own = isOrgPolicyRepo(target.repo) ? undefined : await ownPolicy(github, target);
    if (own && 'unreadable' in own) return own;
    const withOrg = (org: PolicySource | undefined): PolicySources => ({ ...(org ? { org } : {}), ...(own ? { repo: own.source } : {}) });
    return policyPair(withOrg(layers.current), withOrg(layers.proposed));
  };
  const repositories = await judgeTargets(github, targets, pairFor, deps);
  return { repositories, available: Math.max(listed.total, repositories.length), limit: deps.impactRepositories };
}

/** A change of one repository's own policy file: that repository alone, at the commit its policy was read. */
export async function previewRepositoryPolicy(github: GitHub, target: ImpactTarget, layers: { current: PolicySources; proposed: PolicySources }, deps: ImpactDeps): Promise<PolicyImpact> {
  return { repositories: await judgeTargets(github, [target], async () => policyPair(layers.current, layers.proposed), deps) };
}

/** A repository's own policy file at its default branch, its `extends` followed; undefined when it has none. */
async function ownPolicy(github: GitHub, target: ImpactTarget): Promise<{ source: PolicySource } | { unreadable: string } | undefined> {
  const read = await fetchPolicyFile(github, target.repo, POLICY_FILE, target.ref);
  if (read === undefined) return undefined;
  if (!('text' in read)) return { unreadable: `its policy file could not be read: ${read.unreadable}` };
  return { source: await resolveExtends({ path: POLICY_FILE, text: read.text }, githubPolicyReader(github)) };
}

/** Each target judged under its pair of policies, a few at a time; after a rate limit, the rest are not asked. */
export async function judgeTargets(github: GitHub, targets: readonly ImpactTarget[], pairFor: (target: ImpactTarget) => Promise<PolicyPair>, deps: ImpactDeps): Promise<RepositoryImpact[]> {
  const sources = deps.sourcesFor(github);
  let stopped: string | undefined;
  return mapConcurrently(targets, Math.max(1, deps.impactConcurrency), async (target): Promise<RepositoryImpact> => {
    const named = { repository: `${target.repo.owner}/${target.repo.repo}`, ref: target.ref };
    if (stopped !== undefined) return { ...named, outcome: 'not-evaluated', reason: `not attempted: ${stopped}` };
    try {
      const pair = await pairFor(target);
      if ('unreadable' in pair) return { ...named, outcome: 'not-evaluated', reason: pair.unreadable };
      if ('breaks' in pair) return { ...named, outcome: 'breaks', errors: pair.breaks };
      return await judgeTwice(github, target, pair, sources, deps);
    } catch (error) {
      if (rateLimited(error)) stopped = `GitHub's rate limit was reached (${errorLine(error).slice(0, 120)})`;
      return { ...named, outcome: 'not-evaluated', reason: describeError(error) };
    }
  });
}

/** The whole tree at `ref` (an empty base: every dependency counts as added), judged under both policies. */
async function judgeTwice(github: GitHub, target: ImpactTarget, pair: { before: Policy; after: Policy }, sources: readonly FactSource[], deps: ImpactDeps): Promise<RepositoryImpact> {
  const changes = await changesUnder(await wholeTreeAt(github, target.repo, target.ref), pair, sources, deps);
  const named = { repository: `${target.repo.owner}/${target.repo.repo}`, ref: target.ref };
  return verdictChanged(changes) ? { ...named, outcome: 'changed', changes } : { ...named, outcome: 'unchanged', conclusion: changes.after };
}

/** One change (two snapshots) judged under both policies, its files read once: what differs. */
export async function changesUnder(sides: { base: Snapshot; head: Snapshot }, pair: { before: Policy; after: Policy }, sources: readonly FactSource[], deps: Pick<ImpactDeps, 'cache' | 'today'>): Promise<VerdictChanges> {
  const [before, after] = (await evaluateUnderPolicies({ ...sides, policies: [pair.before, pair.after], today: deps.today(), sources, cache: deps.cache })) as [Report, Report];
  return verdictChanges(before, after);
}

function rateLimited(error: unknown): boolean {
  const status = statusOf(error);
  return status === 429 || (status === 403 && /rate limit/i.test(errorLine(error)));
}

