/**
 * The work of one pull-request job, in four steps: gather the inputs through the GitHub adapters,
 * evaluate them with the core, plan the check run and the review (src/report, as data), publish
 * them (src/github). No business rule here: the judgement is the core's, the wording src/report's.
 */
import type { Logger } from 'pino';
import type { Report } from '../evaluation/report.js';
import { evaluateChange as evaluatePipeline } from '../evaluation/pipeline.js';
import { touchedProjects } from '../evaluation/compare.js';
import { CHECK_NAME, createCheckRun, findCheckRuns, IN_PROGRESS_TITLE, publishCheckRun, updateCheckRun, type ExistingCheckRun } from '../github/checks.js';
import { isOrgPolicyRepo, ownPolicyPath, type PolicySources } from '../github/files.js';
import type { FileToRead, ReadAheadRequest } from '../github/graphql-files.js';
import { PrefetchedFiles, readAhead, startCheckRunAndRead } from '../github/prefetch.js';
import { readPolicyLayers } from '../github/policy-reader.js';
import { githubSnapshot, type BlobCache } from '../github/snapshot.js';
import { countCalls, describeError, statusOf, type GitHub, type RepoRef } from '../github/octokit.js';
import { compareCommits, createReview, findPatches, getPull, reviewBodies, reviewCommentBodies, type Comparison, type PullState } from '../github/pulls.js';
import { baseListingFromChanges, changedPaths, listTree, type TreeFile, type TreeListing } from '../github/trees.js';
import type { FactCache } from '../metadata/cache.js';
import type { FactSource } from '../metadata/types.js';
import { POLICY_FILE } from '../policy/definition.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy, PolicyError } from '../policy/types.js';
import { planEvaluatedRun, planPolicyFailure, planUnfinished, type CheckRunPlan, type ProposedPolicy } from '../report/check-run.js';
import { diffLinesFromPatches, type DiffLines } from '../report/diff.js';
import { candidateLocations, markersIn, planReview, reviewCandidates } from '../report/placement.js';
import { externalIdFor, leftLongerThan, type PullRequestJob } from './job.js';
import type { ImpactLimits } from './policy-impact.js';
import { publishPolicyCheck, validatePolicyChange, type ValidatedPolicyChange } from './policy-change.js';
import type { JobControl, JobOutcome } from './workers.js';

/** `ImpactLimits`: the bounds of a policy change's impact preview, and of the re-evaluation after its merge. */
export interface PullRequestDeps extends ImpactLimits {
  /** The license sources for one job: the GitHub one reads through this job's installation client. */
  sourcesFor(github: GitHub): readonly FactSource[];
  cache: FactCache;
  /** Today as YYYY-MM-DD (OSPO_NOW or the clock). */
  today(): string;
  /** The clock, in epoch milliseconds (read by the entry point, not here). */
  now(): number;
  /** An `in_progress` check run of the same job older than this was left by a crash: take it over. */
  takeOverAfterMs: number;
  /** At most this many annotations (50 per request) are attached. */
  maxAnnotations: number;
  log: Logger;
}

/** Thrown to stop a job whose deadline passed or whose writes must not happen. */
class Abandoned extends Error {}

/** One job's run: where it is (for the neutral "could not ..." report) and its GitHub client. */
interface Run {
  github: GitHub;
  repo: RepoRef;
  job: PullRequestJob;
  control: JobControl;
  deps: PullRequestDeps;
  /** What the job is doing now, as "could not <step>" would say it. */
  step: string;
  checkRunId?: number;
  /** The check run's page, when this job created it (the review links to it). */
  checkRunUrl?: string;
  /** The check run's creation, while in flight: a job stopped meanwhile completes that run, not a new one. */
  starting?: Promise<unknown>;
  /** The check run holds the verdict: nothing after that may turn it neutral. */
  completed?: boolean;
  /** An earlier attempt completed the check run: this one only posts the review, if it is missing. */
  reviewOnly?: boolean;
  /** GitHub calls made so far by this job. */
  used(): number;
}

