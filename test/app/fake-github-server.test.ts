/** The fake GitHub over HTTP (helpers/fake-github-server.ts), which the replica tests and the load benchmark stand on. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHubServer, type FakeGitHubServer } from './helpers/fake-github-server.js';
import { checkRunsOf, servePull } from './helpers/replica-scenario.js';

let server: FakeGitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function call(method: string, path: string, options: { body?: unknown; token?: string; signal?: AbortSignal } = {}) {
  const response = await fetch(`${server!.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `token ${options.token}` } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { status: response.status, link: response.headers.get('link'), body: (await response.json()) as any };
}

describe('the fake GitHub server', () => {
  it("answers each repository from its own fake, the org's .github from the owner's first, counting each apart", async () => {
    server = await startFakeGitHubServer();
    const one = servePull(server, 'one', 1);
    const two = servePull(server, 'two', 2);
    const created = await call('POST', '/repos/Codertocat/two/check-runs', { body: { name: 'x', head_sha: two.fake.pull.headSha, status: 'in_progress' } });
    expect(created.status).toBe(201);
    expect([checkRunsOf(one).length, checkRunsOf(two).length]).toEqual([0, 1]);
    // No org policy in the fake: its contents API answers 404, as GitHub does for a missing file.
    expect((await call('GET', '/repos/Codertocat/.github/contents/.github%2Fospo-gatekeeper.yml')).status).toBe(404);
    expect(one.fake.calls('GET', /\.github\/contents/)).toHaveLength(1);
    expect((await call('GET', '/repos/Elsewhere/three/pulls/7')).status).toBe(404);
    expect(Object.fromEntries(server.counts)).toEqual({ 'Codertocat/two': 1, 'Codertocat/.github': 1, 'Elsewhere/three': 1 });
  });

  it("sends a GraphQL request to the repository it names: a mutation's node id, or an owner and a name", async () => {
    server = await startFakeGitHubServer();
    const one = servePull(server, 'one', 1);
    const two = servePull(server, 'two', 2);
    const mutation = { query: 'mutation OspoStartCheck($input: CreateCheckRunInput!) { x }', variables: { input: { repositoryId: two.fake.repositoryNodeId } } };
    const query = { query: 'query OspoRead($repoOwner: String!, $repoName: String!) { x }', variables: { repoOwner: 'Codertocat', repoName: 'two' } };
    // GitHub Enterprise's GraphQL endpoint: /api/graphql beside /api/v3.
    const graphql = server.baseUrl.replace(/\/v3$/, '/graphql');
    await fetch(graphql, { method: 'POST', body: JSON.stringify(mutation) });
    await fetch(graphql, { method: 'POST', body: JSON.stringify(query) });
    expect(two.fake.calls('POST', /^\/graphql$/)).toHaveLength(2);
    expect(one.fake.calls('POST', /^\/graphql$/)).toHaveLength(0);
  });

  it('answers the app routes: GET /app, installations paged, tokens, and the repositories of the token\'s installation', async () => {
    server = await startFakeGitHubServer();
    for (const [index, name] of ['a', 'b', 'c'].entries()) servePull(server, name, 10 + index);
    servePull(server, 'd', 10);
    expect((await call('GET', '/app')).body).toMatchObject({ slug: 'ospo-gatekeeper' });
    const first = await call('GET', '/app/installations?per_page=2');
    expect(first.body.map((installation: { id: number }) => installation.id)).toEqual([10, 11]);
    expect(first.link).toBe(`<${server.baseUrl}/app/installations?per_page=2&page=2>; rel="next", <${server.baseUrl}/app/installations?per_page=2&page=2>; rel="last"`);
    expect((await call('GET', '/app/installations?per_page=2&page=2')).body.map((installation: { id: number }) => installation.id)).toEqual([12]);
    const token = await call('POST', '/app/installations/10/access_tokens');
    expect(token).toMatchObject({ status: 201, body: { token: 'ghs_fake_10' } });
    const repositories = await call('GET', '/installation/repositories', { token: token.body.token });
    expect(repositories.body).toMatchObject({ total_count: 2, repositories: [{ full_name: 'Codertocat/a' }, { full_name: 'Codertocat/d' }] });
    expect(server.counts.get('app')).toBe(5);
  });

  it('holds matching requests until released, the first `times` only, and answers after the latency', async () => {
    server = await startFakeGitHubServer({ latencyMs: 50 });
    const pull = servePull(server, 'held', 1);
    const hold = server.hold('GET', /\/pulls\/7$/, { times: 1 });
    const started = Date.now();
    const held = call('GET', '/repos/Codertocat/held/pulls/7');
    expect(await hold.reached).toEqual({ method: 'GET', path: '/repos/Codertocat/held/pulls/7', target: 'Codertocat/held' });
    // The second matching request is past `times`: answered while the first still waits.
    expect((await call('GET', '/repos/Codertocat/held/pulls/7')).body).toMatchObject({ number: 7, head: { sha: pull.fake.pull.headSha } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    let settled = false;
    void held.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    hold.release();
    expect((await held).status).toBe(200);
  });

  it('drops a held request whose client went away: the fake never sees it', async () => {
    server = await startFakeGitHubServer();
    const pull = servePull(server, 'dropped', 1);
    const hold = server.hold('POST', /\/check-runs$/);
    const client = new AbortController();
    const abandoned = call('POST', '/repos/Codertocat/dropped/check-runs', { body: { name: 'x', head_sha: pull.fake.pull.headSha, status: 'in_progress' }, signal: client.signal }).catch((error: Error) => error.name);
    await hold.reached;
    client.abort();
    expect(await abandoned).toBe('AbortError');
    await new Promise((resolve) => setTimeout(resolve, 50));
    hold.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pull.fake.calls('POST')).toEqual([]);
    expect(checkRunsOf(pull)).toEqual([]);
  });

  it('is quiet once no request has come for the given time, and says so when requests keep coming', async () => {
    server = await startFakeGitHubServer();
    servePull(server, 'quiet', 1);
    await call('GET', '/app');
    const started = Date.now();
    await server.quiet(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const busy = setInterval(() => void call('GET', '/app'), 20);
    await new Promise((resolve) => setTimeout(resolve, 60)); // the requests have begun
    try {
      await expect(server.quiet(200, 300)).rejects.toThrow('requests kept coming for 300 ms (never 200 ms quiet)');
    } finally {
      clearInterval(busy);
    }
  });
});
