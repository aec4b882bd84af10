/**
 * The work of one pull-request job: gather inputs through the GitHub adapters, call the core
 * (`evaluate`), report (check run, annotations, review). No business rule here: the judgement is
 * the core's, the wording is src/report's.
 */
import type { Logger } from 'pino';
import { touchedProjects } from '../evaluation/compare.js';
import type { Report } from '../evaluation/report.js';
import { isIgnoredPath } from '../evaluation/judge.js';
import { evaluate } from '../evaluation/run.js';
import { CHECK_NAME, createCheckRun, findCheckRuns, updateCheckRun, type Annotation, type CheckOutput } from '../github/checks.js';
import { fetchBlobs, ownPolicyPath, readPolicySources } from '../github/files.js';
import { countCalls, statusOf, type GitHub, type RepoRef } from '../github/octokit.js';
import { compareCommits, createReview, findPatches, getPull, reviewBodies, reviewCommentBodies } from '../github/pulls.js';
import { changedPaths, listTree, type TreeListing } from '../github/trees.js';
import type { LicenseCache } from '../metadata/resolve.js';
import type { LicenseSource } from '../metadata/types.js';
import { POLICY_FILE } from '../policy/definition.js';
import { loadPolicy } from '../policy/load.js';
import { diffLinesFromPatches } from '../report/diff.js';
import { formatMarkdown, formatPolicyErrors, summaryTitle } from '../report/markdown.js';
import { annotationsFor, batches, candidateLocations, planReview, reviewCandidates, markersIn } from '../report/placement.js';
import { policyAnnotations, policyChangeSection, policyChangeTitle, VALID_POLICY_CHANGE } from '../report/policy.js';
import { externalIdFor, type PullRequestJob } from './job.js';
import { validatePolicyChange } from './policy-change.js';
import type { JobControl, JobOutcome } from './runner.js';