export async function runPullRequestJob(github: GitHub, job: PullRequestJob, control: JobControl, deps: PullRequestDeps): Promise<JobOutcome> {
  const calls = countCalls(github);
  const before = calls.count;
  const run: Run = { github, repo: job.repo, job, control, deps, step: 'read the pull request', used: () => calls.count - before };
  try {
    // Our check runs on this head are read beside the pull request: both are needed before any write.
    const ourRuns = job.force ? undefined : findCheckRuns(github, run.repo, job.headSha);
    ourRuns?.catch(() => undefined); // awaited below unless the job stops first; this only avoids an unhandled rejection
    // Is this head still the PR's head? (Webhooks arrive in any order.)
    const pull = await getPull(github, run.repo, job.pullNumber);
    if (pull.headSha !== job.headSha && !job.force) return skipped(run, `stale: the pull request's head is now ${pull.headSha}`);
    if (pull.state !== 'open' && !job.force) return skipped(run, `the pull request is ${pull.state}`);
    if (pull.headSha === job.headSha) await control.confirmCurrent();
    const earlier = await takeEarlierRun(run, ourRuns);
    if (earlier !== undefined) return skipped(run, earlier);
    const deadline = control.expired.then(() => {
      throw new Abandoned(`the evaluation took longer than ${Math.round(control.deadlineMs / 1000)} s`);
    });
    deadline.catch(() => undefined);
    return await Promise.race([evaluateAndPublish(run, pull), deadline]);
  } catch (error) {
    return await failNeutral(run, error);
  }
}

const skipped = (run: Run, reason: string): JobOutcome => ({ status: 'skipped', reason, calls: run.used() });

/**
 * A redelivery of a job already done (or being done elsewhere) creates nothing new: the reason to
 * skip, if any. A run of the same job left `in_progress` by a crash is taken over (run.checkRunId).
 */
async function takeEarlierRun(run: Run, ourRuns: Promise<ExistingCheckRun[]> | undefined): Promise<string | undefined> {
  if (ourRuns === undefined) return undefined;
  run.step = 'look for an earlier check run';
  const externalId = externalIdFor(run.job);
  const same = (await ourRuns).filter((existing) => existing.externalId === externalId);
  const completed = same.find((existing) => existing.status === 'completed');
  if (completed && run.control.resumed && run.control.exclusive) {
    // An earlier attempt of this very job completed the run, then died: the review may be missing.
    run.checkRunId = completed.id;
    run.reviewOnly = true;
    run.completed = true; // its verdict stands, whatever happens in this attempt
    return undefined;
  }
  if (completed) return `already evaluated (check run ${completed.id})`;
  const running = same.find((existing) => existing.status !== 'completed');
  if (!running) return undefined;
  if (!run.control.exclusive && !leftLongerThan(running.startedAt, run.deps.now(), run.deps.takeOverAfterMs)) return `check run ${running.id} is in progress`;
  run.checkRunId = running.id;
  return undefined;
}

/** The two listings and what differs between them. */
interface Listings {
  comparison: Comparison;
  baseTree: TreeListing;
  headTree: TreeListing;
  changed: Set<string>;
}

/** What the job read from GitHub: the listings, the policy and its proposed change, and what the read-ahead read. */
interface Inputs extends Listings {
  policySources: PolicySources;
  prefetched: PrefetchedFiles;
  /** The pull request's change of the policy file, validated; undefined when it does not change it. */
  proposed?: ValidatedPolicyChange;
}

/**
 * Reads before the first write (GitHub spaces an installation's writes and GraphQL requests
 * 1 s apart): the compare and the head's listing at once; the base listing follows from them
 * when the compare lists every changed file. Then one GraphQL request creates the check run
 * and reads the files the job needs.
 */
async function gather(run: Run, pull: PullState): Promise<Inputs> {
  const { github, repo, job } = run;
  run.step = 'compare the base and head commits, and list the head tree';
  const subtrees = new Map<string, Promise<TreeListing>>();
  const [comparison, headTree] = await Promise.all([compareCommits(github, repo, pull.baseSha, job.headSha), listTree(github, repo, job.headSha, subtrees)]);
  run.step = 'list the files of the base tree';
  const baseTree = comparison.filesTruncated ? await listTree(github, repo, comparison.mergeBaseSha, subtrees) : baseListingFromChanges(headTree, comparison.files);
  const listings: Listings = { comparison, baseTree, headTree, changed: changedPaths(baseTree, headTree) };
  const prefetched = await startCheckRun(run, pull, readAheadRequest(run, pull, listings));
  // The policy of the base branch's tip; never the PR head's.
  run.step = 'read the policy';
  const policySources = await readPolicyLayers(github, repo, pull.baseSha, undefined, prefetched);
  // A changed policy file is validated (its head version, as it would load after merge); it never judges this PR.
  run.step = 'validate the policy change';
  const proposed = listings.changed.has(POLICY_FILE) ? await validatePolicyChange(github, repo, policySources, headTree, prefetched) : undefined;
  return { ...listings, policySources, prefetched, ...(proposed ? { proposed } : {}) };
}

