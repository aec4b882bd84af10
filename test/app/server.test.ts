import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import { readAheadCalls } from './helpers/fake-graphql-files.js';
import { pullRequestPayload, sign } from './helpers/fixtures.js';
import { serversPerTest } from './helpers/server.js';
import { BASE, HEAD, lines, typicalPull } from './scenario.js';

const servers = serversPerTest();

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });

describe('the real server over HTTP (probot run)', () => {
  it('a signed pull_request.opened -> check run in progress, completed failure, annotations and review comments on the right lines', async () => {
    const github = typicalPull();
    const running = await servers.start();
    const response = await running.post('pull_request', opened());
    expect(response.status).toBe(200);

    // Created in progress by the read-ahead's mutation; completed by REST.
    const [create, ...others] = readAheadCalls(github, 'OspoStartCheck');
    expect(others).toHaveLength(0);
    expect(create.body.variables.input).toMatchObject({ name: CHECK_NAME, headSha: HEAD, status: 'IN_PROGRESS' });
    const rest = github.requests.filter((request) => /check-runs/.test(request.path) && request.method !== 'GET');
    expect(rest.every((request) => request.method === 'PATCH')).toBe(true);
    const completion = rest[rest.length - 1]!;
    expect(completion).toMatchObject({ method: 'PATCH', body: { status: 'completed', conclusion: 'failure' } });
    expect(completion.body.output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'package.json', start_line: lines.gplDeclared, end_line: lines.gplDeclared, annotation_level: 'failure' }),
        expect.objectContaining({ path: 'package-lock.json', start_line: lines.mysteryEntry, annotation_level: 'warning' }),
      ]),
    );
    const review = github.calls('POST', /\/pulls\/7\/reviews$/)[0]!;
    expect(review.body).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    expect(review.body.comments).toEqual([expect.objectContaining({ path: 'package.json', line: lines.gplDeclared, side: 'RIGHT' })]);
    expect(review.body.comments[0].body).toContain('gpl-thing@3.0.0');
    // The order a maintainer sees: in progress first, the verdict, then the review (it does not hold the verdict back).
    const order = github.apiCalls.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path.split('/').slice(-1)[0]}`);
    expect(order).toEqual(['POST graphql', 'PATCH 1000', 'POST reviews']);
  });

  it('a bad signature is rejected and causes no GitHub call', async () => {
    const github = typicalPull();
    const running = await servers.start();
    const response = await running.post('pull_request', opened(), { signature: sign('not-the-secret', JSON.stringify(opened())) });
    expect(response.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(github.requests).toHaveLength(0);
    expect(running.outcomes).toHaveLength(0);
  });

  it('GET /healthz answers 200', async () => {
    const running = await servers.start();
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('honours GHE_HOST / GHE_PROTOCOL: every call goes to <protocol>://<host>/api/v3', async () => {
    const github = typicalPull({ baseUrl: 'http://ghe.example.test/api/v3' });
    const dotcom = nock('https://api.github.com').persist().get(/.*/).reply(500).post(/.*/).reply(500);
    const running = await servers.start({ GHE_HOST: 'ghe.example.test', GHE_PROTOCOL: 'http' });
    const response = await running.post('pull_request', opened());
    expect(response.status).toBe(200);
    expect(github.checkRuns[0]!.conclusion).toBe('failure');
    expect(github.requests.some((request) => request.path === '/app/installations/1/access_tokens')).toBe(true);
    expect(dotcom.isDone()).toBe(false);
  });
});
