/**
 * Licenses from ClearlyDefined (api.clearlydefined.io or a mirror): `POST /definitions` with a
 * JSON array of coordinates `type/provider/namespace/name/revision` answers an object keyed by
 * those coordinates, each a definition whose `licensed.declared` is the curated license
 * (https://docs.clearlydefined.io/docs/get-involved/using-data). The service refuses more than
 * 500 coordinates per call and allows 250 calls a minute: a 429 is tried again after its
 * `Retry-After` (requestJson). One failed call fails only its own packages; a host out of reach
 * (connection, timeout, a rate limit longer than we wait) is asked no more in this lookup.
 */
import type { Dependency } from '../deps/model.js';
import { parsePurl } from '../deps/purl.js';
import { isHostDown, requestJson, SourceError } from './http.js';
import { licenseFacts } from './license-facts.js';
import { clearlyDefinedType } from './systems.js';
import type { Answer, FactSource, LookupOptions, SourceAnswers } from './types.js';

/** The service answers 400 above this many coordinates in one call. */
export const CLEARLYDEFINED_BATCH_LIMIT = 500;

/** Calls in flight at once: 250 calls a minute is the service's limit for everyone on our address. */
const CALLS_IN_FLIGHT = 4;

export interface ClearlyDefinedOptions {
  /** The first wait before trying a failed call again (requestJson's default when absent); tests make it short. */
  backoffMs?: number;
  /** Tries after a 429 or a 5xx (requestJson's default when absent). */
  retries?: number;
}

export function clearlyDefinedSource(baseUrl: string, timeoutMs = 10_000, options: ClearlyDefinedOptions = {}): FactSource {
  const base = baseUrl.replace(/\/+$/, '');
  const name = `ClearlyDefined (${base})`;
  return {
    name,
    provides: ['license'],
    supports: (dependency) => dependency.version !== undefined && coordinatesOf(dependency.purl) !== undefined,
    lookup: (dependencies, lookupOptions) => lookupAll({ base, name, timeoutMs, options }, dependencies, lookupOptions),
  };
}

/**
 * ClearlyDefined's coordinates of a purl with a version, or undefined when the purl type has no
 * ClearlyDefined type. No namespace is `-`; an npm scope is the namespace (`@babel`); a Go
 * module path's slashes inside the namespace are written `%2f`, as the service asks.
 */
export function coordinatesOf(purl: string): string | undefined {
  const kind = clearlyDefinedType(purl);
  const parts = kind ? parsePurl(purl) : undefined;
  if (!kind || !parts?.version) return undefined;
  const namespace = parts.namespace ? parts.namespace.replaceAll('/', '%2f') : '-';
  return `${kind.type}/${kind.provider}/${namespace}/${parts.name}/${parts.version}`;
}

interface Client {
  base: string;
  name: string;
  timeoutMs: number;
  options: ClearlyDefinedOptions;
}

/** One call's worth of packages: coordinates -> the purls asked under them. */
type Batch = Map<string, string[]>;

