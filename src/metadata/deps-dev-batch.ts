/**
 * deps.dev's v3alpha batch endpoints (`POST /v3alpha/versionbatch`, `/v3alpha/projectbatch`):
 * at most 5000 requests per call, and an answer that may come in pages. Each page is the SAME
 * requests sent again with the previous page's `nextPageToken` as `pageToken`; every response
 * echoes its request, so answers are paired by the echoed key, never by position.
 *
 * Failure is per page: a page that fails leaves only the requests not answered yet failed. A host
 * out of reach (isHostDown) is asked nothing more: every request still open is failed as
 * `unreachable`, here and in any later call that shares the same BatchState. Never throws.
 */
import { isHostDown, requestJson, SourceError } from './http.js';

/** deps.dev's limit on requests in one batch call (GetVersionBatchRequest.requests). */
export const DEPS_DEV_BATCH_LIMIT = 5000;

/** How requests are sent: the timeout per page and requestJson's retry settings. */
export interface BatchHttp {
  timeoutMs: number;
  retries?: number;
  backoffMs?: number;
  maxRetryAfterMs?: number;
}

/** What one source's batch calls share over a lookup: the host going down stops them all. */
export interface BatchState {
  down?: string;
  lastFailure?: string;
}

export interface BatchEndpoint {
  /** Named in reasons: `deps.dev (https://api.deps.dev)`. */
  sourceName: string;
  url: string;
  /** The answer's payload field: `version` (versionbatch), `project` (projectbatch). */
  payload: string;
  /** The key of an echoed `request` object, matching the key it was asked under; undefined when unreadable. */
  echoKey(request: unknown): string | undefined;
  /** Named in a malformed-answer reason: `version batch`. */
  what: string;
}

/** One request of a batch, under the key its echo will be read back as. */
export interface BatchRequest {
  key: string;
  body: unknown;
}

/** By key: the payload (null when deps.dev has none for it), or why it could not be asked. */
export type BatchOutcome = { value: unknown } | { failed: string };

export async function askInBatches(endpoint: BatchEndpoint, requests: readonly BatchRequest[], http: BatchHttp, state: BatchState): Promise<Map<string, BatchOutcome>> {
  const outcomes = new Map<string, BatchOutcome>();
  for (let start = 0; start < requests.length; start += DEPS_DEV_BATCH_LIMIT) {
    await askOneBatch(endpoint, requests.slice(start, start + DEPS_DEV_BATCH_LIMIT), http, state, outcomes);
  }
  return outcomes;
}

/** One call of at most DEPS_DEV_BATCH_LIMIT requests, page after page until there is no token. */
async function askOneBatch(endpoint: BatchEndpoint, batch: readonly BatchRequest[], http: BatchHttp, state: BatchState, outcomes: Map<string, BatchOutcome>): Promise<void> {
  const open = new Set(batch.map((request) => request.key));
  const bodies = batch.map((request) => request.body);
  let pageToken: string | undefined;
  try {
    for (;;) {
      if (state.down !== undefined) throw new SourceError(state.down, 'connection');
      const answer = await requestJson(endpoint.url, {
        method: 'POST',
        body: pageToken === undefined ? { requests: bodies } : { requests: bodies, pageToken },
        timeoutMs: http.timeoutMs,
        ...(http.retries !== undefined ? { retries: http.retries } : {}),
        ...(http.backoffMs !== undefined ? { backoffMs: http.backoffMs } : {}),
        ...(http.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: http.maxRetryAfterMs } : {}),
      });
      const page = readPage(endpoint, answer);
      const openBefore = open.size;
      for (const [key, value] of page.answers) {
        if (!open.delete(key)) continue; // not asked in this batch, or already answered by an earlier page
        outcomes.set(key, { value });
      }
      if (page.nextPageToken === undefined || open.size === 0) break;
      // A page that answers nothing new yet asks for another would page forever.
      if (open.size === openBefore) throw new SourceError(`${endpoint.what} paging answered nothing new`, 'answer');
      pageToken = page.nextPageToken;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    state.lastFailure = reason;
    if (isHostDown(error)) state.down ??= reason;
    const failed = state.down !== undefined ? `${endpoint.sourceName} unreachable (${state.down})` : `${endpoint.sourceName} failed (${reason})`;
    for (const key of open) outcomes.set(key, { failed });
    return;
  }
  // Every request is echoed in some page: one that is not was never answered, which is not "none".
  for (const key of open) outcomes.set(key, { failed: `${endpoint.sourceName} failed (left out of the ${endpoint.what} answer)` });
}

interface Page {
  answers: Map<string, unknown>;
  nextPageToken?: string;
}

/** `{responses: [{request, <payload>}], nextPageToken}`; proto3 JSON leaves out an empty list and an empty token. */
function readPage(endpoint: BatchEndpoint, answer: unknown): Page {
  // requestJson answers null for a 404: no such endpoint here (a mirror without v3alpha).
  if (answer === null) throw new SourceError('HTTP 404', 'server');
  if (typeof answer !== 'object' || Array.isArray(answer)) throw new SourceError(`answer was not a ${endpoint.what}`, 'answer');
  const { responses, nextPageToken } = answer as { responses?: unknown; nextPageToken?: unknown };
  if (responses !== undefined && !Array.isArray(responses)) throw new SourceError(`answer was not a ${endpoint.what}`, 'answer');
  const answers = new Map<string, unknown>();
  for (const response of responses ?? []) {
    if (typeof response !== 'object' || response === null) continue;
    const { request } = response as { request?: unknown };
    const key = endpoint.echoKey(request);
    if (key !== undefined) answers.set(key, (response as Record<string, unknown>)[endpoint.payload] ?? null);
  }
  return { answers, ...(typeof nextPageToken === 'string' && nextPageToken !== '' ? { nextPageToken } : {}) };
}
