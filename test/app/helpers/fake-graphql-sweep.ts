/**
 * The sweeper's GraphQL query (`OspoStaleChecks`) on the fake GitHub: a search of open pull
 * requests (the fake's `pull`, plus any a test adds with `addSearchPulls`), each with its head
 * commit's check runs from the fake's `checkRuns`, filtered by name and status as the query asks,
 * paged by the query's `first:` and the `after` cursor (the index of the next result).
 */
import type { FakeGitHub, PullModel } from './fake-github.js';

export interface SearchPull extends PullModel {
  /** Default: the fake's repository. */
  repo?: string;
  /** ISO date of the last update; default: now (every pull request is recent). */
  updatedAt?: string;
}

const extraPulls = new WeakMap<FakeGitHub, SearchPull[]>();

/** More open pull requests for the fake's search to find (the fake models one pull request otherwise). */
export function addSearchPulls(fake: FakeGitHub, pulls: readonly SearchPull[]): void {
  extraPulls.set(fake, [...(extraPulls.get(fake) ?? []), ...pulls]);
}

/** The qualifiers the sweeper's search string must have; anything else is a query the fake refuses. */
const SEARCH = /^is:pr is:open user:(\S+) updated:>=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/;

export function ospoStaleChecks(fake: FakeGitHub, variables: Record<string, unknown>, query: string) {
  const search = SEARCH.exec(String(variables.search));
  if (!search || typeof variables.appId !== 'number' || typeof variables.checkName !== 'string') {
    return { data: null, errors: [{ type: 'INVALID', message: `fake GitHub: OspoStaleChecks variables not understood: ${JSON.stringify(variables)}` }] };
  }
  const pageSize = Number(/search\([^)]*first:\s*(\d+)/.exec(query)?.[1] ?? Number.NaN);
  const statuses = (/statuses:\s*\[([A-Z_,\s]+)\]/.exec(query)?.[1] ?? '').split(',').map((status) => status.trim().toLowerCase());
  const [, login, since] = search;
  const { owner } = fake.options;
  const pulls = [fake.pull, ...(extraPulls.get(fake) ?? [])].filter(
    (pull) => pull.state === 'open' && owner.toLowerCase() === login!.toLowerCase() && Date.parse((pull as SearchPull).updatedAt ?? new Date().toISOString()) >= Date.parse(since!),
  );
  const start = variables.after === null || variables.after === undefined ? 0 : Number(variables.after);
  const page = pulls.slice(start, start + pageSize);
  const end = start + page.length;
  const runsOn = (headSha: string) =>
    fake.checkRuns
      .filter((run) => run.head_sha === headSha && run.name === variables.checkName && statuses.includes(run.status))
      .slice(0, 10)
      .map((run) => ({ databaseId: run.id, externalId: run.external_id ?? null, startedAt: run.started_at ?? null, status: run.status.toUpperCase() }));
  return {
    data: {
      search: {
        issueCount: pulls.length,
        pageInfo: { hasNextPage: end < pulls.length, endCursor: page.length > 0 ? String(end) : null },
        nodes: page.map((pull) => ({
          number: pull.number,
          baseRefName: pull.baseRef,
          headRefOid: pull.headSha,
          repository: { name: (pull as SearchPull).repo ?? fake.options.repo, owner: { login: owner } },
          // Every run of the fake is this app's: one check suite holds them.
          commits: { nodes: [{ commit: { checkSuites: { nodes: [{ checkRuns: { nodes: runsOn(pull.headSha) } }] } } }] },
        })),
      },
    },
  };
}
