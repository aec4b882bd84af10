/**
 * Vulnerabilities from OSV (api.osv.dev or a mirror, https://google.github.io/osv.dev/api/), in
 * two steps: `POST /v1/querybatch` (up to 1000 package versions a call, answered in input order
 * with only each record's `id` and `modified`, a query with more pages carrying a
 * `next_page_token`), then `GET /v1/vulns/{id}` once per distinct record the shared cache does not
 * hold at that `modified`. A failed call fails only the packages it was for; a host out of reach
 * stops every later call (`down`).
 */
import { batches, mapConcurrently } from '../deps/arrays.js';
import type { Dependency } from '../deps/model.js';
import { parsePurl } from '../deps/purl.js';
import type { Vulnerability } from '../facts/types.js';
import { isHostDown, requestJson, SourceError, type RequestOptions } from './http.js';
import { readOsvRecord, vulnerabilityOf, type OsvPackage, type OsvRecord } from './osv-record.js';
import { normalizePythonName } from '../ecosystems/python.js';
import { osvEcosystem } from './systems.js';
import type { Answer, FactSource, LookupOptions, SourceAnswers } from './types.js';

/** OSV's limit of queries per querybatch call. */
export const QUERIES_PER_BATCH = 1000;

/** Pages followed per query: a `next_page_token` that never ends is an answer we can't use, not a loop. */
const MAX_PAGES = 100;

export interface OsvSourceOptions {
  /** The first wait before retrying a 429 or 5xx (default 500 ms, doubled each time). */
  backoffMs?: number;
  /** Retries after a 429 or 5xx (default 2). */
  retries?: number;
}

/** What one lookup needs to ask OSV. */
interface Api {
  base: string;
  name: string;
  request: Pick<RequestOptions, 'timeoutMs' | 'backoffMs' | 'retries'>;
}

/** One package version as OSV is asked for it. */
interface Asked {
  purl: string;
  package: OsvPackage;
  version: string;
}

/** A record OSV says affects a package, as querybatch gives it. */
interface RecordRef {
  id: string;
  modified?: string;
}

/** What one lookup knows so far: answers (failures as they happen) and the circuit breaker (`result.down`). */
interface Run {
  api: Api;
  result: SourceAnswers;
  /** By purl: the records querybatch gave, for every package whose every page arrived. */
  hits: Map<string, RecordRef[]>;
}

export function osvSource(baseUrl: string, timeoutMs = 10_000, options: OsvSourceOptions = {}): FactSource {
  const base = baseUrl.replace(/\/+$/, '');
  const request = { timeoutMs, ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}), ...(options.retries !== undefined ? { retries: options.retries } : {}) };
  const api: Api = { base, name: `OSV (${base})`, request };
  return {
    name: api.name,
    provides: ['vulnerabilities'],
    supports: (dependency) => dependency.version !== undefined && osvQueryOf(dependency.purl) !== undefined,
    lookup: (dependencies, lookupOptions) => lookupVulnerabilities(api, dependencies, lookupOptions),
  };
}

/**
 * The OSV package and version of a purl, or undefined when OSV has no ecosystem for it or it has
 * no version. Names as OSV's ecosystems write them (https://ossf.github.io/osv-schema/#affectedpackage-field).
 */
export function osvQueryOf(purl: string): { package: OsvPackage; version: string } | undefined {
  const ecosystem = osvEcosystem(purl);
  const parts = ecosystem === undefined ? undefined : parsePurl(purl);
  if (ecosystem === undefined || parts?.version === undefined) return undefined;
  const { type, namespace, name } = parts;
  let fullName = namespace !== undefined ? `${namespace}/${name}` : name;
  let version = parts.version;
  if (type === 'maven' && namespace !== undefined) fullName = `${namespace}:${name}`;
  if (type === 'pypi') fullName = normalizePythonName(fullName);
  // OSV's Go records write versions without Go's `v` (`1.8.0`), as its own scanner asks.
  if (type === 'golang') version = version.replace(/^v(?=\d)/, '');
  return { package: { ecosystem, name: fullName }, version };
}

