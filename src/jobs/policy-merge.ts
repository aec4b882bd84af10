/**
 * After a policy change lands on the default branch: the open pull requests it governs are judged
 * under the policy before and after the push (each change read once, judged twice), and those
 * whose verdict differs get their check re-requested (GitHub then sends `check_run.rerequested`),
 * or, with no check run of ours to re-request, a job of their own. Bounded: so many repositories,
 * so many pull requests per repository and in all. A push that does not change the policy costs
 * no GitHub call (its payload says so) or two (the policy at both commits is the same).
 */
import type { Logger } from 'pino';
import type { Snapshot } from '../evaluation/snapshot.js';
import { findCheckRuns } from '../github/checks.js';
import { fetchPolicyFile, isOrgPolicyRepo, type PolicySources } from '../github/files.js';
import { countCalls, describeError, type GitHub, type RepoRef } from '../github/octokit.js';
import { githubPolicyReader, readPolicyLayers } from '../github/policy-reader.js';
import { compareCommits } from '../github/pulls.js';
import { installationRepositories, openPulls, rerequestCheckRun, type OpenPull } from '../github/repositories.js';
import { githubSnapshot, type BlobCache } from '../github/snapshot.js';
import { listTree } from '../github/trees.js';
import { resolveExtends } from '../policy/chain.js';
import { POLICY_FILE } from '../policy/definition.js';
import type { FactSource } from '../metadata/types.js';
import { verdictChanged } from '../report/verdict-changes.js';
import type { Job, PolicyMergeJob, PullRequestJob } from './job.js';
import { mapConcurrently } from '../deps/arrays.js';
import { changesUnder, policyPair, type ImpactDeps, type ImpactLimits } from './policy-impact.js';
import { policyTouched } from './push.js';
import type { JobOutcome } from './workers.js';

export interface PolicyMergeDeps extends ImpactDeps, ImpactLimits {
  /** Where a pull request with no check run to re-request gets its job (the runner). */
  enqueue(job: Job): Promise<JobOutcome>;
  log: Logger;
}

const NO_COMMIT = /^0+$/;

/** What became of one open pull request. */
type PullFate = 'unaffected' | 'rerequested' | 'enqueued' | { notEvaluated: string };

export async function runPolicyMergeJob(github: GitHub, job: PolicyMergeJob, deps: PolicyMergeDeps): Promise<JobOutcome> {
  if (NO_COMMIT.test(job.after) || NO_COMMIT.test(job.before)) return { status: 'skipped', reason: 'no earlier policy to compare with', calls: 0 };
  if (policyTouched(job.commits) === 'no') return { status: 'skipped', reason: 'the push does not change the policy file', calls: 0 };
  const calls = countCalls(github);
  const start = calls.count;
  const used = () => calls.count - start;
  try {
    return await reconsiderOpenPulls(github, job, deps, used);
  } catch (error) {
    // Never silent: the pull requests this push may have changed the verdict of were not looked at.
    const reason = `could not re-evaluate the open pull requests after the policy change: ${describeError(error)}`;
    deps.log.error({ err: error, push: { ...job.repo, after: job.after } }, `ospo-gatekeeper: ${reason}`);
    return { status: 'failed', reason, calls: used() };
  }
}

async function reconsiderOpenPulls(github: GitHub, job: PolicyMergeJob, deps: PolicyMergeDeps, used: () => number): Promise<JobOutcome> {
  const [was, is] = await Promise.all([readPolicyLayers(github, job.repo, job.before), readPolicyLayers(github, job.repo, job.after)]);
  if (sameLayers(was, is)) return { status: 'skipped', reason: 'the policy is the same before and after the push', calls: used() };

  const orgDefault = isOrgPolicyRepo(job.repo);
  const listed = orgDefault ? await installationRepositories(github, job.repo.owner, deps.impactRepositories) : { repositories: [{ repo: job.repo }], total: 1 };
  const repositories = listed.repositories.map((entry) => entry.repo);
  if (listed.total > repositories.length) deps.log.warn({ owner: job.repo.owner, total: listed.total, looked: repositories.length }, `ospo-gatekeeper: the open pull requests of ${listed.total - repositories.length} repositories were not looked at after the policy change (OSPO_IMPACT_REPOSITORIES=${deps.impactRepositories})`);
  let budget = deps.impactPulls;
  const sources = deps.sourcesFor(github);
  const perRepository = await mapConcurrently(repositories, Math.max(1, deps.impactConcurrency), async (repo) => {
    try {
      const asked = Math.min(deps.impactPullsPerRepository, budget);
      if (asked === 0) return [{ notEvaluated: `${repo.owner}/${repo.repo}: not looked at, ${deps.impactPulls} open pull requests were (OSPO_IMPACT_PULLS)` }];
      budget -= asked;
      // A repository's own policy governs pull requests into its default branch only: the org's, every one.
      const pulls = (await openPulls(github, repo, asked)).filter((pull) => orgDefault || job.branch === undefined || pull.baseRef === job.branch);
      budget += asked - pulls.length;
      const layersFor = orgDefault ? orgLayers(github, repo, was, is) : async () => ({ before: was, after: is });
      const fates: PullFate[] = [];
      // One pull request after another: the repositories already run a few at once.
      for (const pull of pulls) fates.push(await reconsider(github, repo, pull, await layersFor(pull), { job, deps, sources }));
      return fates;
    } catch (error) {
      return [{ notEvaluated: `${repo.owner}/${repo.repo}: ${describeError(error)}` }];
    }
  });
  return summarise(job, perRepository.flat(), deps, used());
}

