/**
 * The GitHub client the app's adapters take: Probot's per-event Octokit (installation auth,
 * retries, throttling, GHE base URL all configured by Probot). Only `rest.*`, `paginate` and
 * `hook` are used.
 */
import type { ProbotOctokit } from 'probot';

export type GitHub = ProbotOctokit;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Counts the REST calls made through one client (retries of the same call count once). */
export interface CallCounter {
  readonly count: number;
  readonly byRoute: ReadonlyMap<string, number>;
}

const counters = new WeakMap<object, { count: number; byRoute: Map<string, number> }>();

export function countCalls(octokit: GitHub): CallCounter {
  let state = counters.get(octokit);
  if (!state) {
    const created = { count: 0, byRoute: new Map<string, number>() };
    state = created;
    counters.set(octokit, created);
    octokit.hook.wrap('request', async (request, options) => {
      const route = `${String(options.method)} ${String(options.url)}`;
      created.count++;
      created.byRoute.set(route, (created.byRoute.get(route) ?? 0) + 1);
      return request(options);
    });
  }
  return state;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** The first line of an error's message (Octokit's carry the request and response below it), for reasons shown to people. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** An error as a job's summary says it: `GitHub answered 502 (…)` for an HTTP error, else its first line; capped. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const line = errorLine(error);
  return status !== undefined ? `GitHub answered ${status} (${line.slice(0, 200)})` : line.slice(0, 300);
}
