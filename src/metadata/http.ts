/**
 * JSON over fetch with a timeout. 404 is "not found" (null); any other failure throws a
 * SourceError whose kind says whether the host itself is out of reach (then the caller stops
 * asking it for the rest of the run) or only this one request failed. Batch sources use
 * requestJson (POST, retries with backoff and Retry-After); fetchJson asks once.
 */

/** `connection`, `timeout`, `rate-limited`: the host can't be used now. `server`, `answer`: this request failed. */
export type FailureKind = 'connection' | 'timeout' | 'rate-limited' | 'server' | 'answer';

export class SourceError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

/** Kinds after which asking the same host again in this run would only cost time. */
export function isHostDown(error: unknown): boolean {
  return error instanceof SourceError && (error.kind === 'connection' || error.kind === 'timeout' || error.kind === 'rate-limited');
}

export async function fetchJson(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<unknown | null> {
  return requestJson(url, { timeoutMs, headers, retries: 0 });
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Tries again after a 429 or a 5xx this many times (default 2), then fails. */
  retries?: number;
  /** The first wait before trying again, doubled each time (default 500 ms); `Retry-After` wins when given. */
  backoffMs?: number;
  /** A `Retry-After` longer than this (default 30 s) is not waited for: the host is down for this run. */
  maxRetryAfterMs?: number;
}

/**
 * JSON over fetch: 404 is null; 429 and 5xx are tried again (`retries`), after the server's
 * `Retry-After` or an exponential backoff; anything else, or the last failure, throws a SourceError.
 */
export async function requestJson(url: string, options: RequestOptions): Promise<unknown | null> {
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const outcome = await requestOnce(url, options);
    if (!('retryable' in outcome)) return outcome.value;
    const wait = retryWait(outcome.retryAfter, attempt, options);
    if (attempt >= retries || wait === undefined) throw outcome.retryable;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

type Outcome = { value: unknown | null } | { retryable: SourceError; retryAfter: string | null };

async function requestOnce(url: string, options: RequestOptions): Promise<Outcome> {
  let response: Response;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    if (field(error, 'name') === 'TimeoutError') throw new SourceError(`timed out after ${options.timeoutMs} ms`, 'timeout');
    throw new SourceError(connectionReason(error), 'connection');
  }
  if (response.status === 404) return { value: null };
  const retryAfter = response.headers.get('retry-after');
  if (response.status === 429 || (response.status === 403 && response.headers.get('x-ratelimit-remaining') === '0')) {
    return { retryable: new SourceError(`rate limited (HTTP ${response.status})`, 'rate-limited'), retryAfter };
  }
  if (response.status >= 500) return { retryable: new SourceError(`HTTP ${response.status}`, 'server'), retryAfter };
  if (!response.ok) throw new SourceError(`HTTP ${response.status}`, 'server');
  try {
    return { value: await response.json() };
  } catch {
    throw new SourceError('answer was not JSON', 'answer');
  }
}

/** How long to wait before the next try, or undefined when the server asks for longer than we wait. */
function retryWait(retryAfter: string | null, attempt: number, options: RequestOptions): number | undefined {
  const backoff = (options.backoffMs ?? 500) * 2 ** attempt;
  if (retryAfter === null) return backoff;
  const seconds = Number(retryAfter);
  // Retry-After is seconds or an HTTP date.
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
  if (!Number.isFinite(ms)) return backoff;
  return ms > (options.maxRetryAfterMs ?? 30_000) ? undefined : Math.max(0, ms);
}

/** `fetch failed` says nothing: the cause (`ENOTFOUND`, `ECONNREFUSED`) does. */
function connectionReason(error: unknown): string {
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? (error as { cause: unknown }).cause : undefined;
  const detail = field(cause, 'code') ?? field(cause, 'message');
  const message = field(error, 'message') ?? String(error);
  return typeof detail === 'string' ? `${message}: ${detail}` : String(message);
}

/**
 * A property of a thrown value, read without `instanceof` (fetch's errors may come from another
 * realm, as under jest's VM modules, where `instanceof Error` is false).
 */
function field(value: unknown, name: 'name' | 'message' | 'code'): string | undefined {
  if (typeof value !== 'object' || value === null || !(name in value)) return undefined;
  const found = (value as Record<string, unknown>)[name];
  return typeof found === 'string' ? found : undefined;
}
