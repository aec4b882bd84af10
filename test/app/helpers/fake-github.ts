/**
 * A small in-memory GitHub behind nock: commits as file maps, git trees and blobs with real-looking
 * SHAs, compare (merge base + patches, 300 files at most), pull files (3000 at most, paged), check
 * runs, reviews (a comment off the diff is refused with 422, as GitHub does). Every request is
 * recorded for assertions; failures can be injected per route.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { unifiedPatch } from './patch.js';
import { GRAPHQL_OPERATIONS } from './fake-graphql.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  /** performance.now() when the request arrived, and when its answer left (after latencyMs). */
  at?: number;
  answeredAt?: number;
}

export interface PullModel {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  state: 'open' | 'closed';
}

export interface FakeOptions {
  baseUrl?: string;
  owner?: string;
  repo?: string;
  /** Files per commit SHA. */
  commits: Record<string, Record<string, string>>;
  pull: PullModel;
  /** Defaults to pull.baseSha. */
  mergeBase?: string;
  /** The org default policy (default branch of <owner>/.github). */
  orgPolicy?: string;
  /** Paths whose patch GitHub leaves out (diff too large). */
  noPatch?: string[];
  /** Recursive tree listings come back `truncated` when they hold more entries than this. */
  truncateAbove?: number;
  existingReviewComments?: string[];
  existingReviews?: string[];
  /** What GET /repos/{owner}/{repo}/license answers, by `owner/repo@ref` (the SPDX id GitHub detects). */
  repositoryLicenses?: Record<string, string>;
  /** Every answer is delayed this long (GitHub's round trip, for timing the app). */
  latencyMs?: number;
  /** Paths whose blob GraphQL answers cut (`isTruncated`, part of the text), as GitHub does for large files. */
  graphqlTruncated?: string[];
  /** Routes of a test's own, asked first (undefined: not theirs). */
  extraRoutes?: (method: string, path: string, query: URLSearchParams, body: any) => [number, any, Record<string, string>?] | undefined;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  times: number;
}

interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  output: any;
  annotations: any[];
  updates: any[];
}

const gitSha = (kind: string, content: string | Buffer) => {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1').update(`${kind} ${data.length}\0`).update(data).digest('hex');
};

interface TreeNode {
  sha: string;
  entries: { name: string; type: 'blob' | 'tree'; sha: string; size?: number }[];
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly reviews: { body: string; commit_id: string; comments: { path: string; line: number; body: string }[] }[] = [];
  readonly options: Required<Pick<FakeOptions, 'baseUrl' | 'owner' | 'repo'>> & FakeOptions;
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, TreeNode>();
  readonly commitTrees = new Map<string, string>();
  /** Per route, a promise to wait for before answering (to interleave deliveries). */
  readonly gates: { method: string; path: RegExp; wait: Promise<void> }[] = [];
  #failures: Failure[] = [];
  #scope: nock.Scope | undefined;

