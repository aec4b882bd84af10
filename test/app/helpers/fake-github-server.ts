/**
 * The fake GitHub over real HTTP, for app processes (test/app/helpers/app-process.ts) and the load
 * benchmark: a node:http server on 127.0.0.1 in front of one or more `FakeGitHub`s, reached as
 * GitHub Enterprise (`GHE_HOST=<host>`, `GHE_PROTOCOL=http`: REST under /api/v3, GraphQL at
 * /api/graphql). `/repos/{owner}/{repo}/...` goes to the fake of that repository (another
 * repository of the same owner, e.g. `.github`, to the owner's first fake); the app's own routes
 * (`/app`, `/app/installations`, installation tokens, `/installation/repositories`) are answered
 * here. Options: a latency before every answer, holds (a request waits until the test releases
 * it; one whose client died meanwhile is dropped, never reaching the fake), counts per repository
 * named in the request (the org's `.github` counted apart, though the owner's first fake answers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGitHub } from './fake-github.js';

type Answer = [number, unknown, Record<string, string>?];

/** The repository a request names (`owner/repo`), or `app` for the app's own routes. */
export type Target = string;

export interface HeldRequest {
  method: string;
  path: string;
  target: Target;
}

export interface Hold {
  /** Settles with the first request held. */
  readonly reached: Promise<HeldRequest>;
  /** Requests held so far. */
  readonly held: HeldRequest[];
  /** Lets every held request (and later matching ones) through. */
  release(): void;
}

export interface Answered {
  target: Target;
  method: string;
  /** The path under the API prefix (`/repos/o/r/check-runs/1000`, `/graphql`). */
  path: string;
  status: number;
  at: number;
}

