/**
 * Facts from deps.dev (api.deps.dev or a mirror) for every purl type it has a system for, in
 * batches over its v3alpha API: `POST /v3alpha/versionbatch` for a version's licenses,
 * deprecation, publication time and source repository, then, only when the scorecard is wanted,
 * `POST /v3alpha/projectbatch` once per distinct source repository. 550 packages cost one
 * request (two with scorecards), not 550.
 */
import type { Dependency } from '../deps/model.js';
import type { FactKind, PackageFacts } from '../facts/types.js';
import { askInBatches, type BatchHttp, type BatchOutcome, type BatchRequest, type BatchState } from './deps-dev-batch.js';
import { echoedProjectId, echoedVersionKeyId, scorecardOf, sourceRepositoryOf, versionFacts, versionKeyId, versionKeyOf, type VersionKey } from './deps-dev-facts.js';
import { depsDevSystem } from './systems.js';
import type { Answer, FactSource, LookupOptions, SourceAnswers } from './types.js';

/** requestJson's retry settings for the batch calls (tests make the backoff tiny). */
export interface DepsDevOptions {
  /** Tries again after a 429 or a 5xx this many times (default 2). */
  retries?: number;
  /** The first wait before trying again, doubled each time (default 500 ms); `Retry-After` wins. */
  backoffMs?: number;
  /** A `Retry-After` longer than this (default 30 s) is not waited for: the host is down for this run. */
  maxRetryAfterMs?: number;
}

const PROVIDES: readonly FactKind[] = ['license', 'deprecation', 'publishedAt', 'sourceRepository', 'scorecard'];

/** Kinds whose asking needs the version batch: all it provides (the scorecard needs the version's repository). */
const NEEDS_VERSIONS: ReadonlySet<FactKind> = new Set(PROVIDES);

export function depsDevSource(baseUrl: string, timeoutMs = 10_000, options: DepsDevOptions = {}): FactSource {
  const base = baseUrl.replace(/\/+$/, '');
  const name = `deps.dev (${base})`;
  const http: BatchHttp = { timeoutMs, ...options };
  return {
    name,
    provides: PROVIDES,
    supports: (dependency) => dependency.version !== undefined && depsDevSystem(dependency.purl) !== undefined,
    lookup: async (dependencies, lookupOptions) => {
      try {
        return await lookupAll({ base, name, http }, dependencies, lookupOptions);
      } catch (error) {
        // Never throws: a bug here is every package failed, with why.
        const reason = error instanceof Error ? error.message : String(error);
        const answers = new Map<string, Answer>(dependencies.map(({ purl }) => [purl, { failed: `${name} failed (${reason})` }]));
        return { answers, lastFailure: reason };
      }
    },
  };
}

interface Endpoint {
  base: string;
  name: string;
  http: BatchHttp;
}

/** The packages asked under one versionKey (one request however many purls share it). */
interface Asked {
  key: VersionKey;
  purls: string[];
}

async function lookupAll(endpoint: Endpoint, dependencies: readonly Dependency[], options: LookupOptions): Promise<SourceAnswers> {
  const result: SourceAnswers = { answers: new Map() };
  if (![...options.kinds].some((kind) => NEEDS_VERSIONS.has(kind))) return result;
  const settle = (purl: string, answer: Answer) => {
    result.answers.set(purl, answer);
    options.onAnswer?.(purl, answer);
  };
  const asked = new Map<string, Asked>();
  const seen = new Set<string>();
  for (const { purl } of dependencies) {
    if (seen.has(purl)) continue;
    seen.add(purl);
    const key = versionKeyOf(purl);
    if (key === undefined) {
      settle(purl, { failed: `${endpoint.name} failed (no deps.dev name and version for ${purl})` });
      continue;
    }
    const id = versionKeyId(key);
    const entry = asked.get(id);
    if (entry) entry.purls.push(purl);
    else asked.set(id, { key, purls: [purl] });
  }
  const state: BatchState = {};
  const versions = await askInBatches(
    { sourceName: endpoint.name, url: `${endpoint.base}/v3alpha/versionbatch`, payload: 'version', echoKey: echoedVersionKeyId, what: 'version batch' },
    [...asked].map(([id, { key }]): BatchRequest => ({ key: id, body: { versionKey: key } })),
    endpoint.http,
    state,
  );
  const scorecards = options.kinds.has('scorecard') ? await askScorecards(endpoint, versions, state) : undefined;
  for (const [id, { purls }] of asked) {
    const answer = answerOf(versions.get(id), scorecards, options.kinds, endpoint.name);
    for (const purl of purls) settle(purl, answer);
  }
  if (state.down !== undefined) result.down = state.down;
  if (state.lastFailure !== undefined) result.lastFailure = state.lastFailure;
  return result;
}

/** The scorecard outcome by repository: one projectbatch request per distinct repository the versions name. */
async function askScorecards(endpoint: Endpoint, versions: ReadonlyMap<string, BatchOutcome>, state: BatchState): Promise<Map<string, BatchOutcome>> {
  const repositories = new Set<string>();
  for (const outcome of versions.values()) {
    const repository = 'value' in outcome ? sourceRepositoryOf(outcome.value) : undefined;
    if (repository !== undefined) repositories.add(repository);
  }
  if (repositories.size === 0) return new Map();
  return askInBatches(
    { sourceName: endpoint.name, url: `${endpoint.base}/v3alpha/projectbatch`, payload: 'project', echoKey: echoedProjectId, what: 'project batch' },
    [...repositories].map((id): BatchRequest => ({ key: id, body: { projectKey: { id } } })),
    endpoint.http,
    state,
  );
}

/** One versionKey's answer: its facts of the wanted kinds, the scorecard from its repository's project. */
function answerOf(version: BatchOutcome | undefined, scorecards: ReadonlyMap<string, BatchOutcome> | undefined, kinds: ReadonlySet<FactKind>, source: string): Answer {
  if (version === undefined) return { failed: `${source} failed (not asked)` };
  if ('failed' in version) return version;
  // A version deps.dev does not have: an answer, with nothing to say.
  if (version.value === null) return { facts: {} };
  const facts: PackageFacts = versionFacts(version.value, kinds, source);
  const repository = scorecards === undefined ? undefined : sourceRepositoryOf(version.value);
  const project = repository === undefined ? undefined : scorecards?.get(repository);
  if (repository === undefined || project === undefined) return { facts };
  const reading = 'failed' in project ? project : project.value === null ? { scorecard: undefined } : scorecardOf(project.value, repository);
  if ('scorecard' in reading) return { facts: reading.scorecard ? { ...facts, scorecard: { value: reading.scorecard, source } } : facts };
  // Only the scorecard is missing: the rest stands, unless the scorecard was all that was asked.
  const otherKinds = [...kinds].some((kind) => kind !== 'scorecard' && NEEDS_VERSIONS.has(kind));
  return otherKinds ? { facts, uncheckedKinds: { scorecard: reading.failed } } : { failed: reading.failed };
}
