/**
 * The read-ahead of a pull-request job: one GraphQL request (the check run's creation, or a
 * query for a taken-over run) reads the files the job will need. The snapshots and the policy
 * reader consult what it read first (`PrefetchedFiles`) and fall back to REST for the rest.
 */
import { fileKey, parseReadAhead, readDocument, startCheckDocument, type AheadFile, type GraphqlDocument, type GraphqlError, type ReadAheadAnswer, type ReadAheadRequest, type StartCheckInput } from './graphql-files.js';
import type { GitHub, RepoRef } from './octokit.js';

/** What the read-ahead read: files by repository, ref and path; blob texts by id; the review bodies. */
export class PrefetchedFiles {
  readonly #files: ReadonlyMap<string, AheadFile>;
  readonly #texts = new Map<string, string>();
  readonly reviewBodies: ReadAheadAnswer['reviewBodies'];

  constructor(answer: ReadAheadAnswer = { files: new Map() }) {
    this.#files = answer.files;
    this.reviewBodies = answer.reviewBodies;
    for (const file of answer.files.values()) if (file.found && file.text !== undefined) this.#texts.set(file.oid, file.text);
  }

  /** The file at `ref` (undefined: the default branch), if the read-ahead says anything about it. */
  file(repo: RepoRef, ref: string | undefined, path: string): AheadFile | undefined {
    return this.#files.get(fileKey(repo, ref, path));
  }

  /** A blob's text by id, when the read-ahead read a file with that blob. */
  textOf(oid: string): string | undefined {
    return this.#texts.get(oid);
  }

  get size(): number {
    return this.#files.size;
  }
}

export interface StartedCheck {
  checkRunId: number;
  url?: string;
  prefetched: PrefetchedFiles;
}

// GitHub's JSON answer, read field by field in graphql-files.ts.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Creates the in-progress check run and reads ahead, in one request. A partial answer (errors
 * beside data, as for an organization without a `.github` repository) is used for what it holds;
 * without the created check run it is an error.
 */
export async function startCheckRunAndRead(github: GitHub, repo: RepoRef, input: StartCheckInput, request: ReadAheadRequest): Promise<StartedCheck> {
  const document = startCheckDocument(input, request);
  const { data, errors } = await send(github, document);
  const checkRun = data?.createCheckRun?.checkRun;
  if (typeof checkRun?.databaseId !== 'number') {
    throw new Error(`GitHub did not create the check run: ${errors.map((error) => error.message ?? error.type).join('; ') || 'no check run in the answer'}`);
  }
  const prefetched = new PrefetchedFiles(parseReadAhead(checkRun.repository, repo, document, request.orgPolicy, errors));
  return { checkRunId: checkRun.databaseId, ...(typeof checkRun.url === 'string' ? { url: checkRun.url } : {}), prefetched };
}

/** The same reads without a write (the check run exists already). */
export async function readAhead(github: GitHub, repo: RepoRef, request: ReadAheadRequest): Promise<PrefetchedFiles> {
  const document = readDocument(repo, request);
  const { data, errors } = await send(github, document);
  return new PrefetchedFiles(parseReadAhead(data?.repository ?? null, repo, document, request.orgPolicy, errors));
}

/** Octokit throws on any GraphQL error; its GraphqlResponseError still carries the partial data. */
async function send(github: GitHub, document: GraphqlDocument): Promise<{ data: Json; errors: GraphqlError[] }> {
  try {
    return { data: await github.graphql<Json>(document.query, document.variables), errors: [] };
  } catch (error) {
    if (error instanceof Error && error.name === 'GraphqlResponseError' && 'data' in error) {
      const partial = error as Error & { data: Json; errors?: GraphqlError[] };
      if (partial.data) return { data: partial.data, errors: partial.errors ?? [] };
    }
    throw error;
  }
}