async function lookupVulnerabilities(api: Api, dependencies: readonly Dependency[], options: LookupOptions): Promise<SourceAnswers> {
  const run: Run = { api, result: { answers: new Map() }, hits: new Map() };
  if (!options.kinds.has('vulnerabilities')) return run.result;
  const asked = distinctAsked(dependencies);
  await mapConcurrently(batches(asked, QUERIES_PER_BATCH), options.concurrency, (batch) => queryBatch(run, batch));
  const records = await recordsFor(run, options);
  for (const item of asked) {
    const refs = run.hits.get(item.purl);
    if (refs === undefined) continue; // its querybatch failed: already answered
    const answer = answerFor(run.api, item, refs, records);
    run.result.answers.set(item.purl, answer);
  }
  for (const item of asked) {
    const answer = run.result.answers.get(item.purl);
    if (answer !== undefined) options.onAnswer?.(item.purl, answer);
  }
  return run.result;
}

/** Each package version once, only those OSV can be asked about. */
function distinctAsked(dependencies: readonly Dependency[]): Asked[] {
  const asked = new Map<string, Asked>();
  for (const dependency of dependencies) {
    if (dependency.version === undefined || asked.has(dependency.purl)) continue;
    const query = osvQueryOf(dependency.purl);
    if (query !== undefined) asked.set(dependency.purl, { purl: dependency.purl, ...query });
  }
  return [...asked.values()];
}

/**
 * One querybatch of at most 1000 queries, then its later pages: only the queries that had a
 * `next_page_token`, each with its `page_token`, until none has one. A failed call fails the
 * queries it carried; the ones already complete keep their records.
 */
async function queryBatch(run: Run, batch: readonly Asked[]): Promise<void> {
  const found = batch.map((): RecordRef[] => []);
  let pending = batch.map((_, index) => ({ index, pageToken: undefined as string | undefined }));
  for (let page = 0; pending.length > 0; page++) {
    try {
      if (run.result.down !== undefined) throw new SourceError(run.result.down, 'connection');
      if (page >= MAX_PAGES) throw new SourceError(`querybatch gave more than ${MAX_PAGES} pages for a query`, 'answer');
      const queries = pending.map(({ index, pageToken }) => {
        const item = batch[index] as Asked;
        return { package: item.package, version: item.version, ...(pageToken !== undefined ? { page_token: pageToken } : {}) };
      });
      const answer = await requestJson(`${run.api.base}/v1/querybatch`, { ...run.api.request, method: 'POST', body: { queries } });
      const results = readBatchResults(answer, queries.length);
      const next: typeof pending = [];
      results.forEach((result, position) => {
        const { index } = pending[position] as (typeof pending)[number];
        (found[index] as RecordRef[]).push(...result.vulns);
        if (result.nextPageToken !== undefined) next.push({ index, pageToken: result.nextPageToken });
        else run.hits.set((batch[index] as Asked).purl, found[index] as RecordRef[]);
      });
      pending = next;
    } catch (error) {
      const reason = failureReason(run, error);
      for (const { index } of pending) run.result.answers.set((batch[index] as Asked).purl, { failed: reason });
      return;
    }
  }
}

/** querybatch's `results`, one per query in order (`{}` when a query matched nothing); throws when the answer is not that. */
function readBatchResults(answer: unknown, expected: number): { vulns: RecordRef[]; nextPageToken?: string }[] {
  const results = isObject(answer) ? answer.results : undefined;
  if (!Array.isArray(results) || results.length !== expected) {
    throw new SourceError(`querybatch answered ${Array.isArray(results) ? `${results.length} results for ${expected} queries` : 'without results'}`, 'answer');
  }
  return results.map((result) => {
    if (!isObject(result)) throw new SourceError('querybatch answered a result that is not an object', 'answer');
    const vulns = result.vulns ?? [];
    if (!Array.isArray(vulns)) throw new SourceError('querybatch answered `vulns` that is not a list', 'answer');
    const refs = vulns.map((vuln): RecordRef => {
      if (!isObject(vuln) || typeof vuln.id !== 'string') throw new SourceError('querybatch answered a record without an id', 'answer');
      return { id: vuln.id, ...(typeof vuln.modified === 'string' ? { modified: vuln.modified } : {}) };
    });
    const token = result.next_page_token;
    return { vulns: refs, ...(typeof token === 'string' && token !== '' ? { nextPageToken: token } : {}) };
  });
}

