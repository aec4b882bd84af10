/**
 * The GraphQL operations the fake GitHub answers, by operation name: one handler per operation
 * the app sends, given the fake's state and the request's variables. GitHub's real answer shape
 * (`{ data }`, or `{ data, errors }`) is the handler's to build.
 */
import type { FakeGitHub } from './fake-github.js';
import { read, startCheck } from './fake-graphql-files.js';
import { ospoStaleChecks } from './fake-graphql-sweep.js';

// The answer is GitHub's JSON, whose shape each handler owns.
export type GraphqlOperation = (fake: FakeGitHub, variables: Record<string, unknown>, query: string) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const GRAPHQL_OPERATIONS: Record<string, GraphqlOperation> = {
  OspoStaleChecks: ospoStaleChecks,
  OspoStartCheck: startCheck,
  OspoRead: read,
};