/** A file GitHub's GraphQL would cut anyway is not asked for there (its blob is read through REST). */
const READ_AHEAD_MAX_BYTES = 1_000_000;

/**
 * What the read-ahead asks for: the policy files, then the files of the touched projects on each
 * side (the pipeline's own `touchedProjects`; one the policy then ignores costs nothing but bytes).
 */
function readAheadRequest(run: Run, pull: PullState, { comparison, baseTree, headTree, changed }: Listings): ReadAheadRequest {
  const { job, repo } = run;
  const files: FileToRead[] = [{ ref: pull.baseSha, path: POLICY_FILE }];
  if (changed.has(POLICY_FILE) && headTree.has(POLICY_FILE)) files.push({ ref: job.headSha, path: POLICY_FILE });
  // An empty base makes every head file a change, as in the pipeline.
  const touched = touchedProjects([...baseTree.keys()], [...headTree.keys()], baseTree.size === 0 ? 'all' : changed);
  const small = (file: TreeFile | undefined): file is TreeFile => file !== undefined && (file.size === undefined || file.size <= READ_AHEAD_MAX_BYTES);
  const headBlobs = new Set<string>();
  for (const path of touched.headFiles) {
    const file = headTree.get(path);
    if (!small(file)) continue;
    files.push({ ref: job.headSha, path });
    headBlobs.add(file.sha);
  }
  for (const path of touched.baseFiles) {
    const file = baseTree.get(path);
    // A base file with the head's blob is read once, at the head.
    if (small(file) && !headBlobs.has(file.sha)) files.push({ ref: comparison.mergeBaseSha, path });
  }
  return { files, orgPolicy: !isOrgPolicyRepo(repo), pullNumber: job.pullNumber };
}

/** Creates the in-progress check run with the read-ahead (or, for a taken-over run, only reads). */
async function startCheckRun(run: Run, pull: PullState, request: ReadAheadRequest): Promise<PrefetchedFiles> {
  const { github, repo, job } = run;
  guard(run);
  if (run.checkRunId !== undefined) {
    run.step = 'read the changed files';
    return readAhead(github, repo, request).catch((error: unknown) => {
      // Only an optimisation: every file is read through REST then.
      run.deps.log.warn({ err: error }, 'ospo-gatekeeper: the GraphQL read-ahead failed; reading through REST');
      return new PrefetchedFiles();
    });
  }
  run.step = 'create the check run';
  const summary = `Evaluating the dependency changes of #${job.pullNumber} at ${job.headSha.slice(0, 7)}…`;
  if (pull.repositoryNodeId === undefined) {
    // GitHub names the repository's node id in every pull request; without it, REST's creation, then the query.
    const created = await createCheckRun(github, repo, job.headSha, externalIdFor(job), summary);
    run.checkRunId = created.id;
    if (created.url) run.checkRunUrl = created.url;
    return readAhead(github, repo, request);
  }
  const input = { repositoryId: pull.repositoryNodeId, headSha: job.headSha, name: CHECK_NAME, externalId: externalIdFor(job), startedAt: new Date(run.deps.now()).toISOString(), title: IN_PROGRESS_TITLE, summary };
  const starting = startCheckRunAndRead(github, repo, input, request).then((started) => {
    run.checkRunId = started.checkRunId;
    if (started.url) run.checkRunUrl = started.url;
    return started.prefetched;
  });
  run.starting = starting;
  return starting;
}