export interface PullRequestDeps {
  /** The license sources for one job: the GitHub one reads through this job's installation client. */
  sourcesFor(github: GitHub): readonly LicenseSource[];
  cache: LicenseCache;
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

export async function runPullRequestJob(github: GitHub, job: PullRequestJob, control: JobControl, deps: PullRequestDeps): Promise<JobOutcome> {
  const calls = countCalls(github);
  const before = calls.count;
  const used = () => calls.count - before;
  const { repo } = job;
  let step = 'read the pull request';
  let checkRunId: number | undefined;
  const guard = () => {
    if (control.abandoned) throw new Abandoned('deadline passed');
  };

  try {
    // 1. Is this head still the PR's head? (Webhooks arrive in any order.)
    const pull = await getPull(github, repo, job.pullNumber);
    if (pull.headSha !== job.headSha && !job.force) return { status: 'skipped', reason: `stale: the pull request's head is now ${pull.headSha}`, calls: used() };
    if (pull.state !== 'open' && !job.force) return { status: 'skipped', reason: `the pull request is ${pull.state}`, calls: used() };
    if (pull.headSha === job.headSha) control.confirmCurrent();

    // 2. A redelivery of a job already done (or being done elsewhere) creates nothing new.
    step = 'look for an earlier check run';
    const externalId = externalIdFor(job);
    if (!job.force) {
      const same = (await findCheckRuns(github, repo, job.headSha)).filter((run) => run.externalId === externalId);
      const completed = same.find((run) => run.status === 'completed');
      if (completed) return { status: 'skipped', reason: `already evaluated (check run ${completed.id})`, calls: used() };
      const running = same.find((run) => run.status !== 'completed');
      if (running) {
        const age = deps.now() - Date.parse(running.startedAt ?? '');
        if (!(age > deps.takeOverAfterMs)) return { status: 'skipped', reason: `check run ${running.id} is in progress`, calls: used() };
        checkRunId = running.id; // left in_progress by a crash: finish it
      }
    }

    step = 'create the check run';
    let checkRunUrl: string | undefined;
    if (checkRunId === undefined) {
      const created = await createCheckRun(github, repo, job.headSha, externalId, `Evaluating the dependency changes of #${job.pullNumber} at ${job.headSha.slice(0, 7)}…`);
      checkRunId = created.id;
      checkRunUrl = created.url;
    }
    const id = checkRunId;

    const work = async (): Promise<JobOutcome> => {
      // 3. Inputs: merge base + diff hunks, both trees, the policy from the trusted base ref.
      step = 'compare the base and head commits';
      const comparison = await compareCommits(github, repo, pull.baseSha, job.headSha);
      step = 'list the files of the base and head trees, and read the policy';
      const subtrees = new Map<string, Promise<TreeListing>>();
      const baseListing = listTree(github, repo, comparison.mergeBaseSha, subtrees);
      baseListing.catch(() => undefined); // awaited below; this only avoids an unhandled rejection
      const [baseTree, headTree, policySources] = await Promise.all([
        baseListing,
        listTree(github, repo, job.headSha, subtrees),
        // The policy of the base branch's tip (the merge base's listing holds it when they are the same commit).
        readPolicySources(github, repo, pull.baseSha, comparison.mergeBaseSha === pull.baseSha ? baseListing : undefined),
      ]);
      const changed = changedPaths(baseTree, headTree);
      const policyChanges = changed.has(POLICY_FILE) ? [POLICY_FILE] : [];
      // A changed policy file is validated (its head version, as it would load after merge); it never judges this PR.
      step = 'validate the policy change';
      const proposed = policyChanges.length > 0 ? await validatePolicyChange(github, repo, policySources, headTree) : undefined;
      const proposedInvalid = proposed !== undefined && proposed.errors.length > 0;

      const loaded = loadPolicy(policySources);
      if (!loaded.ok) {
        guard();
        step = 'report the policy errors';
        // The base errors' lines are the base file's: when the PR changes the file, annotate its head version instead.
        const summary = [formatPolicyErrors(loaded.errors), ...(proposed ? [proposedInvalid ? policyChangeSection(proposed.errors, proposed.orgDefault) : `> ${VALID_POLICY_CHANGE}`] : [])].join('\n\n');
        const annotations = proposed ? policyAnnotations(proposed.errors, proposed.ownPath) : policyAnnotations(loaded.errors, ownPolicyPath(repo));
        await finish(github, repo, id, { title: 'The policy does not load', summary }, annotations, 'failure', deps.maxAnnotations);
        return { status: 'done', conclusion: 'failure', checkRunId: id, calls: used() };
      }

      step = 'read the changed manifests and lockfiles';
      const basePaths = [...baseTree.keys()];
      const headPaths = [...headTree.keys()];
      const touched = touchedProjects(basePaths, headPaths, changed, (path) => isIgnoredPath(path, loaded.policy));
      const wanted = [...touched.baseFiles.map((path) => baseTree.get(path)?.sha), ...touched.headFiles.map((path) => headTree.get(path)?.sha)];
      const texts = await fetchBlobs(github, repo, wanted.filter((sha): sha is string => sha !== undefined));
      const reader = (tree: TreeListing) => (path: string) => {
        const blob = tree.get(path);
        return blob ? texts.get(blob.sha) : undefined;
      };

      step = 'evaluate the dependency changes';
      const report = await evaluate({
        baseSha: comparison.mergeBaseSha,
        headSha: job.headSha,
        base: { read: reader(baseTree) },
        head: { read: reader(headTree) },
        projects: touched,
        policy: loaded.policy,
        today: deps.today(),
        sources: deps.sourcesFor(github),
        cache: deps.cache,
      });

      // 4. Where each finding can be shown: the diff hunks of the files findings point at.
      step = 'read the diff of the pull request';
      const findingPaths = new Set(report.findings.filter((finding) => finding.severity !== 'notice').flatMap((finding) => candidateLocations(finding).map((location) => location.path)));
      if (comparison.filesTruncated) await findPatches(github, repo, job.pullNumber, comparison.patches, [...findingPaths].filter((path) => changed.has(path)));
      const diff = diffLinesFromPatches(comparison.patches);

      const notes: string[] = [];
      const superseded = control.superseded();
      if (superseded) notes.push(`A newer commit (${superseded.slice(0, 7)}) is the pull request's head now: no review was posted for this one.`);
      else if (pull.headSha !== job.headSha) notes.push(`This re-run is for ${job.headSha.slice(0, 7)}, no longer the pull request's head: no review was posted.`);

      // 5. The review (PR-level: only the current head writes it).
      if (!superseded && pull.headSha === job.headSha) {
        step = 'post the review';
        guard();
        const note = await postReview(github, repo, job, report, diff, checkRunUrl).catch((error: unknown) => `The review could not be posted (${describe(error)}); the problems are in the annotations.`);
        if (note) notes.push(note);
      }

      // 6. Complete the check run with the summary and the annotations.
      step = 'complete the check run';
      guard();
      // The policy's annotations first: they are never the ones cut by maxAnnotations.
      const annotations = [...(proposed ? policyAnnotations(proposed.errors, proposed.ownPath) : []), ...annotationsFor(report.findings, diff)];
      if (annotations.length > deps.maxAnnotations) notes.push(`${annotations.length - deps.maxAnnotations} more annotations were not attached; every problem is in the table below.`);
      if (proposed && !proposedInvalid) notes.push(VALID_POLICY_CHANGE);
      const section = proposedInvalid ? policyChangeSection(proposed.errors, proposed.orgDefault) : undefined;
      const details = formatMarkdown(report, { policySources: loaded.policy.sources, policyChanges, notes, ...(section ? { maxLength: 65_000 - section.length - 2 } : {}) });
      const summary = section ? `${section}\n\n${details}` : details;
      const title = proposedInvalid ? policyChangeTitle(proposed.errors, summaryTitle(report)) : summaryTitle(report);
      // A pull request must not merge a broken policy, whatever its dependencies.
      const conclusion = proposedInvalid ? 'failure' : report.conclusion;
      await finish(github, repo, id, { title, summary }, annotations, conclusion, deps.maxAnnotations);
      return { status: 'done', conclusion, checkRunId: id, calls: used(), ...(superseded ? { superseded } : {}) };
    };

    const deadline = control.expired.then(() => {
      throw new Abandoned(`the evaluation took longer than ${Math.round(control.deadlineMs / 1000)} s`);
    });
    deadline.catch(() => undefined);
    return await Promise.race([work(), deadline]);
  } catch (error) {
    return await failNeutral(github, repo, job, checkRunId, step, error, deps.log, used);
  }
}

/** Posts the review for the error findings, unless every one was already posted. Returns a note for the summary, if any. */
async function postReview(
  github: GitHub,
  repo: RepoRef,
  job: PullRequestJob,
  report: Report,
  diff: ReturnType<typeof diffLinesFromPatches>,
  checkRunUrl: string | undefined,
): Promise<string | undefined> {
  const { inDiff, outside } = reviewCandidates(report.findings, diff);
  if (inDiff.length === 0 && outside.length === 0) return undefined;
  const [comments, reviews] = await Promise.all([
    inDiff.length > 0 ? reviewCommentBodies(github, repo, job.pullNumber) : Promise.resolve([]),
    outside.length > 0 ? reviewBodies(github, repo, job.pullNumber) : Promise.resolve([]),
  ]);
  const plan = planReview({ findings: report.findings, diff, posted: markersIn([...comments, ...reviews]), checkRunUrl });
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

/** Attaches annotations 50 at a time while in progress, completing the run with the last batch. */
async function finish(
  github: GitHub,
  repo: RepoRef,
  checkRunId: number,
  output: { title: string; summary: string },
  annotations: Annotation[],
  conclusion: 'success' | 'failure' | 'neutral',
  maxAnnotations: number,
): Promise<void> {
  const groups = batches(annotations.slice(0, maxAnnotations), 50);
  for (const [index, group] of groups.entries()) {
    const last = index === groups.length - 1;
    await updateCheckRun(github, repo, checkRunId, { ...output, annotations: group }, last ? conclusion : undefined);
  }
  if (groups.length === 0) await updateCheckRun(github, repo, checkRunId, output, conclusion);
}

/** Whatever went wrong, the check run ends `neutral` saying what could not be done — never in_progress, never green. */
async function failNeutral(
  github: GitHub,
  repo: RepoRef,
  job: PullRequestJob,
  checkRunId: number | undefined,
  step: string,
  error: unknown,
  log: Logger,
  used: () => number,
): Promise<JobOutcome> {
  const reason = `could not ${step}: ${describe(error)}`;
  log.error({ err: error, job: { ...job.repo, pull: job.pullNumber, head: job.headSha } }, `ospo-gatekeeper: ${reason}`);
  const output: CheckOutput = {
    title: 'Could not finish the dependency check',
    summary: [
      '### ⚠️ This pull request was not fully checked',
      '',
      `**What could not be done:** ${step} — ${describe(error)}.`,
      '',
      'Nothing was judged, so this is not a pass. Use **Re-run** on this check once the cause is gone.',
    ].join('\n'),
  };
  try {
    if (checkRunId === undefined) {
      checkRunId = (await createCheckRun(github, repo, job.headSha, externalIdFor(job), output.summary)).id;
    }
    await updateCheckRun(github, repo, checkRunId, output, 'neutral');
  } catch (reportError) {
    log.error({ err: reportError }, `ospo-gatekeeper: the ${CHECK_NAME} check run could not be completed either`);
    throw error;
  }
  return { status: 'failed', checkRunId, reason, calls: used() };
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  return status !== undefined ? `GitHub answered ${status} (${firstLine.slice(0, 200)})` : firstLine.slice(0, 300);
}