/**
 * Every distinct record the packages need: from the cache when it holds the record at the
 * `modified` querybatch gave (older is stale), else fetched a few at a time and cached. A record
 * that could not be fetched is its failure reason.
 */
async function recordsFor(run: Run, options: LookupOptions): Promise<Map<string, OsvRecord | { failed: string }>> {
  const wanted = new Map<string, string | undefined>();
  for (const refs of run.hits.values()) for (const ref of refs) if (!wanted.has(ref.id)) wanted.set(ref.id, ref.modified);
  const records = new Map<string, OsvRecord | { failed: string }>();
  if (wanted.size === 0) return records;
  const cached = await cachedRecords(options, [...wanted.keys()]);
  const missing: string[] = [];
  for (const [id, modified] of wanted) {
    const record = cached.get(id);
    if (record !== undefined && (modified === undefined || record.modified === modified)) records.set(id, record);
    else missing.push(id);
  }
  const fetched = new Map<string, OsvRecord>();
  await mapConcurrently(missing, options.concurrency, async (id) => {
    const record = await fetchRecord(run, id);
    records.set(id, record);
    if (!('failed' in record)) fetched.set(id, record);
  });
  if (fetched.size > 0 && options.cache) {
    // A cache that can't be written costs the next run some requests, never this run's answers.
    await options.cache.setMany('osv-record', fetched).catch(() => undefined);
  }
  return records;
}

async function cachedRecords(options: LookupOptions, ids: readonly string[]): Promise<Map<string, OsvRecord>> {
  if (!options.cache) return new Map();
  // A cache that can't be read is a cache that holds nothing: every record is fetched.
  return options.cache.getMany<OsvRecord>('osv-record', ids).catch(() => new Map<string, OsvRecord>());
}

async function fetchRecord(run: Run, id: string): Promise<OsvRecord | { failed: string }> {
  try {
    if (run.result.down !== undefined) throw new SourceError(run.result.down, 'connection');
    const answer = await requestJson(`${run.api.base}/v1/vulns/${encodeURIComponent(id)}`, run.api.request);
    if (answer === null) throw new SourceError(`record ${id} not found`, 'answer');
    const record = readOsvRecord(answer);
    if (record === undefined) throw new SourceError(`record ${id} is not an OSV record`, 'answer');
    return record;
  } catch (error) {
    return { failed: failureReason(run, error) };
  }
}

/** A package's vulnerabilities, or the first reason one of its records could not be read. */
function answerFor(api: Api, item: Asked, refs: readonly RecordRef[], records: ReadonlyMap<string, OsvRecord | { failed: string }>): Answer {
  const vulnerabilities: Vulnerability[] = [];
  const seen = new Set<string>();
  for (const { id } of refs) {
    if (seen.has(id)) continue;
    seen.add(id);
    const record = records.get(id);
    if (record === undefined) return { failed: `${api.name} failed (record ${id} was not fetched)` };
    if ('failed' in record) return { failed: record.failed };
    // A withdrawn record no longer claims the package is affected (OSV schema, `withdrawn`).
    if (record.withdrawn !== undefined) continue;
    vulnerabilities.push(vulnerabilityOf(record, item.package));
  }
  return { facts: { vulnerabilities: { value: vulnerabilities, source: api.name } } };
}

/** Why a call failed, for the packages it was for; trips the breaker when the host is out of reach. */
function failureReason(run: Run, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  const { result, api } = run;
  result.lastFailure = reason;
  if (isHostDown(error)) {
    result.down ??= reason;
    return `${api.name} unreachable (${result.down})`;
  }
  return `${api.name} failed (${reason})`;
}


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
