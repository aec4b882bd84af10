/**
 * The dependency check runs of this app left `in_progress` (or `queued`) on the head of an open
 * pull request: what a crash, a deploy or a lost Redis leaves behind, since GitHub never delivers
 * the webhook again. One GraphQL query per page of 50 pull requests: the search names the open
 * pull requests of the installation's account updated within the look-back window, and for each its
 * head commit's unfinished runs of our check. A pull request not updated for longer (24 h by
 * default) is left to a human re-run: the sweeper repairs recent crashes, it is not an archaeologist.
 */
import { CHECK_NAME } from './checks.js';
import type { GitHub, RepoRef } from './octokit.js';

/** An unfinished check run of ours on the head of an open pull request. */
export interface StaleCheckRun {
  repo: RepoRef;
  /** The pull request whose head carries the run (its external id may name another one sharing the commit). */
  pullNumber: number;
  headSha: string;
  /** The pull request's base branch now. */
  baseRefName: string;
  checkRunId: number;
  /** What the job that created it wrote (`externalIdFor`), to name that job again. */
  externalId: string;
  /** ISO date; absent when GitHub has none (a run never started can't be aged, nor taken over). */
  startedAt?: string;
}

export interface StaleCheckRunsQuery {
  /** The installation's account (organization or user) whose repositories are searched. */
  login: string;
  /** This app's id: only its check suites are read. */
  appId: number;
  /** Pull requests updated at or after this instant (epoch ms) are inspected. */
  updatedSince: number;
  checkName?: string;
}

export interface StaleCheckRunsResult {
  runs: StaleCheckRun[];
  /** Open pull requests inspected. */
  inspected: number;
  /** Why some pull requests could not be inspected (GitHub's search stops at 1,000 results), if any did. */
  incomplete?: string;
}

export const DEFAULT_LOOK_BACK_MS = 24 * 60 * 60_000;
const PAGE_SIZE = 50;
/** GitHub's search never returns more than 1,000 results, whatever the paging. */
const SEARCH_RESULT_LIMIT = 1000;

export const STALE_CHECKS_QUERY = `query OspoStaleChecks($search: String!, $after: String, $appId: Int!, $checkName: String!) {
  search(type: ISSUE, query: $search, first: ${PAGE_SIZE}, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        baseRefName
        headRefOid
        repository { name owner { login } }
        commits(last: 1) {
          nodes {
            commit {
              checkSuites(first: 10, filterBy: { appId: $appId }) {
                nodes {
                  checkRuns(first: 10, filterBy: { checkName: $checkName, statuses: [IN_PROGRESS, QUEUED] }) {
                    nodes { databaseId externalId startedAt status }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

interface Nodes<T> {
  nodes?: (T | null)[] | null;
}

interface CheckRunNode {
  databaseId: number | null;
  externalId: string | null;
  startedAt: string | null;
  status: string;
}

interface PullRequestNode {
  number: number;
  baseRefName: string;
  headRefOid: string;
  repository: { name: string; owner: { login: string } };
  commits: Nodes<{ commit: { checkSuites: Nodes<{ checkRuns: Nodes<CheckRunNode> | null }> | null } }>;
}

interface SearchPage {
  // An issue among the results would be `{}` (the fragment only selects pull requests' fields).
  search: { issueCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (PullRequestNode | Record<string, never> | null)[] };
}

const isPullRequest = (node: PullRequestNode | Record<string, never> | null): node is PullRequestNode => node !== null && typeof node.number === 'number';

/** The search string: open pull requests of the account's repositories updated since the instant (UTC, to the second). */
export function staleChecksSearch(login: string, updatedSince: number): string {
  const since = new Date(updatedSince).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `is:pr is:open user:${login} updated:>=${since}`;
}

/** Every unfinished run of ours on the head of the account's recently updated open pull requests, all pages read. */
export async function findStaleCheckRuns(github: GitHub, query: StaleCheckRunsQuery): Promise<StaleCheckRunsResult> {
  const variables = { search: staleChecksSearch(query.login, query.updatedSince), appId: query.appId, checkName: query.checkName ?? CHECK_NAME };
  const runs = new Map<number, StaleCheckRun>();
  let inspected = 0;
  let total = 0;
  let after: string | null = null;
  do {
    const page: SearchPage = await github.graphql<SearchPage>(STALE_CHECKS_QUERY, { ...variables, after });
    total = page.search.issueCount;
    for (const pull of page.search.nodes) {
      if (!isPullRequest(pull)) continue;
      inspected++;
      // A head commit shared by two pull requests carries both runs: one entry per check run.
      for (const run of unfinishedRuns(pull)) runs.set(run.checkRunId, run);
    }
    after = page.search.pageInfo.hasNextPage ? page.search.pageInfo.endCursor : null;
  } while (after !== null);
  const result: StaleCheckRunsResult = { runs: [...runs.values()], inspected };
  if (total > SEARCH_RESULT_LIMIT) result.incomplete = `GitHub's search found ${total} open pull requests updated since ${new Date(query.updatedSince).toISOString()} and returns ${SEARCH_RESULT_LIMIT} at most: ${total - inspected} were not inspected`;
  return result;
}

function unfinishedRuns(pull: PullRequestNode): StaleCheckRun[] {
  const repo = { owner: pull.repository.owner.login, repo: pull.repository.name };
  const found: StaleCheckRun[] = [];
  for (const commitNode of pull.commits.nodes ?? []) {
    const commit = commitNode?.commit;
    if (!commit) continue;
    for (const suite of commit.checkSuites?.nodes ?? []) {
      for (const run of suite?.checkRuns?.nodes ?? []) {
        if (!run || run.databaseId === null) continue;
        found.push({
          repo,
          pullNumber: pull.number,
          headSha: pull.headRefOid,
          baseRefName: pull.baseRefName,
          checkRunId: run.databaseId,
          externalId: run.externalId ?? '',
          ...(run.startedAt ? { startedAt: run.startedAt } : {}),
        });
      }
    }
  }
  return found;
}