  constructor(options: FakeOptions) {
    this.options = { baseUrl: 'https://api.github.com', owner: 'Codertocat', repo: 'Hello-World', ...options };
    for (const [sha, files] of Object.entries(options.commits)) this.commitTrees.set(sha, this.#buildTree(files));
  }

  /** The repository's GraphQL node id, as the pulls API names it. */
  get repositoryNodeId(): string {
    return `R_${Buffer.from(`${this.options.owner}/${this.options.repo}`).toString('base64url')}`;
  }

  /** A commit's files, if the fake has that commit. */
  filesAt(sha: string): Record<string, string> | undefined {
    return this.options.commits[sha];
  }

  get pull(): PullModel {
    return this.options.pull;
  }

  /** Adds a commit after construction. */
  addCommit(sha: string, files: Record<string, string>): void {
    this.options.commits[sha] = files;
    this.commitTrees.set(sha, this.#buildTree(files));
  }

  fail(method: string, path: RegExp, status: number, times = 1): void {
    this.#failures.push({ method, path, status, times });
  }

  calls(method?: string, path?: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => (!method || request.method === method) && (!path || path.test(request.path)));
  }

  /** GitHub API calls, without the installation token request. */
  get apiCalls(): RecordedRequest[] {
    return this.requests.filter((request) => !request.path.startsWith('/app/'));
  }

  #buildTree(files: Record<string, string>): string {
    const root: Record<string, any> = {};
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split('/');
      let node = root;
      for (const part of parts.slice(0, -1)) node = node[part] ??= {};
      node[parts[parts.length - 1] as string] = content;
    }
    const build = (node: Record<string, any>): string => {
      const entries = Object.keys(node)
        .sort()
        .map((name) => {
          const value = node[name];
          if (typeof value === 'string') {
            const sha = gitSha('blob', value);
            this.blobs.set(sha, value);
            return { name, type: 'blob' as const, sha, size: Buffer.byteLength(value) };
          }
          return { name, type: 'tree' as const, sha: build(value) };
        });
      const sha = gitSha('tree', entries.map((entry) => `${entry.type} ${entry.name} ${entry.sha}`).join('\n'));
      this.trees.set(sha, { sha, entries });
      return sha;
    };
    return build(root);
  }

  #flatten(treeSha: string, prefix = ''): any[] {
    const tree = this.trees.get(treeSha);
    if (!tree) return [];
    return tree.entries.flatMap((entry) => {
      const path = prefix + entry.name;
      const own = { path, mode: entry.type === 'tree' ? '040000' : '100644', type: entry.type, sha: entry.sha, ...(entry.size !== undefined ? { size: entry.size } : {}) };
      return entry.type === 'tree' ? [own, ...this.#flatten(entry.sha, `${path}/`)] : [own];
    });
  }

  #files(sha: string): Record<string, string> {
    const files = this.options.commits[sha];
    if (!files) throw new Error(`fake GitHub: no commit ${sha}`);
    return files;
  }

  #diffFiles(base: string, head: string): any[] {
    const before = this.#files(base);
    const after = this.#files(head);
    const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const files: any[] = [];
    for (const path of paths) {
      if (before[path] === after[path]) continue;
      const status = before[path] === undefined ? 'added' : after[path] === undefined ? 'removed' : 'modified';
      const patch = this.options.noPatch?.includes(path) ? undefined : unifiedPatch(before[path] ?? '', after[path] ?? '');
      files.push({ filename: path, status, sha: after[path] !== undefined ? gitSha('blob', after[path]) : null, ...(patch !== undefined ? { patch } : {}) });
    }
    return files;
  }

  #route(method: string, path: string, query: URLSearchParams, body: any): [number, any, Record<string, string>?] {
    const { owner, repo, pull } = this.options;
    const repoPath = `/repos/${owner}/${repo}`;
    const extra = this.options.extraRoutes?.(method, path, query, body);
    if (extra) return extra;
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/graphql') return this.graphqlAnswer(body);
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [201, { token: 'ghs_fake', expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'all' }];
    }
    if (method === 'GET' && path === `${repoPath}/pulls/${pull.number}`) {
      return [200, { number: pull.number, state: pull.state, changed_files: this.#diffFiles(this.options.mergeBase ?? pull.baseSha, pull.headSha).length, head: { sha: pull.headSha, ref: 'feature' }, base: { sha: pull.baseSha, ref: pull.baseRef, repo: { node_id: this.repositoryNodeId } } }];
    }
    if (method === 'GET' && (match = new RegExp(`^${repoPath}/commits/([0-9a-f]+)/check-runs$`).exec(path))) {
      const runs = this.checkRuns.filter((run) => run.head_sha === match![1] && (!query.get('check_name') || run.name === query.get('check_name')));
      return [200, { total_count: runs.length, check_runs: [...runs].reverse() }];
    }
    if (method === 'POST' && path === `${repoPath}/check-runs`) {
      const run = this.addCheckRun(body);
      return [201, { id: run.id, html_url: `https://github.com/${owner}/${repo}/runs/${run.id}`, status: run.status }];
    }
    if (method === 'PATCH' && (match = new RegExp(`^${repoPath}/check-runs/(\\d+)$`).exec(path))) {
      const run = this.checkRuns.find((candidate) => candidate.id === Number(match![1]));
      if (!run) return [404, { message: 'Not Found' }];
      run.updates.push(body);
      if (body.output) run.output = body.output;
      if (body.output?.annotations) run.annotations.push(...body.output.annotations);
      if (body.status) run.status = body.status;
      if (body.conclusion) run.conclusion = body.conclusion;
      return [200, { id: run.id, status: run.status }];
    }
    if (method === 'GET' && (match = new RegExp(`^${repoPath}/compare/([0-9a-f]+)\\.\\.\\.([0-9a-f]+)$`).exec(path))) {
      const mergeBase = this.options.mergeBase ?? match[1]!;
      const files = this.#diffFiles(mergeBase, match[2]!);
      return [200, { merge_base_commit: { sha: mergeBase }, status: 'ahead', total_commits: 1, commits: [], files: files.slice(0, 300) }];
    }
    if (method === 'GET' && (match = new RegExp(`^${repoPath}/git/trees/([^/]+)$`).exec(path))) {
      // The base branch's name lists its commit (the impact preview lists a default branch by name).
      return this.treeAnswer(match[1] === pull.baseRef ? pull.baseSha : match[1]!, query.get('recursive') !== null);
    }
    if (method === 'GET' && (match = new RegExp(`^${repoPath}/git/blobs/([0-9a-f]+)$`).exec(path))) return this.blobAnswer(match[1]!);
    if (method === 'GET' && path === `${repoPath}/pulls`) {
      return [200, pull.state === 'open' ? [{ number: pull.number, state: 'open', head: { sha: pull.headSha, ref: 'feature' }, base: { sha: pull.baseSha, ref: pull.baseRef } }] : []];
    }
    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path))) {
      const [, , contentRepo, rawPath] = match;
      const filePath = decodeURIComponent(rawPath!);
      let content: string | undefined;
      if (contentRepo === '.github' && repo !== '.github') content = filePath === '.github/ospo-gatekeeper.yml' ? this.options.orgPolicy : undefined;
      else if (contentRepo === repo) content = this.#files(query.get('ref') === null || query.get('ref') === pull.baseRef ? pull.baseSha : (query.get('ref') as string))[filePath];
      if (content === undefined) return [404, { message: 'Not Found' }];
      return [200, { type: 'file', path: filePath, sha: gitSha('blob', content), size: Buffer.byteLength(content), encoding: 'base64', content: Buffer.from(content).toString('base64') }];
    }
    if (method === 'GET' && path === `${repoPath}/pulls/${pull.number}/files`) {
      const files = this.#diffFiles(this.options.mergeBase ?? pull.baseSha, pull.headSha).slice(0, 3000);
      const perPage = Number(query.get('per_page') ?? 30);
      const page = Number(query.get('page') ?? 1);
      const slice = files.slice((page - 1) * perPage, page * perPage);
      const last = Math.ceil(files.length / perPage);
      const headers: Record<string, string> = {};
      if (page < last) headers.link = `<${this.options.baseUrl}${path}?per_page=${perPage}&page=${page + 1}>; rel="next", <${this.options.baseUrl}${path}?per_page=${perPage}&page=${last}>; rel="last"`;
      return [200, slice, headers];
    }
    if (method === 'GET' && path === `${repoPath}/pulls/${pull.number}/comments`) {
      const bodies = [...(this.options.existingReviewComments ?? []), ...this.reviews.flatMap((review) => review.comments.map((comment) => comment.body))];
      return [200, bodies.map((text, index) => ({ id: index + 1, body: text }))];
    }
    if (method === 'GET' && path === `${repoPath}/pulls/${pull.number}/reviews`) {
      const bodies = [...(this.options.existingReviews ?? []), ...this.reviews.map((review) => review.body)];
      return [200, bodies.map((text, index) => ({ id: index + 1, body: text }))];
    }
    if (method === 'POST' && path === `${repoPath}/pulls/${pull.number}/reviews`) {
      const files = new Map(this.#diffFiles(this.options.mergeBase ?? pull.baseSha, body.commit_id).map((file) => [file.filename, file.patch as string | undefined]));
      for (const comment of body.comments ?? []) {
        const patch = files.get(comment.path);
        if (!patch || !rightLines(patch).has(comment.line)) {
          return [422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] }];
        }
      }
      this.reviews.push({ body: body.body, commit_id: body.commit_id, comments: body.comments ?? [] });
      return [200, { id: 500 + this.reviews.length }];
    }
    if (method === 'GET' && (match = /^\/repos\/([^/]+)\/([^/]+)\/license$/.exec(path))) {
      const spdx = this.options.repositoryLicenses?.[`${match[1]}/${match[2]}@${query.get('ref') ?? ''}`];
      return spdx === undefined ? [404, { message: 'Not Found' }] : [200, { name: 'LICENSE', path: 'LICENSE', license: { key: spdx.toLowerCase(), name: spdx, spdx_id: spdx } }];
    }
    return [404, { message: `fake GitHub: no route for ${method} ${path}` }];
  }

  /**
   * A GraphQL request, answered by the operation its document names (`query OspoX(...)`): each
   * operation we send has its handler in fake-graphql.ts (the file reads' in fake-graphql-files.ts). An unknown one is an error, as GitHub's
   * answer to a query it can't run would be.
   */
  graphqlAnswer(body: { query?: string; variables?: Record<string, unknown> }): [number, any] {
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1];
    const operation = name ? GRAPHQL_OPERATIONS[name] : undefined;
    if (!operation) return [200, { data: null, errors: [{ type: 'INTERNAL', message: `fake GitHub: no GraphQL operation ${name ?? '(unnamed)'}` }] }];
    return [200, operation(this, body.variables ?? {}, body.query ?? '')];
  }

  /** A check run created (REST's body; GraphQL's createCheckRun translates to it). */
  addCheckRun(body: any): CheckRun {
    const run: CheckRun = { id: 1000 + this.checkRuns.length, name: body.name, head_sha: body.head_sha, external_id: body.external_id, status: body.status, conclusion: body.conclusion ?? null, started_at: body.started_at ?? new Date().toISOString(), output: body.output, annotations: [...(body.output?.annotations ?? [])], updates: [] };
    this.checkRuns.push(run);
    return run;
  }

  /** A git tree (by commit or tree SHA) as GitHub's trees API answers it. */
  treeAnswer(treeish: string, recursive: boolean): [number, any] {
    const treeSha = this.commitTrees.get(treeish) ?? treeish;
    const tree = this.trees.get(treeSha);
    if (!tree) return [404, { message: 'Not Found' }];
    if (recursive) {
      const all = this.#flatten(treeSha);
      const limit = this.options.truncateAbove;
      if (limit !== undefined && all.length > limit) return [200, { sha: treeSha, tree: all.slice(0, limit), truncated: true }];
      return [200, { sha: treeSha, tree: all, truncated: false }];
    }
    return [200, { sha: treeSha, tree: tree.entries.map((entry) => ({ path: entry.name, mode: entry.type === 'tree' ? '040000' : '100644', type: entry.type, sha: entry.sha, ...(entry.size !== undefined ? { size: entry.size } : {}) })), truncated: false }];
  }

  blobAnswer(sha: string): [number, any] {
    const content = this.blobs.get(sha);
    if (content === undefined) return [404, { message: 'Not Found' }];
    return [200, { sha, size: Buffer.byteLength(content), encoding: 'base64', content: Buffer.from(content).toString('base64') }];
  }

  /** The files that differ between two commits, as the compare API lists them. */
  diffFiles(base: string, head: string): any[] {
    return this.#diffFiles(base, head);
  }

  start(): this {
    const respond = (method: string) =>
      async function (this: any, uri: string, body: any): Promise<any> {
        return fake.handle(method, uri, body);
      };
    const fake = this;
    this.#scope = nock(this.options.baseUrl).persist();
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
      this.#scope.intercept(/.*/, method).reply(respond(method));
    }
    return this;
  }

  /** Answers one request (`uri` with or without the API prefix): nock's reply, or an HTTP server's. */
  async handle(method: string, uri: string, rawBody: any): Promise<[number, any, Record<string, string>?]> {
    const url = new URL(uri, 'http://fake');
    const apiPrefix = new URL(this.options.baseUrl).pathname.replace(/\/$/, '');
    // GitHub Enterprise Server's GraphQL endpoint is /api/graphql beside the REST API's /api/v3.
    const graphqlPath = apiPrefix.endsWith('/v3') ? `${apiPrefix.slice(0, -'/v3'.length)}/graphql` : undefined;
    const path = url.pathname === graphqlPath ? '/graphql' : url.pathname.startsWith(apiPrefix) ? url.pathname.slice(apiPrefix.length) : url.pathname;
    const body = typeof rawBody === 'string' && rawBody !== '' ? JSON.parse(rawBody) : rawBody;
    const recorded: RecordedRequest = { method, path, query: url.searchParams, body, at: performance.now() };
    this.requests.push(recorded);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    for (const gate of this.gates) if (gate.method === method && gate.path.test(path)) await gate.wait;
    const failure = this.#failures.find((candidate) => candidate.method === method && candidate.path.test(path) && candidate.times > 0);
    const answer: [number, any, Record<string, string>?] = failure ? [failure.status, { message: 'Server Error' }] : this.#route(method, path, url.searchParams, body);
    if (failure) failure.times--;
    recorded.answeredAt = performance.now();
    return answer;
  }

  stop(): void {
    this.#scope?.persist(false);
    nock.removeInterceptor({ hostname: new URL(this.options.baseUrl).hostname } as any);
  }
}

function rightLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let right = 0;
  for (const line of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) right = Number(hunk[1]);
    else if (line.startsWith('+') || line.startsWith(' ')) lines.add(right++);
  }
  return lines;
}

export { gitSha };