/** The org layer before and after, over the repository's own file at the pull request's base. */
function orgLayers(github: GitHub, repo: RepoRef, was: PolicySources, is: PolicySources) {
  return async (pull: OpenPull): Promise<{ before: PolicySources; after: PolicySources }> => {
    const read = await fetchPolicyFile(github, repo, POLICY_FILE, pull.baseSha);
    const own = read === undefined ? undefined : 'text' in read ? await resolveExtends({ path: POLICY_FILE, text: read.text }, githubPolicyReader(github)) : { path: POLICY_FILE, text: '', unreadable: read.unreadable };
    const layers = (org: PolicySources['org']): PolicySources => ({ ...(org ? { org } : {}), ...(own ? { repo: own } : {}) });
    return { before: layers(was.org), after: layers(is.org) };
  };
}

interface Context {
  job: PolicyMergeJob;
  deps: PolicyMergeDeps;
  sources: readonly FactSource[];
}

/** Judges one pull request's change under both policies; re-requests its check when the verdict differs. */
async function reconsider(github: GitHub, repo: RepoRef, pull: OpenPull, layers: { before: PolicySources; after: PolicySources }, context: Context): Promise<PullFate> {
  const name = `${repo.owner}/${repo.repo}#${pull.number}`;
  try {
    const pair = policyPair(layers.before, layers.after);
    if ('unreadable' in pair) return { notEvaluated: `${name}: ${pair.unreadable}` };
    // A policy that no longer loads changes every verdict: no need to judge the change.
    if ('before' in pair && !verdictChanged(await changesUnder(await pullSnapshots(github, repo, pull), pair, context.sources, context.deps))) return 'unaffected';
    return await rerun(github, repo, pull, context);
  } catch (error) {
    return { notEvaluated: `${name}: ${describeError(error)}` };
  }
}

async function pullSnapshots(github: GitHub, repo: RepoRef, pull: OpenPull): Promise<{ base: Snapshot; head: Snapshot }> {
  const { mergeBaseSha } = await compareCommits(github, repo, pull.baseSha, pull.headSha);
  const subtrees = new Map();
  const [baseTree, headTree] = await Promise.all([listTree(github, repo, mergeBaseSha, subtrees), listTree(github, repo, pull.headSha, subtrees)]);
  const blobs: BlobCache = new Map();
  return { base: githubSnapshot(github, repo, mergeBaseSha, baseTree, blobs), head: githubSnapshot(github, repo, pull.headSha, headTree, blobs) };
}

/** Re-requests our check run on the pull request's head; without one (or refused), runs its job. */
async function rerun(github: GitHub, repo: RepoRef, pull: OpenPull, { job, deps }: Context): Promise<PullFate> {
  const ours = (await findCheckRuns(github, repo, pull.headSha)).find((run) => run.status === 'completed');
  if (ours) {
    const done = await rerequestCheckRun(github, repo, ours.id).then(
      () => true,
      () => false,
    );
    if (done) return 'rerequested';
  }
  const record: PullRequestJob = { kind: 'pull-request', installationId: job.installationId, repo, pullNumber: pull.number, headSha: pull.headSha, baseRef: pull.baseRef, trigger: 'policy-merge', deliveryId: `${job.deliveryId}:${repo.repo}#${pull.number}`, force: true };
  void deps.enqueue(record);
  return 'enqueued';
}

function sameLayers(was: PolicySources, is: PolicySources): boolean {
  const texts = (sources: PolicySources) => JSON.stringify([sources.org, sources.repo]);
  return texts(was) === texts(is);
}

function summarise(job: PolicyMergeJob, fates: readonly PullFate[], deps: PolicyMergeDeps, calls: number): JobOutcome {
  const count = (fate: PullFate) => fates.filter((each) => each === fate).length;
  const notEvaluated = fates.flatMap((fate) => (typeof fate === 'object' ? [fate.notEvaluated] : []));
  const counts = { pulls: fates.length - notEvaluated.length, rerequested: count('rerequested'), enqueued: count('enqueued'), unaffected: count('unaffected'), notEvaluated: notEvaluated.length };
  deps.log.info({ ...job.repo, after: job.after, ...counts }, 'ospo-gatekeeper: open pull requests re-evaluated after a policy change');
  // Never silent: each pull request that could not be judged is named in the log, and the job is not a success.
  if (notEvaluated.length > 0) deps.log.warn({ ...job.repo, after: job.after, notEvaluated }, 'ospo-gatekeeper: some open pull requests could not be judged under the new policy; their checks were not re-requested');
  return { status: 'done', conclusion: notEvaluated.length > 0 ? 'neutral' : 'success', calls };
}
