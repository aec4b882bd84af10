/**
 * The fake's answers to the pull-request job's read-ahead (src/github/graphql-files.ts):
 * `OspoStartCheck` creates the check run and reads through its repository, `OspoRead` reads
 * only. Answered from the variables, as GitHub would: `f<i>` expressions `<commit>:<path>`, the
 * organization's repository (`orgRepo`, NOT_FOUND without an org policy), the pull request's reviews.
 */
import type { FakeGitHub } from './fake-github.js';
import { gitSha } from './fake-github.js';

// GitHub's JSON, whose shape these handlers own.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface GraphqlError {
  type: string;
  path: (string | number)[];
  message: string;
}

/** GraphQL's Blob for a file's text; `cut`: GitHub's answer for a file too large to carry whole. */
function blob(text: string, cut: boolean): Json {
  const byteSize = Buffer.byteLength(text);
  return { text: cut ? text.slice(0, Math.ceil(text.length / 2)) : text, isTruncated: cut, isBinary: false, byteSize, oid: gitSha('blob', text) };
}

/** `object(expression: "<rev>:<path>")`: a Blob, `{}` for a folder (not a Blob), null for nothing there. */
function objectAt(fake: FakeGitHub, expression: string): Json {
  const colon = expression.indexOf(':');
  const files = fake.filesAt(expression.slice(0, colon));
  const path = expression.slice(colon + 1);
  if (!files) return null;
  const text = files[path];
  if (text !== undefined) return blob(text, fake.options.graphqlTruncated?.includes(path) ?? false);
  return Object.keys(files).some((file) => file.startsWith(`${path}/`)) ? {} : null;
}

function reviewsOf(fake: FakeGitHub): Json {
  const nodes = [
    ...(fake.options.existingReviews ?? []).map((body) => ({ body, comments: { totalCount: 0, nodes: [] } })),
    // Comments posted before the test: under one review of their own.
    ...(fake.options.existingReviewComments?.length ? [{ body: '', comments: { totalCount: fake.options.existingReviewComments.length, nodes: fake.options.existingReviewComments.map((body) => ({ body })) } }] : []),
    ...fake.reviews.map((review) => ({ body: review.body, comments: { totalCount: review.comments.length, nodes: review.comments.map((comment) => ({ body: comment.body })) } })),
  ];
  return { totalCount: nodes.length, nodes: nodes.slice(-100) };
}

/** The repository selection of both operations; `at`: the path of `repository` in the answer (for errors). */
function repositoryReads(fake: FakeGitHub, variables: Record<string, unknown>, at: string[]): { repository: Json; errors: GraphqlError[] } {
  const repository: Json = {};
  const errors: GraphqlError[] = [];
  for (const [name, value] of Object.entries(variables)) if (/^f\d+$/.test(name)) repository[name] = objectAt(fake, String(value));
  if (typeof variables.orgRepo === 'string') {
    if (fake.options.orgPolicy === undefined) {
      repository.owner = { orgPolicyRepo: null };
      errors.push({ type: 'NOT_FOUND', path: [...at, 'owner', 'orgPolicyRepo'], message: `Could not resolve to a Repository with the name '${fake.options.owner}/${variables.orgRepo}'.` });
    } else {
      repository.owner = { orgPolicyRepo: { orgPolicy: blob(fake.options.orgPolicy, false) } };
    }
  }
  repository.pullRequest = variables.pull === fake.pull.number ? { reviews: reviewsOf(fake) } : null;
  return { repository, errors };
}

const withErrors = (data: Json, errors: GraphqlError[]): Json => (errors.length > 0 ? { data, errors } : { data });

export function startCheck(fake: FakeGitHub, variables: Record<string, unknown>): Json {
  const input = variables.input as Json;
  if (input?.repositoryId !== fake.repositoryNodeId) {
    return { data: { createCheckRun: null }, errors: [{ type: 'NOT_FOUND', path: ['createCheckRun'], message: `Could not resolve to a node with the global id of '${input?.repositoryId}'` }] };
  }
  const run = fake.addCheckRun({ name: input.name, head_sha: input.headSha, external_id: input.externalId, status: String(input.status).toLowerCase(), started_at: input.startedAt, output: input.output });
  const { repository, errors } = repositoryReads(fake, variables, ['createCheckRun', 'checkRun', 'repository']);
  const url = `https://github.com/${fake.options.owner}/${fake.options.repo}/runs/${run.id}`;
  return withErrors({ createCheckRun: { checkRun: { databaseId: run.id, url, repository } } }, errors);
}

export function read(fake: FakeGitHub, variables: Record<string, unknown>): Json {
  if (variables.repoOwner !== fake.options.owner || variables.repoName !== fake.options.repo) {
    return { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], message: 'Could not resolve to a Repository' }] };
  }
  const { repository, errors } = repositoryReads(fake, variables, ['repository']);
  return withErrors({ repository }, errors);
}

/** The read-ahead requests the app sent (`OspoStartCheck` or `OspoRead`; both when undefined). */
export function readAheadCalls(fake: FakeGitHub, operation?: 'OspoStartCheck' | 'OspoRead'): Json[] {
  return fake.calls('POST', /^\/graphql$/).filter((call) => new RegExp(`^\\s*(?:query|mutation)\\s+${operation ?? 'Ospo(?:StartCheck|Read)'}\\b`).test(call.body?.query ?? ''));
}

/** The `<commit>:<path>` expressions of every read-ahead, in order. */
export function readAheadExpressions(fake: FakeGitHub): string[] {
  return readAheadCalls(fake).flatMap((call) => Object.entries(call.body.variables as Record<string, unknown>).flatMap(([name, value]) => (/^f\d+$/.test(name) ? [String(value)] : [])));
}