export interface FakeGitHubServer {
  /** `127.0.0.1:<port>`: the app's GHE_HOST. */
  readonly host: string;
  /** `http://127.0.0.1:<port>/api/v3`: every FakeGitHub's `baseUrl`. */
  readonly baseUrl: string;
  /** Serves the fake's repository from now on; `installationId` lists it in that installation. */
  add(fake: FakeGitHub, options?: { installationId?: number }): void;
  /**
   * Holds the requests matching method and path (under the API prefix), the first `times` of
   * them (default: all until released), optionally only those to one repository (`owner/repo`).
   */
  hold(method: string, path: RegExp, options?: { times?: number; target?: Target }): Hold;
  /** Requests received per target. */
  readonly counts: Map<Target, number>;
  /** Called after each answer (the benchmark times check-run completions here). */
  onAnswered(listener: (answered: Answered) => void): void;
  /** Settles once no request has arrived for `quietMs` (the apps are idle, as far as GitHub sees). */
  quiet(quietMs: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface HoldState {
  method: string;
  path: RegExp;
  target?: Target;
  remaining: number;
  released: boolean;
  waiters: (() => void)[];
  held: HeldRequest[];
  reach: (held: HeldRequest) => void;
}

const API_PREFIX = '/api/v3';
const GRAPHQL_PATH = '/api/graphql';

export async function startFakeGitHubServer(options: { latencyMs?: number } = {}): Promise<FakeGitHubServer> {
  const routes = new Routes(options.latencyMs ?? 0);
  const server: Server = createServer((request, response) => routes.serve(request, response));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  routes.baseUrl = `http://${host}${API_PREFIX}`;
  return {
    host,
    baseUrl: routes.baseUrl,
    counts: routes.counts,
    add: (fake, addOptions = {}) => routes.add(fake, addOptions.installationId),
    hold: (method, path, holdOptions = {}) => routes.hold(method, path, holdOptions),
    onAnswered: (listener) => void routes.listeners.push(listener),
    quiet: (quietMs, timeoutMs) => routes.quiet(quietMs, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        routes.releaseAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server's state and its answers: which fake, the app's own routes, holds, counts. */
class Routes {
  readonly counts = new Map<Target, number>();
  readonly listeners: ((answered: Answered) => void)[] = [];
  /** Known once listening; paging links are absolute, as GitHub's are. */
  baseUrl = '';
  readonly #fakes = new Map<Target, FakeGitHub>();
  readonly #installations = new Map<number, FakeGitHub[]>();
  readonly #holds: HoldState[] = [];
  readonly #latencyMs: number;
  #lastRequestAt = Date.now();

  constructor(latencyMs: number) {
    this.#latencyMs = latencyMs;
  }

  add(fake: FakeGitHub, installationId: number | undefined): void {
    const { owner, repo } = fake.options;
    this.#fakes.set(`${owner}/${repo}`, fake);
    if (installationId !== undefined) this.#installations.set(installationId, [...(this.#installations.get(installationId) ?? []), fake]);
  }

  hold(method: string, path: RegExp, options: { times?: number; target?: Target }): Hold {
    let reach: (held: HeldRequest) => void = () => undefined;
    const reached = new Promise<HeldRequest>((resolve) => (reach = resolve));
    const state: HoldState = { method, path, remaining: options.times ?? Infinity, released: false, waiters: [], held: [], reach, ...(options.target ? { target: options.target } : {}) };
    this.#holds.push(state);
    return { reached, held: state.held, release: () => release(state) };
  }

  releaseAll(): void {
    for (const state of this.#holds) release(state);
  }

  async quiet(quietMs: number, timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - this.#lastRequestAt < quietMs) {
      if (Date.now() - started > timeoutMs) throw new Error(`fake GitHub server: requests kept coming for ${timeoutMs} ms (never ${quietMs} ms quiet)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  serve(request: IncomingMessage, response: ServerResponse): void {
    this.#lastRequestAt = Date.now();
    void readBody(request)
      .then((rawBody) => this.#answer(request, rawBody))
      .then((answered) => {
        if (!answered) return void response.destroy();
        send(response, answered.answer);
        const at = Date.now();
        for (const listener of this.listeners) listener({ target: answered.target, method: request.method ?? 'GET', path: answered.path, status: answered.answer[0], at });
      })
      .catch((error: unknown) => send(response, [500, { message: `fake GitHub server: ${String(error)}` }]));
  }

  async #answer(request: IncomingMessage, rawBody: string): Promise<{ target: Target; path: string; answer: Answer } | undefined> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const path = url.pathname === GRAPHQL_PATH ? '/graphql' : url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const target = this.#targetOf(path, rawBody === '' ? undefined : JSON.parse(rawBody));
    this.counts.set(target, (this.counts.get(target) ?? 0) + 1);
    if (this.#latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#latencyMs));
    await waitForHolds(this.#holds, { method, path, target });
    // The client went away while this was held (a process killed mid-request): GitHub never saw it.
    if (request.socket.destroyed) return undefined;
    const own = target === 'app' ? this.#appRoute(method, path, url.searchParams, String(request.headers.authorization ?? '')) : undefined;
    if (own) return { target, path, answer: own };
    const fake = this.#fakeFor(target);
    if (!fake) return { target, path, answer: [404, { message: `fake GitHub server: no repository for ${method} ${path}` }] };
    return { target, path, answer: await fake.handle(method, `${API_PREFIX}${path}${url.search}`, rawBody) };
  }

  /** The repository the request names (counted and held by it): `/repos/{owner}/{repo}`, GraphQL's variables, else `app`. */
  #targetOf(path: string, body: unknown): Target {
    const repository = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
    if (repository) return `${repository[1]}/${repository[2]}`;
    if (path === '/graphql') return graphqlTarget(body, this.#fakes) ?? 'app';
    return 'app';
  }

  /** The fake that answers for a repository: its own, else (e.g. the org's `.github`) the owner's first. */
  #fakeFor(target: Target): FakeGitHub | undefined {
    const owner = target.split('/')[0];
    return this.#fakes.get(target) ?? [...this.#fakes.entries()].find(([key]) => key.split('/')[0] === owner)?.[1];
  }

  #appRoute(method: string, path: string, query: URLSearchParams, authorization: string): Answer | undefined {
    if (method === 'GET' && path === '/app') return [200, { id: 1, slug: 'ospo-gatekeeper', name: 'ospo-gatekeeper' }];
    if (method === 'GET' && path === '/app/installations') return paged([...this.#installations.keys()].sort((a, b) => a - b).map(installationRecord), query, `${this.baseUrl}${path}`);
    const token = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (method === 'POST' && token) {
      return [201, { token: `ghs_fake_${token[1]}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'selected' }];
    }
    if (method === 'GET' && path === '/installation/repositories') {
      const installationId = Number(/ghs_fake_(\d+)/.exec(authorization)?.[1]);
      const repositories = (this.#installations.get(installationId) ?? []).map(repositoryRecord);
      const [status, page, headers] = paged(repositories, query, `${this.baseUrl}${path}`);
      return [status, { total_count: repositories.length, repositories: page }, headers];
    }
    return undefined;
  }
}

function release(state: HoldState): void {
  state.released = true;
  for (const waiter of state.waiters.splice(0)) waiter();
}

async function waitForHolds(holds: readonly HoldState[], request: HeldRequest): Promise<void> {
  for (const state of holds) {
    if (state.released || state.remaining <= 0 || state.method !== request.method || !state.path.test(request.path)) continue;
    if (state.target !== undefined && state.target !== request.target) continue;
    state.remaining--;
    state.held.push(request);
    state.reach(request);
    await new Promise<void>((resolve) => state.waiters.push(resolve));
  }
}

/**
 * A GraphQL request goes to the fake its variables name: the repository's node id of a mutation's
 * input (the fake's ids are `R_` + base64url of `owner/repo`), or an owner and a name (`owner` +
 * `repo` or `name`, `repoOwner` + `repoName`); else to the first.
 */
function graphqlTarget(body: unknown, fakes: Map<Target, FakeGitHub>): Target | undefined {
  const variables = (body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
  const nodeId = (variables.input as { repositoryId?: unknown } | undefined)?.repositoryId;
  const candidates = [
    typeof nodeId === 'string' && nodeId.startsWith('R_') ? Buffer.from(nodeId.slice(2), 'base64url').toString('utf8') : undefined,
    `${String(variables.repoOwner)}/${String(variables.repoName)}`,
    `${String(variables.owner)}/${String(variables.repo ?? variables.name)}`,
  ];
  return candidates.find((named) => named !== undefined && fakes.has(named)) ?? fakes.keys().next().value;
}

function paged<T>(items: readonly T[], query: URLSearchParams, url: string): Answer {
  const perPage = Number(query.get('per_page') ?? 30);
  const page = Number(query.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  if (page < last) headers.link = `<${url}?per_page=${perPage}&page=${page + 1}>; rel="next", <${url}?per_page=${perPage}&page=${last}>; rel="last"`;
  return [200, items.slice((page - 1) * perPage, page * perPage), headers];
}

const installationRecord = (id: number) => ({ id, account: { login: 'Codertocat', type: 'Organization' }, app_id: 1, target_type: 'Organization', repository_selection: 'selected', suspended_at: null });

function repositoryRecord(fake: FakeGitHub) {
  const { owner, repo } = fake.options;
  return { name: repo, full_name: `${owner}/${repo}`, owner: { login: owner }, default_branch: fake.pull.baseRef, archived: false };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, [status, body, headers]: Answer): void {
  if (response.destroyed) return;
  const text = status === 204 || body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(headers ?? {}) });
  response.end(text);
}
