/** JSON over fetch with a timeout; 404 is "not found" (null), any other failure throws with a short reason. */
export async function fetchJson(url: string, timeoutMs: number): Promise<unknown | null> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (error as Error).message;
    throw new Error(reason);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new Error('answer was not JSON');
  }
}
