/**
 * JSON over fetch with a timeout. 404 is "not found" (null); any other failure throws a
 * SourceError whose kind says whether the host itself is out of reach (then the caller stops
 * asking it for the rest of the run) or only this one request failed.
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
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (field(error, 'name') === 'TimeoutError') throw new SourceError(`timed out after ${timeoutMs} ms`, 'timeout');
    throw new SourceError(connectionReason(error), 'connection');
  }
  if (response.status === 404) return null;
  if (response.status === 429 || (response.status === 403 && response.headers.get('x-ratelimit-remaining') === '0')) {
    throw new SourceError(`rate limited (HTTP ${response.status})`, 'rate-limited');
  }
  if (!response.ok) throw new SourceError(`HTTP ${response.status}`, 'server');
  try {
    return await response.json();
  } catch {
    throw new SourceError('answer was not JSON', 'answer');
  }
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