async function evaluateAndPublish(run: Run, pull: PullState): Promise<JobOutcome> {
  const inputs = await gather(run, pull);
  const checkRunId = run.checkRunId as number; // gather created or took it over
  const loaded = loadPolicy(inputs.policySources);
  // The policy check (validation and impact preview of a changed policy) is made beside the dependency check.
  const policyCheck = inputs.proposed ? publishPolicyCheck(run.github, { repo: run.repo, pullNumber: run.job.pullNumber, headSha: run.job.headSha, baseSha: pull.baseSha }, inputs.policySources, inputs.proposed, run.deps, () => run.control.abandoned) : Promise.resolve(undefined);
  if (!loaded.ok) {
    await policyCheck;
    return publishPolicyFailure(run, checkRunId, loaded.errors, inputs.proposed);
  }
  const report = await evaluateChange(run, inputs, loaded.policy);

  // Where each finding can be shown: the diff hunks of the files findings point at.
  run.step = 'read the diff of the pull request';
  const diff = await diffFor(run, inputs, report);
  const notes: string[] = [];
  const superseded = await run.control.superseded();
  if (superseded) notes.push(`A newer commit (${superseded.slice(0, 7)}) is the pull request's head now: no review was posted for this one.`);
  else if (pull.headSha !== run.job.headSha) notes.push(`This re-run is for ${run.job.headSha.slice(0, 7)}, no longer the pull request's head: no review was posted.`);

  run.step = 'preview the impact of the policy change';
  const policyCheckNote = await policyCheck;
  if (policyCheckNote) notes.push(policyCheckNote);
  run.step = 'complete the check run';
  guard(run);
  const policyChanges = inputs.changed.has(POLICY_FILE) ? [POLICY_FILE] : [];
  const planWith = (extra: readonly string[]) => planEvaluatedRun({ report, diff, policySources: loaded.policy.sources, policyChanges, notes: [...notes, ...extra], maxAnnotations: run.deps.maxAnnotations, ...(inputs.proposed ? { proposed: inputs.proposed } : {}) });
  const plan = planWith([]);
  // Completed before the review is posted: the verdict does not wait for the throttled second write.
  // (Not again when an earlier attempt did: an update appends its annotations a second time.)
  if (!run.reviewOnly) await publishCheckRun(run.github, run.repo, checkRunId, plan);
  run.completed = true;
  // The review is PR-level: only the current head writes it.
  if (!superseded && pull.headSha === run.job.headSha) await reviewAfterCompletion(run, report, diff, inputs.prefetched, checkRunId, (note) => planWith([note]));
  return { status: 'done', conclusion: plan.conclusion, checkRunId, calls: run.used(), ...(superseded ? { superseded } : {}) };
}

/** Posts the review; if that fails, the check run's summary says so (one more update, only then). */
async function reviewAfterCompletion(run: Run, report: Report, diff: DiffLines, prefetched: PrefetchedFiles, checkRunId: number, planWith: (note: string) => CheckRunPlan): Promise<void> {
  run.step = 'post the review';
  if (run.control.abandoned) return; // the deadline passed: the job has ended already, its check run complete
  const note = await postReview(run, report, diff, prefetched).catch((error: unknown) => `The review could not be posted (${describeError(error)}); the problems are in the annotations.`);
  if (!note) return;
  run.step = 'add the review failure to the check run';
  const plan = planWith(note);
  // The summary only: GitHub appends the annotations an update carries, and these are attached already.
  await updateCheckRun(run.github, run.repo, checkRunId, { title: plan.title, summary: plan.summary }).catch((error: unknown) => {
    run.deps.log.error({ err: error }, `ospo-gatekeeper: ${note} Saying so in the ${CHECK_NAME} check run failed too.`);
  });
}

async function publishPolicyFailure(run: Run, checkRunId: number, errors: readonly PolicyError[], proposed: ProposedPolicy | undefined): Promise<JobOutcome> {
  guard(run);
  run.step = 'report the policy errors';
  if (!run.reviewOnly) await publishCheckRun(run.github, run.repo, checkRunId, planPolicyFailure(errors, ownPolicyPath(run.repo), proposed, run.deps.maxAnnotations));
  run.completed = true;
  return { status: 'done', conclusion: 'failure', checkRunId, calls: run.used() };
}

/** The changed manifests and lockfiles of both trees, read and judged by the pipeline. */
async function evaluateChange(run: Run, inputs: Inputs, policy: Policy): Promise<Report> {
  run.step = 'read and evaluate the changed manifests and lockfiles';
  const blobs: BlobCache = new Map();
  return evaluatePipeline({
    base: githubSnapshot(run.github, run.repo, inputs.comparison.mergeBaseSha, inputs.baseTree, blobs, inputs.prefetched),
    head: githubSnapshot(run.github, run.repo, run.job.headSha, inputs.headTree, blobs, inputs.prefetched),
    policy,
    today: run.deps.today(),
    sources: run.deps.sourcesFor(run.github),
    cache: run.deps.cache,
  });
}