async function lookupAll(client: Client, dependencies: readonly Dependency[], options: LookupOptions): Promise<SourceAnswers> {
  const result: SourceAnswers = { answers: new Map() };
  if (!options.kinds.has('license')) return result;
  const settle = (purl: string, answer: Answer) => {
    result.answers.set(purl, answer);
    options.onAnswer?.(purl, answer);
  };
  const batches = batchesOf(dependencies, settle);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) await askBatch(client, batches[next++] as Batch, result, settle);
  };
  const workers = Math.max(1, Math.min(options.concurrency, CALLS_IN_FLIGHT, batches.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

/** The packages in calls of at most 500 coordinates, each package once; a purl without coordinates fails at once. */
function batchesOf(dependencies: readonly Dependency[], settle: (purl: string, answer: Answer) => void): Batch[] {
  const batches: Batch[] = [];
  const seen = new Set<string>();
  let current: Batch = new Map();
  for (const { purl } of dependencies) {
    if (seen.has(purl)) continue;
    seen.add(purl);
    const coordinates = coordinatesOf(purl);
    if (coordinates === undefined) {
      settle(purl, { failed: `no ClearlyDefined coordinates for ${purl}` });
      continue;
    }
    const asked = current.get(coordinates);
    if (asked) {
      asked.push(purl);
      continue;
    }
    if (current.size === CLEARLYDEFINED_BATCH_LIMIT) {
      batches.push(current);
      current = new Map();
    }
    current.set(coordinates, [purl]);
  }
  if (current.size > 0) batches.push(current);
  return batches;
}

async function askBatch(client: Client, batch: Batch, result: SourceAnswers, settle: (purl: string, answer: Answer) => void): Promise<void> {
  const failAll = (why: string) => {
    for (const purls of batch.values()) for (const purl of purls) settle(purl, { failed: why });
  };
  if (result.down !== undefined) return failAll(`${client.name} unreachable (${result.down})`);
  let definitions: Record<string, unknown>;
  try {
    definitions = await fetchDefinitions(client, [...batch.keys()]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result.lastFailure = reason;
    if (isHostDown(error)) result.down ??= reason;
    return failAll(result.down !== undefined ? `${client.name} unreachable (${result.down})` : `${client.name} failed (${reason})`);
  }
  const byLowerCase = new Map(Object.keys(definitions).map((key) => [key.toLowerCase(), key]));
  for (const [coordinates, purls] of batch) {
    // The service keys its answer as asked; an older one keys it as it normalised the casing.
    const key = coordinates in definitions ? coordinates : byLowerCase.get(coordinates.toLowerCase());
    const facts = licenseFacts(key === undefined ? null : declaredLicense(definitions[key]), client.name);
    for (const purl of purls) settle(purl, { facts });
  }
}

async function fetchDefinitions(client: Client, coordinates: string[]): Promise<Record<string, unknown>> {
  const answer = await requestJson(`${client.base}/definitions`, {
    method: 'POST',
    body: coordinates,
    timeoutMs: client.timeoutMs,
    ...(client.options.backoffMs !== undefined ? { backoffMs: client.options.backoffMs } : {}),
    ...(client.options.retries !== undefined ? { retries: client.options.retries } : {}),
  });
  // A 404 on the one endpoint we call is a wrong base URL, not "no such package".
  if (answer === null) throw new SourceError('HTTP 404 on POST /definitions', 'server');
  if (typeof answer !== 'object' || Array.isArray(answer)) throw new SourceError('answer was not an object keyed by coordinates', 'answer');
  return answer as Record<string, unknown>;
}

/** Terms that say ClearlyDefined could not tell the license: a definition declaring only these has none we know. */
const NOT_A_LICENSE = new Set(['NOASSERTION', 'OTHER']);

/**
 * A definition's `licensed.declared`, or null when it says nothing usable: absent, empty, or
 * made only of NOASSERTION / OTHER (`NOASSERTION`, `OTHER AND NOASSERTION`). An expression that
 * names a real license beside them (`MIT AND OTHER`) is kept as declared: part of it is not
 * known, and the license rules report it as unknown with the text, rather than it passing as MIT.
 */
export function declaredLicense(definition: unknown): string | null {
  const licensed = typeof definition === 'object' && definition !== null ? (definition as { licensed?: unknown }).licensed : undefined;
  const declared = typeof licensed === 'object' && licensed !== null ? (licensed as { declared?: unknown }).declared : undefined;
  if (typeof declared !== 'string') return null;
  const text = declared.trim();
  const terms = text
    .replace(/[()]/g, ' ')
    .split(/\s+/)
    .filter((term) => term !== '' && !/^(AND|OR|WITH)$/i.test(term));
  return terms.every((term) => NOT_A_LICENSE.has(term.toUpperCase())) ? null : text;
}
