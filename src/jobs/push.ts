/**
 * A push to the default branch that changes the policy file: validate the policy at `after` (org
 * layer + the repository's file) and report it as the completed `ospo-gatekeeper / policy` check
 * run on that commit, errors annotated at their line and column. A push whose payload shows it
 * doesn't touch the policy file costs no GitHub call.
 */
import type { Logger } from 'pino';
import { createCompletedCheckRun, findCheckRuns, POLICY_CHECK_NAME, PREVIEW_EXTERNAL_ID } from '../github/checks.js';
import { isOrgPolicyRepo, ownPolicyPath } from '../github/files.js';
import { readPolicyLayers } from '../github/policy-reader.js';
import { countCalls, errorLine, statusOf, type GitHub, type RepoRef } from '../github/octokit.js';
import { compareCommits } from '../github/pulls.js';
import { POLICY_FILE } from '../policy/definition.js';
import { loadPolicy, policyProblems } from '../policy/load.js';
import { policyAnnotations, policyCheckOutput } from '../report/policy.js';
import type { Job, PolicyMergeJob, PolicyPushJob, PushedCommit } from './job.js';
import type { JobOutcome } from './workers.js';
import type { Policy } from '../policy/types.js';
import { unusedExceptions } from './unused-exceptions.js';

export interface PushDeps {
  maxAnnotations: number;
  /** Today as YYYY-MM-DD, for the exceptions judged in the pushed tree (unused ones are notices). */
  today?(): string;
  /** Where a valid policy change sends the re-evaluation of the open pull requests (the runner). */
  enqueue?(job: Job): Promise<JobOutcome>;
  log: Logger;
}

/** GitHub puts at most this many commits in a push payload: at that count the list may be cut. */
const PAYLOAD_COMMIT_LIMIT = 20;
const NO_COMMIT = /^0+$/;

/** Whether the payload shows the policy file changed: `unknown` when its lists may be incomplete. Pure. */
export function policyTouched(commits: readonly PushedCommit[] | undefined): 'yes' | 'no' | 'unknown' {
  const lists = (commit: PushedCommit) => [commit.added, commit.modified, commit.removed];
  if (commits?.some((commit) => lists(commit).some((list) => list?.includes(POLICY_FILE)))) return 'yes';
  // No commits with a moved ref (a fast-forward to known commits, a rewind) says nothing either.
  if (!commits || commits.length === 0 || commits.length >= PAYLOAD_COMMIT_LIMIT) return 'unknown';
  return commits.every((commit) => lists(commit).every((list) => Array.isArray(list))) ? 'no' : 'unknown';
}