/** The commentable lines of the files findings point at (patches GitHub cut from the comparison are fetched). */
async function diffFor(run: Run, inputs: Inputs, report: Report): Promise<DiffLines> {
  const { comparison, changed } = inputs;
  const findingPaths = new Set(report.findings.filter((finding) => finding.severity !== 'notice').flatMap((finding) => candidateLocations(finding).map((location) => location.path)));
  if (comparison.filesTruncated) await findPatches(run.github, run.repo, run.job.pullNumber, comparison.patches, [...findingPaths].filter((path) => changed.has(path)));
  return diffLinesFromPatches(comparison.patches);
}

function guard(run: Run): void {
  if (run.control.abandoned) throw new Abandoned('deadline passed');
}

/** Posts the review for the error findings, unless every one was already posted. Returns a note for the summary, if any. */
async function postReview(run: Run, report: Report, diff: DiffLines, prefetched: PrefetchedFiles): Promise<string | undefined> {
  const { github, repo, job, checkRunUrl } = run;
  const { inDiff, outside } = reviewCandidates(report.findings, diff);
  if (inDiff.length === 0 && outside.length === 0) return undefined;
  // The read-ahead holds the bodies unless the pull request has more reviews than it asks for.
  const [comments, reviews] = prefetched.reviewBodies
    ? [prefetched.reviewBodies.comments, prefetched.reviewBodies.reviews]
    : await Promise.all([
        inDiff.length > 0 ? reviewCommentBodies(github, repo, job.pullNumber) : Promise.resolve([]),
        outside.length > 0 ? reviewBodies(github, repo, job.pullNumber) : Promise.resolve([]),
      ]);
  const plan = planReview({ findings: report.findings, diff, posted: markersIn([...comments, ...reviews]), ...(checkRunUrl ? { checkRunUrl } : {}) });
  if (!plan) return undefined;
  try {
    await createReview(github, repo, job.pullNumber, job.headSha, plan.body, plan.comments);
  } catch (error) {
    if (statusOf(error) !== 422 || plan.comments.length === 0) throw error;
    // GitHub refused a comment's line (the diff moved under us): say it all in the body instead.
    const body = [plan.body, '', ...plan.comments.map((comment) => `- \`${comment.path}:${comment.line}\`: ${comment.body.replace(/\n+/g, ' ')}`)].join('\n');
    await createReview(github, repo, job.pullNumber, job.headSha, body, []);
  }
  return undefined;
}

/** Whatever went wrong, the check run ends `neutral` saying what could not be done — never in_progress, never green. */
async function failNeutral(run: Run, error: unknown): Promise<JobOutcome> {
  const { github, repo, job } = run;
  const reason = `could not ${run.step}: ${describeError(error)}`;
  if (run.completed) {
    // The verdict is published; what failed after it (the deadline, during the review) leaves it as it is.
    run.deps.log.error({ err: error, job: { ...repo, pull: job.pullNumber, head: job.headSha } }, `ospo-gatekeeper: ${reason}`);
    return { status: 'failed', checkRunId: run.checkRunId, reason, calls: run.used() };
  }
  // Another attempt follows (the durable queue retries): the check run stays in progress for it.
  if (!run.control.finalAttempt && !(error instanceof Abandoned)) {
    run.deps.log.warn({ err: error, job: { ...repo, pull: job.pullNumber, head: job.headSha } }, `ospo-gatekeeper: ${reason}; another attempt follows`);
    throw error;
  }
  run.deps.log.error({ err: error, job: { ...repo, pull: job.pullNumber, head: job.headSha } }, `ospo-gatekeeper: ${reason}`);
  const output = planUnfinished(run.step, describeError(error));
  await run.starting?.catch(() => undefined); // a creation in flight gives the run to complete
  let checkRunId = run.checkRunId;
  try {
    if (checkRunId === undefined) checkRunId = (await createCheckRun(github, repo, job.headSha, externalIdFor(job), output.summary)).id;
    await updateCheckRun(github, repo, checkRunId, output, 'neutral');
  } catch (reportError) {
    run.deps.log.error({ err: reportError }, `ospo-gatekeeper: the ${CHECK_NAME} check run could not be completed either`);
    throw error;
  }
  return { status: 'failed', checkRunId, reason, calls: run.used() };
}

