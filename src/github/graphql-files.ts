/**
 * The GraphQL documents of a pull-request job's one read-ahead: the files it will read (by
 * `<commit>:<path>` expressions), the organization's policy file, and the bodies of the reviews
 * and review comments already on the pull request. Either inside the mutation that creates the
 * check run (`OspoStartCheck`: one write slot of the throttling, the reads for free) or, for a
 * taken-over run, as a plain query (`OspoRead`). Pure: documents and variables in, parsed answers out.
 */
import { stripBom } from '../ecosystems/text.js';
import { POLICY_FILE } from '../policy/definition.js';
import type { RepoRef } from './octokit.js';

/** One file of this repository to read: at a commit (or `HEAD`), by path. */
export interface FileToRead {
  ref: string;
  path: string;
}

export interface ReadAheadRequest {
  files: readonly FileToRead[];
  /** Read `<owner>/.github`'s policy file on its default branch (not for the `.github` repository itself). */
  orgPolicy: boolean;
  pullNumber: number;
}

/** A query asks for at most this many files; the rest are read one by one through REST. */
export const MAX_FILE_ALIASES = 200;
/** The reviews (and comments per review) one answer carries; past that, the REST listings are read. */
const REVIEW_PAGE = 100;
/** The organization's repository of defaults (files.ts reads the same through REST). */
const ORG_POLICY_REPO = '.github';

export interface GraphqlDocument {
  query: string;
  variables: Record<string, unknown>;
  /** The files the document asks for, alias `f<i>` for index i (the request's first MAX_FILE_ALIASES). */
  files: readonly FileToRead[];
}

export interface StartCheckInput {
  repositoryId: string;
  headSha: string;
  name: string;
  externalId: string;
  startedAt: string;
  title: string;
  summary: string;
}

const BLOB_FRAGMENT = 'fragment OspoBlob on Blob { text isTruncated isBinary byteSize oid }';

function readSelection(request: ReadAheadRequest): { selection: string; definitions: string[]; variables: Record<string, unknown>; files: FileToRead[] } {
  const files = request.files.slice(0, MAX_FILE_ALIASES);
  const variables: Record<string, unknown> = { pull: request.pullNumber };
  const definitions = ['$pull: Int!'];
  const lines: string[] = [];
  files.forEach((file, index) => {
    variables[`f${index}`] = `${file.ref}:${file.path}`;
    definitions.push(`$f${index}: String!`);
    lines.push(`f${index}: object(expression: $f${index}) { ...OspoBlob }`);
  });
  if (request.orgPolicy) {
    variables.orgRepo = ORG_POLICY_REPO;
    variables.orgPolicyFile = `HEAD:${POLICY_FILE}`;
    definitions.push('$orgRepo: String!', '$orgPolicyFile: String!');
    lines.push('owner { orgPolicyRepo: repository(name: $orgRepo) { orgPolicy: object(expression: $orgPolicyFile) { ...OspoBlob } } }');
  }
  lines.push(`pullRequest(number: $pull) { reviews(last: ${REVIEW_PAGE}) { totalCount nodes { body comments(first: ${REVIEW_PAGE}) { totalCount nodes { body } } } } }`);
  return { selection: lines.join('\n'), definitions, variables, files };
}

/** The mutation creating the in-progress check run, whose payload's repository carries the reads. */
export function startCheckDocument(input: StartCheckInput, request: ReadAheadRequest): GraphqlDocument {
  const { selection, definitions, variables, files } = readSelection(request);
  const checkInput = {
    repositoryId: input.repositoryId,
    headSha: input.headSha,
    name: input.name,
    externalId: input.externalId,
    status: 'IN_PROGRESS',
    startedAt: input.startedAt,
    output: { title: input.title, summary: input.summary },
  };
  const query = [
    `mutation OspoStartCheck($input: CreateCheckRunInput!, ${definitions.join(', ')}) {`,
    '  createCheckRun(input: $input) { checkRun { databaseId url repository {',
    selection,
    '  } } }',
    '}',
    BLOB_FRAGMENT,
  ].join('\n');
  return { query, variables: { input: checkInput, ...variables }, files };
}

/** The same reads as a query (a taken-over run has its check run already). */
export function readDocument(repo: RepoRef, request: ReadAheadRequest): GraphqlDocument {
  const { selection, definitions, variables, files } = readSelection(request);
  const query = [`query OspoRead($repoOwner: String!, $repoName: String!, ${definitions.join(', ')}) {`, '  repository(owner: $repoOwner, name: $repoName) {', selection, '  }', '}', BLOB_FRAGMENT].join('\n');
  return { query, variables: { repoOwner: repo.owner, repoName: repo.repo, ...variables }, files };
}