export async function runPushJob(github: GitHub, job: PolicyPushJob, deps: PushDeps): Promise<JobOutcome> {
  if (NO_COMMIT.test(job.after)) return { status: 'skipped', reason: 'the branch was deleted', calls: 0 };
  const touched = policyTouched(job.commits);
  if (touched === 'no') return { status: 'skipped', reason: 'the push does not change the policy file', calls: 0 };

  const calls = countCalls(github);
  const before = calls.count;
  const used = () => calls.count - before;
  const { repo } = job;
  const orgDefault = isOrgPolicyRepo(repo);
  let step = 'compare the pushed commits';
  try {
    // `maybe`: nothing says the file changed, nor can anything say (a new branch, a vanished `before`): validate it if it exists.
    let maybe = false;
    if (touched === 'unknown') {
      const comparison = NO_COMMIT.test(job.before) ? undefined : await compareCommits(github, repo, job.before, job.after).catch((error: unknown) => {
        if (statusOf(error) === 404) return undefined;
        throw error;
      });
      if (comparison && !comparison.patches.has(POLICY_FILE) && !comparison.filesTruncated) return { status: 'skipped', reason: 'the push does not change the policy file', calls: used() };
      maybe = comparison === undefined;
    }

    // A redelivery creates no second check run (a neutral one, left by a failure, may be retried).
    step = 'look for an earlier policy check';
    // A pull request's preview on the same commit (a fast-forward merge) is not this validation.
    const earlier = (await findCheckRuns(github, repo, job.after, POLICY_CHECK_NAME)).find((run) => (run.conclusion === 'success' || run.conclusion === 'failure') && !run.externalId.startsWith(PREVIEW_EXTERNAL_ID));
    if (earlier) return { status: 'skipped', reason: `already validated (check run ${earlier.id})`, calls: used() };

    step = 'read the policy';
    const sources = await readPolicyLayers(github, repo, job.after);
    if (maybe && !(orgDefault ? sources.org : sources.repo)) return { status: 'skipped', reason: 'no policy file at the pushed commit', calls: used() };
    const loaded = loadPolicy(sources);
    // A locked key loosened loads (the org value stands) but is an error of this file all the same.
    const problems = policyProblems(loaded);

    // A repository's exceptions that match nothing in its tree (the org's span every repository: not said here).
    const notices = loaded.ok && problems.length === 0 && !orgDefault && deps.today ? await unusedNotices(github, repo, job.after, loaded.policy, deps.today()) : [];

    step = 'create the policy check run';
    const output = policyCheckOutput(loaded.ok && problems.length === 0 ? { ok: true, sources: loaded.policy.sources, notices } : { ok: false, errors: problems }, { sha: job.after, orgDefault });
    const annotations = policyAnnotations(problems, ownPolicyPath(repo)).slice(0, deps.maxAnnotations);
    const conclusion = problems.length === 0 ? 'success' : 'failure';
    const id = await createCompletedCheckRun(github, repo, { name: POLICY_CHECK_NAME, headSha: job.after, conclusion, ...output, annotations });
    // Validated for the first time (a redelivery stopped above): the open pull requests it changes are judged again.
    // Its failure is its own (logged by it, or here): the validation stands.
    if (conclusion === 'success' && deps.enqueue) await deps.enqueue(mergeJobOf(job)).catch((error: unknown) => deps.log.error({ err: error, push: { ...repo, after: job.after } }, 'ospo-gatekeeper: the open pull requests could not be re-evaluated after the policy change'));
    return { status: 'done', conclusion, checkRunId: id, calls: used() };
  } catch (error) {
    // Never silent: say what could not be done, on the commit, as neutral (not a pass).
    const reason = `could not ${step}: ${errorLine(error)}`;
    deps.log.error({ err: error, push: { ...repo, after: job.after } }, `ospo-gatekeeper: ${reason}`);
    const summary = `### ⚠️ The policy was not validated\n\n**What could not be done:** ${reason}.\n\nNothing was judged, so this is not a pass. Push again or redeliver the webhook once the cause is gone.`;
    const id = await createCompletedCheckRun(github, repo, { name: POLICY_CHECK_NAME, headSha: job.after, conclusion: 'neutral', title: 'Could not validate the policy', summary, annotations: [] }).catch(() => {
      throw error;
    });
    return { status: 'failed', checkRunId: id, reason, calls: used() };
  }
}

function mergeJobOf(job: PolicyPushJob): PolicyMergeJob {
  const { installationId, repo, before, after, commits, deliveryId } = job;
  return { kind: 'policy-merge', installationId, repo, ...(job.branch !== undefined ? { branch: job.branch } : {}), before, after, ...(commits ? { commits } : {}), trigger: 'push', deliveryId };
}

/** The unused exceptions as lines for the summary; what could not be looked at is said, and the validation stands. */
async function unusedNotices(github: GitHub, repo: RepoRef, sha: string, policy: Policy, today: string): Promise<string[]> {
  try {
    return (await unusedExceptions(github, repo, sha, policy, today)).map((finding) => finding.message);
  } catch (error) {
    return [`the exceptions were not checked against the tree (could not read it: ${errorLine(error)})`];
  }
}
