/**
 * Pull request reads and the review write. The merge base and the diff hunks come from one
 * compare call (three-dot, like the PR's "Files changed"); GitHub lists at most 300 files there,
 * so for a bigger PR the pull-files listing is paged only until the files we need are seen.
 */
import type { GitHub, RepoRef } from './octokit.js';
import type { ChangedFile } from './trees.js';

export interface PullState {
  number: number;
  state: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** The GraphQL node id of the base repository (the check run's creation names it). */
  repositoryNodeId?: string;
}

export async function getPull(github: GitHub, repo: RepoRef, number: number): Promise<PullState> {
  const { data } = await github.rest.pulls.get({ ...repo, pull_number: number });
  const nodeId = data.base.repo?.node_id;
  return { number, state: data.state, headSha: data.head.sha, baseSha: data.base.sha, baseRef: data.base.ref, ...(nodeId ? { repositoryNodeId: nodeId } : {}) };
}

export interface Comparison {
  mergeBaseSha: string;
  /** Patch per changed file (undefined: binary or too large for GitHub to show). */
  patches: Map<string, string | undefined>;
  /** True when GitHub may have left files out (it lists 300 at most). */
  filesTruncated: boolean;
  /** The changed files as listed (complete unless filesTruncated). */
  files: ChangedFile[];
}

const COMPARE_FILE_LIMIT = 300;

export async function compareCommits(github: GitHub, repo: RepoRef, base: string, head: string): Promise<Comparison> {
  // per_page=1 keeps the commit list short; the file list (with patches) comes with the first page.
  const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 1 });
  const files = data.files ?? [];
  return {
    mergeBaseSha: data.merge_base_commit.sha,
    patches: new Map(files.map((file) => [file.filename, file.patch])),
    filesTruncated: files.length >= COMPARE_FILE_LIMIT,
    files: files.map((file) => ({ path: file.filename, status: file.status, ...(file.previous_filename ? { previousPath: file.previous_filename } : {}) })),
  };
}

/**
 * Fills in the patches of `wanted` paths missing from `known` by paging the pull-files listing
 * (100 a page, at most 3000 files), stopping as soon as every wanted path has been seen.
 */
export async function findPatches(github: GitHub, repo: RepoRef, number: number, known: Map<string, string | undefined>, wanted: Iterable<string>): Promise<void> {
  const missing = new Set([...wanted].filter((path) => !known.has(path)));
  if (missing.size === 0) return;
  for await (const page of github.paginate.iterator(github.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 })) {
    for (const file of page.data) {
      known.set(file.filename, file.patch);
      missing.delete(file.filename);
    }
    if (missing.size === 0) return;
  }
}

/** The bodies of review comments already on the pull request (to read our markers back). */
export async function reviewCommentBodies(github: GitHub, repo: RepoRef, number: number): Promise<string[]> {
  const comments = await github.paginate(github.rest.pulls.listReviewComments, { ...repo, pull_number: number, per_page: 100 });
  return comments.map((comment) => comment.body);
}

/** The bodies of reviews already on the pull request. */
export async function reviewBodies(github: GitHub, repo: RepoRef, number: number): Promise<string[]> {
  const reviews = await github.paginate(github.rest.pulls.listReviews, { ...repo, pull_number: number, per_page: 100 });
  return reviews.map((review) => review.body ?? '');
}

export interface ReviewComment {
  path: string;
  line: number;
  body: string;
}

export async function createReview(github: GitHub, repo: RepoRef, number: number, commitId: string, body: string, comments: ReviewComment[]): Promise<number> {
  const { data } = await github.rest.pulls.createReview({
    ...repo,
    pull_number: number,
    commit_id: commitId,
    event: 'COMMENT',
    body,
    comments: comments.map((comment) => ({ path: comment.path, line: comment.line, side: 'RIGHT' as const, body: comment.body })),
  });
  return data.id;
}