/** A file as the read-ahead saw it. `text` undefined: GitHub cut it or called it binary; read the blob by `oid`. */
export type AheadFile = { found: false } | { found: true; oid: string; byteSize: number; text?: string };

export interface ReadAheadAnswer {
  /** By `fileKey`; a file the answer says nothing usable about (an error, a folder) is not here. */
  files: Map<string, AheadFile>;
  /** The bodies of reviews and of review comments; undefined when the answer does not hold them all. */
  reviewBodies?: { reviews: string[]; comments: string[] };
}

/** The key of a file read ahead: repository, ref (`HEAD` for the default branch) and path. */
export function fileKey(repo: RepoRef, ref: string | undefined, path: string): string {
  return `${repo.owner}/${repo.repo}@${ref ?? 'HEAD'}:${path}`;
}

export interface GraphqlError {
  type?: string;
  path?: readonly (string | number)[];
  message?: string;
}

// The answer is GitHub's JSON, shaped by the document above; read defensively, field by field.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Parses the repository part of an answer (`checkRun.repository` or `repository`). A field an
 * error names is left out (read again through REST), except the organization's `.github`
 * repository being NOT_FOUND, which is REST's 404: no organization policy.
 */
export function parseReadAhead(repository: Json, repo: RepoRef, document: GraphqlDocument, orgPolicy: boolean, errors: readonly GraphqlError[]): ReadAheadAnswer {
  const failed = (field: string) => errors.some((error) => error.path?.includes(field));
  const files = new Map<string, AheadFile>();
  document.files.forEach((file, index) => {
    const alias = `f${index}`;
    const read = failed(alias) || !repository ? undefined : aheadFile(repository[alias]);
    if (read) files.set(fileKey(repo, file.ref, file.path), read);
  });
  if (orgPolicy && repository) {
    const orgKey = fileKey({ owner: repo.owner, repo: ORG_POLICY_REPO }, undefined, POLICY_FILE);
    const orgRepoMissing = errors.some((error) => error.type === 'NOT_FOUND' && error.path?.includes('orgPolicyRepo') && !error.path.includes('orgPolicy'));
    if (orgRepoMissing) files.set(orgKey, { found: false });
    else if (!failed('orgPolicyRepo') && repository.owner?.orgPolicyRepo !== undefined) {
      const holder = repository.owner.orgPolicyRepo;
      const read = holder === null ? { found: false as const } : aheadFile(holder.orgPolicy);
      if (read) files.set(orgKey, read);
    }
  }
  const reviewBodies = failed('pullRequest') || !repository ? undefined : parseReviews(repository.pullRequest);
  return { files, ...(reviewBodies ? { reviewBodies } : {}) };
}

/** One `object(expression:)` answer: null is no such file; a non-blob (folder, submodule) is left to REST, which says what it is. */
function aheadFile(object: Json): AheadFile | undefined {
  if (object === null) return { found: false };
  if (typeof object !== 'object' || typeof object.oid !== 'string' || typeof object.byteSize !== 'number') return undefined;
  const usable = typeof object.text === 'string' && object.isTruncated !== true && object.isBinary !== true && !looksMisdecoded(object.text);
  return { found: true, oid: object.oid, byteSize: object.byteSize, ...(usable ? { text: stripBom(object.text) } : {}) };
}

/** UTF-16 or bytes that are not UTF-8: the REST blob's bytes are decoded the way the parsers expect (ecosystems/text.ts). */
function looksMisdecoded(text: string): boolean {
  return text.includes('\uFFFD') || text.includes('\u0000');
}

function parseReviews(pull: Json): ReadAheadAnswer['reviewBodies'] {
  const reviews = pull?.reviews;
  if (!reviews || !Array.isArray(reviews.nodes) || reviews.totalCount > reviews.nodes.length) return undefined;
  const bodies: string[] = [];
  const comments: string[] = [];
  for (const review of reviews.nodes) {
    bodies.push(typeof review?.body === 'string' ? review.body : '');
    const own = review?.comments;
    if (!own || !Array.isArray(own.nodes) || own.totalCount > own.nodes.length) return undefined;
    for (const comment of own.nodes) comments.push(typeof comment?.body === 'string' ? comment.body : '');
  }
  return { reviews: bodies, comments };
}
