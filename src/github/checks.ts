/** The check run writes: find ours on a commit, create it, update it. */
import type { GitHub, RepoRef } from './octokit.js';

export const CHECK_NAME = 'ospo-gatekeeper / dependencies';

export interface ExistingCheckRun {
  id: number;
  status: string;
  externalId: string;
  startedAt?: string;
}

/** Our check runs on a commit (by name), newest first. */
export async function findCheckRuns(github: GitHub, repo: RepoRef, headSha: string): Promise<ExistingCheckRun[]> {
  const { data } = await github.rest.checks.listForRef({ ...repo, ref: headSha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
  return data.check_runs.map((run) => ({
    id: run.id,
    status: run.status,
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
    output: { title: 'Checking dependencies…', summary },
  });
  return { id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
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
