/** The check run writes: find ours on a commit, create it, update it. */
import type { GitHub, RepoRef } from './octokit.js';
import { batches } from '../deps/arrays.js';
import type { Annotation, CheckRunPlan } from '../report/check-run.js';

/** GitHub takes at most 50 annotations per create or update request. */
const ANNOTATIONS_PER_REQUEST = 50;

export const CHECK_NAME = 'ospo-gatekeeper / dependencies';
/** The check run on a default-branch commit that changed the policy file. */
export const POLICY_CHECK_NAME = 'ospo-gatekeeper / policy';
/** The `external_id` prefix of a pull request's policy check (validation and impact preview), so a push's validation does not take it for its own. */
export const PREVIEW_EXTERNAL_ID = 'ospo-gatekeeper:v1:policy-preview';

export const SETTINGS_CHECK_NAME = 'ospo-gatekeeper / repository';

/** The title of our check run while it is in progress. */
export const IN_PROGRESS_TITLE = 'Checking dependencies…';

export interface ExistingCheckRun {
  id: number;
  status: string;
  conclusion?: string;
  externalId: string;
  startedAt?: string;
}

/** Our check runs on a commit (by name), newest first. */
export async function findCheckRuns(github: GitHub, repo: RepoRef, headSha: string, name = CHECK_NAME): Promise<ExistingCheckRun[]> {
  const { data } = await github.rest.checks.listForRef({ ...repo, ref: headSha, check_name: name, filter: 'all', per_page: 100 });
  return data.check_runs.map((run) => ({
    id: run.id,
    status: run.status,
    ...(run.conclusion ? { conclusion: run.conclusion } : {}),
    externalId: run.external_id ?? '',
    ...(run.started_at ? { startedAt: run.started_at } : {}),
  }));
}

export async function createCheckRun(github: GitHub, repo: RepoRef, headSha: string, externalId: string, summary: string): Promise<{ id: number; url?: string }> {
  const { data } = await github.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    external_id: externalId,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: { title: IN_PROGRESS_TITLE, summary },
  });
  return { id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
}

export interface CheckOutput {
  title: string;
  summary: string;
  annotations?: Annotation[];
}

export async function updateCheckRun(
  github: GitHub,
  repo: RepoRef,
  checkRunId: number,
  output: CheckOutput,
  conclusion?: 'success' | 'failure' | 'neutral',
): Promise<void> {
  await github.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    output,
    ...(conclusion ? { status: 'completed' as const, conclusion, completed_at: new Date().toISOString() } : {}),
  });
}

/**
 * A check run created already completed (nothing to wait for), its annotations attached 50 per
 * request: the first batch with the creation, the rest by updates (GitHub appends them).
 */
export async function createCompletedCheckRun(
  github: GitHub,
  repo: RepoRef,
  run: { name: string; headSha: string; conclusion: 'success' | 'failure' | 'neutral'; title: string; summary: string; annotations: readonly Annotation[]; externalId?: string },
): Promise<number> {
  const groups = batches(run.annotations, ANNOTATIONS_PER_REQUEST);
  const output = { title: run.title, summary: run.summary };
  const now = new Date().toISOString();
  const { data } = await github.rest.checks.create({
    ...repo,
    name: run.name,
    head_sha: run.headSha,
    ...(run.externalId !== undefined ? { external_id: run.externalId } : {}),
    status: 'completed',
    conclusion: run.conclusion,
    started_at: now,
    completed_at: now,
    output: { ...output, ...(groups[0] ? { annotations: groups[0] } : {}) },
  });
  for (const batch of groups.slice(1)) await github.rest.checks.update({ ...repo, check_run_id: data.id, output: { ...output, annotations: batch } });
  return data.id;
}

/** Publishes a planned check run: annotations 50 per request while in progress, completing it with the last batch. */
export async function publishCheckRun(github: GitHub, repo: RepoRef, checkRunId: number, plan: CheckRunPlan): Promise<void> {
  const output = { title: plan.title, summary: plan.summary };
  const groups = batches(plan.annotations, ANNOTATIONS_PER_REQUEST);
  for (const [index, group] of groups.entries()) {
    await updateCheckRun(github, repo, checkRunId, { ...output, annotations: group }, index === groups.length - 1 ? plan.conclusion : undefined);
  }
  if (groups.length === 0) await updateCheckRun(github, repo, checkRunId, output, plan.conclusion);
}
