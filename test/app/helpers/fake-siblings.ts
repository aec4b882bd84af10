/**
 * More repositories of the same owner beside a FakeGitHub's own (its `extraRoutes`): each a
 * default branch at a commit of the fake's `commits`, open pull requests, check runs; and the
 * installation's repository listing. Trees and blobs come from the fake (its commits are shared).
 */
import type { FakeGitHub } from './fake-github.js';

export interface SiblingPull {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
}

export interface Sibling {
  name: string;
  defaultBranch: string;
  /** The default branch's commit. */
  head: string;
  pulls?: SiblingPull[];
}

interface SiblingCheckRun {
  id: number;
  repo: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id?: string;
}

type Answer = [number, any, Record<string, string>?];

export function siblings(owner: string, primary: { name: string; defaultBranch: string }, repositories: Sibling[]) {
  let fake: FakeGitHub | undefined;
  const checkRuns: SiblingCheckRun[] = [];
  const rerequested: { repo: string; id: number }[] = [];
  const byName = new Map(repositories.map((repository) => [repository.name, repository]));
  const listing = [primary, ...repositories].map((repository) => ({ name: repository.name, owner: { login: owner }, default_branch: repository.defaultBranch, archived: false }));

  const routes = (method: string, path: string, query: URLSearchParams, body: any): Answer | undefined => {
    if (method === 'GET' && path === '/installation/repositories') return [200, { total_count: listing.length, repositories: listing }];
    const match = new RegExp(`^/repos/${owner}/([^/]+)(/.*)$`).exec(path);
    const sibling = match ? byName.get(match[1]!) : undefined;
    if (!sibling || !fake) return undefined;
    return siblingRoute(fake, sibling, method, match![2]!, query, body);
  };

  function siblingRoute(github: FakeGitHub, sibling: Sibling, method: string, rest: string, query: URLSearchParams, body: any): Answer | undefined {
    const resolve = (ref: string | null) => (ref === null || ref === sibling.defaultBranch ? sibling.head : ref);
    let match: RegExpExecArray | null;
    if (method === 'GET' && (match = /^\/git\/trees\/([^/]+)$/.exec(rest))) return github.treeAnswer(resolve(match[1]!), query.get('recursive') !== null);
    if (method === 'GET' && (match = /^\/git\/blobs\/([0-9a-f]+)$/.exec(rest))) return github.blobAnswer(match[1]!);
    if (method === 'GET' && (match = /^\/contents\/(.+)$/.exec(rest))) {
      const content = github.options.commits[resolve(query.get('ref'))]?.[decodeURIComponent(match[1]!)];
      return content === undefined ? [404, { message: 'Not Found' }] : [200, { type: 'file', size: Buffer.byteLength(content), encoding: 'base64', content: Buffer.from(content).toString('base64') }];
    }
    if (method === 'GET' && rest === '/pulls') return [200, (sibling.pulls ?? []).map((pull) => ({ number: pull.number, state: 'open', head: { sha: pull.headSha }, base: { sha: pull.baseSha, ref: pull.baseRef } }))];
    if (method === 'GET' && (match = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest))) return [200, { merge_base_commit: { sha: match[1] }, status: 'ahead', files: github.diffFiles(match[1]!, match[2]!) }];
    if (method === 'GET' && (match = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
      const runs = checkRuns.filter((run) => run.repo === sibling.name && run.head_sha === match![1] && (!query.get('check_name') || run.name === query.get('check_name')));
      return [200, { total_count: runs.length, check_runs: [...runs].reverse() }];
    }
    if (method === 'POST' && rest === '/check-runs') {
      const run = { id: 5000 + checkRuns.length, repo: sibling.name, name: body.name, head_sha: body.head_sha, status: body.status, conclusion: body.conclusion ?? null, external_id: body.external_id };
      checkRuns.push(run);
      return [201, { id: run.id }];
    }
    if (method === 'POST' && (match = /^\/check-runs\/(\d+)\/rerequest$/.exec(rest))) {
      rerequested.push({ repo: sibling.name, id: Number(match[1]) });
      return [201, {}];
    }
    return undefined;
  }

  return {
    routes,
    checkRuns,
    rerequested,
    /** The fake whose trees and blobs the siblings share (set once it is built). */
    attach(github: FakeGitHub) {
      fake = github;
      return github;
    },
  };
}
