/**
 * The deps.dev batch source against mocked v3alpha endpoints. Request and answer shapes are the
 * proto's (google/deps.dev api/v3alpha: GetVersionBatchRequest, VersionBatch, GetProjectBatchRequest,
 * ProjectBatch) in proto3 JSON: lowerCamelCase fields, enums by name, defaults left out.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import type { FactKind } from '../../src/facts/types.js';
import { depsDevSource, type DepsDevOptions } from '../../src/metadata/deps-dev.js';
import type { Answer, SourceAnswers } from '../../src/metadata/types.js';

const BASE = 'https://depsdev.example.test';
const NAME = `deps.dev (${BASE})`;
const FAST: DepsDevOptions = { backoffMs: 1 };

interface VersionKey {
  system: string;
  name: string;
  version: string;
}
interface VersionRequest {
  versionKey: VersionKey;
}
interface BatchBody<R> {
  requests: R[];
  pageToken?: string;
}

function dependency(purl: string): Dependency {
  return { ecosystem: 'x', name: purl, version: purl.slice(purl.lastIndexOf('@') + 1), purl, manifest: 'lockfile', scope: 'runtime', direct: true };
}
const npm = (count: number, from = 0) => Array.from({ length: count }, (_, i) => dependency(`pkg:npm/p${from + i}@1.0.0`));

function bodyOf<R>(body: unknown): BatchBody<R> {
  return (typeof body === 'string' ? JSON.parse(body) : body) as BatchBody<R>;
}

async function lookup(dependencies: Dependency[], kinds: FactKind[], options: DepsDevOptions = FAST): Promise<SourceAnswers> {
  return depsDevSource(BASE, 2000, options).lookup(dependencies, { concurrency: 8, kinds: new Set(kinds) });
}

function factsOf(answers: SourceAnswers, purl: string) {
  const answer = answers.answers.get(purl);
  if (!answer || 'failed' in answer) throw new Error(`no facts for ${purl}: ${JSON.stringify(answer)}`);
  return answer.facts;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('deps.dev versionbatch', () => {
  it('asks 10,000 packages in exactly 2 calls of 5000, and pairs answers by the echoed versionKey', async () => {
    const sizes: number[] = [];
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .times(2)
      .reply((_uri, body) => {
        const { requests, pageToken } = bodyOf<VersionRequest>(body);
        sizes.push(requests.length);
        expect(pageToken).toBeUndefined();
        // Answered in reverse: pairing by position would give every package another's license.
        const responses = [...requests].reverse().map((request) => ({ request, version: { versionKey: request.versionKey, licenses: [`LicenseRef-${request.versionKey.name}`] } }));
        return [200, { responses }];
      });
    const answers = await lookup(npm(10_000), ['license']);
    expect(sizes).toEqual([5000, 5000]);
    expect(answers.answers.size).toBe(10_000);
    expect(factsOf(answers, 'pkg:npm/p0@1.0.0').license).toEqual({ value: 'LicenseRef-p0', source: NAME });
    expect(factsOf(answers, 'pkg:npm/p9999@1.0.0').license?.value).toBe('LicenseRef-p9999');
    expect(answers.down).toBeUndefined();
  });

  it('names packages as deps.dev does: npm scope, Maven group:artifact, normalised PyPI, Go module path', async () => {
    let asked: VersionRequest[] = [];
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => {
        asked = bodyOf<VersionRequest>(body).requests;
        return [200, { responses: asked.map((request) => ({ request })) }];
      });
    const purls = ['pkg:npm/%40babel/core@7.24.0', 'pkg:maven/org.slf4j/slf4j-api@2.0.9', 'pkg:pypi/Zope.Interface@6.0', 'pkg:pypi/zope-interface@6.0', 'pkg:golang/github.com/stretchr/testify@v1.9.0'];
    const answers = await lookup(purls.map(dependency), ['license']);
    // The two spellings of zope-interface are one package: asked once, both answered.
    expect(asked).toEqual([
      { versionKey: { system: 'NPM', name: '@babel/core', version: '7.24.0' } },
      { versionKey: { system: 'MAVEN', name: 'org.slf4j:slf4j-api', version: '2.0.9' } },
      { versionKey: { system: 'PYPI', name: 'zope-interface', version: '6.0' } },
      { versionKey: { system: 'GO', name: 'github.com/stretchr/testify', version: 'v1.9.0' } },
    ]);
    expect(purls.map((purl) => answers.answers.get(purl))).toEqual(purls.map(() => ({ facts: {} })));
  });

  it('follows nextPageToken, sending the same requests with pageToken, until there is none', async () => {
    const bodies: BatchBody<VersionRequest>[] = [];
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .times(2)
      .reply((_uri, body) => {
        const sent = bodyOf<VersionRequest>(body);
        bodies.push(sent);
        const [first, second, third] = sent.requests;
        if (sent.pageToken === undefined) return [200, { responses: [{ request: third, version: { licenses: ['ISC'] } }], nextPageToken: 'page-2' }];
        return [200, { responses: [{ request: first, version: { licenses: ['MIT'] } }, { request: second, version: { licenses: ['0BSD'] } }] }];
      });
    const answers = await lookup(npm(3), ['license']);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual({ requests: bodies[0]?.requests, pageToken: 'page-2' });
    expect(['pkg:npm/p0@1.0.0', 'pkg:npm/p1@1.0.0', 'pkg:npm/p2@1.0.0'].map((purl) => factsOf(answers, purl).license?.value)).toEqual(['MIT', '0BSD', 'ISC']);
  });

  it('fails only the packages of a page that failed (500 after the retries)', async () => {
    let calls = 0;
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => {
        calls++;
        const [first] = bodyOf<VersionRequest>(body).requests;
        return [200, { responses: [{ request: first, version: { licenses: ['MIT'] } }], nextPageToken: 'page-2' }];
      })
      .post('/v3alpha/versionbatch', (body: BatchBody<VersionRequest>) => body.pageToken === 'page-2')
      .times(3)
      .reply(() => {
        calls++;
        return [500, 'internal'];
      });
    const answers = await lookup(npm(3), ['license']);
    expect(calls).toBe(4); // the first page, then the second page tried 1 + 2 retries
    expect(factsOf(answers, 'pkg:npm/p0@1.0.0').license?.value).toBe('MIT');
    expect(answers.answers.get('pkg:npm/p1@1.0.0')).toEqual({ failed: `${NAME} failed (HTTP 500)` });
    expect(answers.answers.get('pkg:npm/p2@1.0.0')).toEqual({ failed: `${NAME} failed (HTTP 500)` });
    expect(answers.down).toBeUndefined();
    expect(answers.lastFailure).toBe('HTTP 500');
  });

  it('fails the packages of a failed batch only, and asks the next batch', async () => {
    nock(BASE)
      .post('/v3alpha/versionbatch', (body: BatchBody<VersionRequest>) => body.requests.length === 5000)
      .reply(503, 'unavailable')
      .post('/v3alpha/versionbatch', (body: BatchBody<VersionRequest>) => body.requests.length === 1)
      .reply((_uri, body) => [200, { responses: bodyOf<VersionRequest>(body).requests.map((request) => ({ request, version: { licenses: ['MIT'] } })) }]);
    const answers = await lookup(npm(5001), ['license'], { ...FAST, retries: 0 });
    expect(answers.answers.get('pkg:npm/p0@1.0.0')).toEqual({ failed: `${NAME} failed (HTTP 503)` });
    expect(answers.answers.get('pkg:npm/p4999@1.0.0')).toEqual({ failed: `${NAME} failed (HTTP 503)` });
    expect(factsOf(answers, 'pkg:npm/p5000@1.0.0').license?.value).toBe('MIT');
  });

  it('waits as long as Retry-After says after a 429, then asks again', async () => {
    const times: number[] = [];
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply(() => {
        times.push(Date.now());
        return [429, 'slow down', { 'Retry-After': '0.05' }];
      })
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => {
        times.push(Date.now());
        return [200, { responses: bodyOf<VersionRequest>(body).requests.map((request) => ({ request, version: { licenses: ['MIT'] } })) }];
      });
    // A backoff of a minute: only the server's 50 ms lets this test finish in time.
    const answers = await lookup(npm(1), ['license'], { backoffMs: 60_000 });
    expect(factsOf(answers, 'pkg:npm/p0@1.0.0').license?.value).toBe('MIT');
    expect(times).toHaveLength(2);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(45);
  });

  it('stops asking a host that is down: the later batches are failed as unreachable, unasked', async () => {
    let calls = 0;
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .times(2) // a second call would be counted, not refused by nock
      .reply(() => {
        calls++;
        // Longer than the source waits (30 s by default): the host is out for this run.
        return [429, 'quota', { 'Retry-After': '3600' }];
      });
    const answers = await lookup(npm(5001), ['license']);
    expect(calls).toBe(1);
    expect(answers.down).toBe('rate limited (HTTP 429)');
    const reasons = new Set([...answers.answers.values()].map((answer) => ('failed' in answer ? answer.failed : 'answered')));
    expect([...reasons]).toEqual([`${NAME} unreachable (rate limited (HTTP 429))`]);
    expect(answers.answers.size).toBe(5001);
  });

  it('reads licenses: none, non-standard and several', async () => {
    const licenses: Record<string, string[] | undefined> = { p0: [], p1: ['non-standard'], p2: ['MIT', 'Apache-2.0'], p3: ['non-standard', 'BSD-3-Clause'], p4: undefined };
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => [
        200,
        { responses: bodyOf<VersionRequest>(body).requests.map((request) => ({ request, version: { versionKey: request.versionKey, ...(licenses[request.versionKey.name] ? { licenses: licenses[request.versionKey.name] } : {}) } })) },
      ]);
    const answers = await lookup(npm(5), ['license']);
    expect(npm(5).map(({ purl }) => factsOf(answers, purl).license?.value)).toEqual([undefined, undefined, '(MIT) AND (Apache-2.0)', 'BSD-3-Clause', undefined]);
  });

  it('reads deprecation, publishedAt and the SOURCE_REPO related project; a version deps.dev lacks has no facts', async () => {
    const versions: Record<string, unknown> = {
      p0: {
        isDeprecated: true,
        deprecatedReason: 'use p1 instead',
        publishedAt: '2024-03-01T10:15:00Z',
        relatedProjects: [
          { projectKey: { id: 'github.com/acme/issues' }, relationProvenance: 'UNVERIFIED_METADATA', relationType: 'ISSUE_TRACKER' },
          { projectKey: { id: 'github.com/acme/p0' }, relationProvenance: 'UNVERIFIED_METADATA', relationType: 'SOURCE_REPO' },
        ],
      },
      p1: { publishedAt: '2025-01-02T00:00:00Z' },
      p2: { isDeprecated: true },
    };
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => [200, { responses: bodyOf<VersionRequest>(body).requests.map((request) => ({ request, ...(versions[request.versionKey.name] ? { version: versions[request.versionKey.name] } : {}) })) }]);
    const answers = await lookup(npm(4), ['deprecation', 'publishedAt', 'sourceRepository']);
    expect(factsOf(answers, 'pkg:npm/p0@1.0.0')).toEqual({
      deprecation: { value: { deprecated: true, reason: 'use p1 instead' }, source: NAME },
      publishedAt: { value: '2024-03-01T10:15:00Z', source: NAME },
      sourceRepository: { value: 'github.com/acme/p0', source: NAME },
    });
    // isDeprecated left out is proto3's false: checked, not deprecated.
    expect(factsOf(answers, 'pkg:npm/p1@1.0.0')).toEqual({ deprecation: { value: { deprecated: false }, source: NAME }, publishedAt: { value: '2025-01-02T00:00:00Z', source: NAME } });
    expect(factsOf(answers, 'pkg:npm/p2@1.0.0')).toEqual({ deprecation: { value: { deprecated: true }, source: NAME } });
    expect(answers.answers.get('pkg:npm/p3@1.0.0')).toEqual({ facts: {} });
  });

  it('fails a package its answer leaves out, and an answer that is not a version batch', async () => {
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => {
        const [first] = bodyOf<VersionRequest>(body).requests;
        return [200, { responses: [{ request: first, version: { licenses: ['MIT'] } }] }];
      });
    const partial = await lookup(npm(2), ['license']);
    expect(factsOf(partial, 'pkg:npm/p0@1.0.0').license?.value).toBe('MIT');
    expect(partial.answers.get('pkg:npm/p1@1.0.0')).toEqual({ failed: `${NAME} failed (left out of the version batch answer)` });

    nock(BASE).post('/v3alpha/versionbatch').reply(200, [{ licenses: ['MIT'] }]);
    const malformed = await lookup(npm(1), ['license']);
    expect(malformed.answers.get('pkg:npm/p0@1.0.0')).toEqual({ failed: `${NAME} failed (answer was not a version batch)` });

    nock(BASE).post('/v3alpha/versionbatch').reply(200, { responses: [], nextPageToken: 'again' });
    const stuck = await lookup(npm(1), ['license']);
    expect(stuck.answers.get('pkg:npm/p0@1.0.0')).toEqual({ failed: `${NAME} failed (version batch paging answered nothing new)` });
  });

  it('tells each answer as it settles', async () => {
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => [200, { responses: bodyOf<VersionRequest>(body).requests.map((request) => ({ request })) }]);
    const seen: [string, Answer][] = [];
    await depsDevSource(BASE, 2000, FAST).lookup(npm(2), { concurrency: 1, kinds: new Set(['license']), onAnswer: (purl, answer) => seen.push([purl, answer]) });
    expect(seen).toEqual([
      ['pkg:npm/p0@1.0.0', { facts: {} }],
      ['pkg:npm/p1@1.0.0', { facts: {} }],
    ]);
  });
});

describe('deps.dev projectbatch (scorecard)', () => {
  /** p0 and p1 from github.com/acme/shared, p2 from github.com/acme/bare (no scorecard), p3 with no repository. */
  function versionsWithRepositories() {
    const repository: Record<string, string> = { p0: 'github.com/acme/shared', p1: 'github.com/acme/shared', p2: 'github.com/acme/bare' };
    return nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => [
        200,
        {
          responses: bodyOf<VersionRequest>(body).requests.map((request) => {
            const id = repository[request.versionKey.name];
            return { request, version: { licenses: ['MIT'], ...(id ? { relatedProjects: [{ projectKey: { id }, relationProvenance: 'UNVERIFIED_METADATA', relationType: 'SOURCE_REPO' }] } : {}) } };
          }),
        },
      ]);
  }

  it('asks one project per distinct repository and reads overallScore, checks and date', async () => {
    versionsWithRepositories();
    let asked: unknown[] = [];
    nock(BASE)
      .post('/v3alpha/projectbatch')
      .reply((_uri, body) => {
        asked = bodyOf<unknown>(body).requests;
        return [
          200,
          {
            responses: [
              { request: { projectKey: { id: 'github.com/acme/bare' } }, project: { projectKey: { id: 'github.com/acme/bare' }, starsCount: 3 } },
              {
                request: { projectKey: { id: 'github.com/acme/shared' } },
                project: {
                  projectKey: { id: 'github.com/acme/shared' },
                  scorecard: {
                    date: '2024-05-06T00:00:00Z',
                    repository: { name: 'github.com/acme/shared', commit: 'abc123' },
                    overallScore: 6.4,
                    checks: [
                      { name: 'Maintained', documentation: { shortDescription: 'active', url: 'https://example.test' }, score: 10, reason: '30 commits' },
                      { name: 'Code-Review', score: 3 },
                      { name: 'Fuzzing', reason: 'no fuzzing' },
                      { name: 'Packaging', score: -1 },
                    ],
                  },
                },
              },
            ],
          },
        ];
      });
    const answers = await lookup(npm(4), ['license', 'scorecard']);
    expect(asked).toEqual([{ projectKey: { id: 'github.com/acme/shared' } }, { projectKey: { id: 'github.com/acme/bare' } }]);
    // Fuzzing's score is left out: proto3's 0.
    const scorecard = { value: { repository: 'github.com/acme/shared', score: 6.4, checks: { Maintained: 10, 'Code-Review': 3, Fuzzing: 0, Packaging: -1 }, date: '2024-05-06T00:00:00Z' }, source: NAME };
    expect(factsOf(answers, 'pkg:npm/p0@1.0.0')).toEqual({ license: { value: 'MIT', source: NAME }, scorecard });
    expect(factsOf(answers, 'pkg:npm/p1@1.0.0').scorecard).toEqual(scorecard);
    expect(factsOf(answers, 'pkg:npm/p2@1.0.0')).toEqual({ license: { value: 'MIT', source: NAME } });
    expect(factsOf(answers, 'pkg:npm/p3@1.0.0')).toEqual({ license: { value: 'MIT', source: NAME } });
  });

  it('keeps the version facts when only the projectbatch failed, and says the scorecard is unchecked', async () => {
    versionsWithRepositories();
    nock(BASE).post('/v3alpha/projectbatch').reply(400, 'bad request');
    const answers = await lookup(npm(3), ['license', 'scorecard']);
    expect(answers.answers.get('pkg:npm/p0@1.0.0')).toEqual({ facts: { license: { value: 'MIT', source: NAME } }, uncheckedKinds: { scorecard: `${NAME} failed (HTTP 400)` } });

    versionsWithRepositories();
    nock(BASE).post('/v3alpha/projectbatch').reply(400, 'bad request');
    const onlyScorecard = await lookup(npm(3), ['scorecard']);
    expect(onlyScorecard.answers.get('pkg:npm/p2@1.0.0')).toEqual({ failed: `${NAME} failed (HTTP 400)` });
  });
});

describe('deps.dev: only what is asked', () => {
  it('sends nothing when no kind it provides is wanted', async () => {
    const scope = nock(BASE).post('/v3alpha/versionbatch').reply(200, { responses: [] });
    const answers = await lookup(npm(2), ['vulnerabilities']);
    expect(answers.answers.size).toBe(0);
    expect(scope.isDone()).toBe(false);
  });

  it('asks no projectbatch without the scorecard, and gives only the kinds wanted', async () => {
    nock(BASE)
      .post('/v3alpha/versionbatch')
      .reply((_uri, body) => [
        200,
        {
          responses: bodyOf<VersionRequest>(body).requests.map((request) => ({
            request,
            version: { licenses: ['MIT'], isDeprecated: true, publishedAt: '2024-01-01T00:00:00Z', relatedProjects: [{ projectKey: { id: 'github.com/acme/p0' }, relationType: 'SOURCE_REPO' }] },
          })),
        },
      ]);
    const projects = nock(BASE).post('/v3alpha/projectbatch').reply(200, { responses: [] });
    const answers = await lookup(npm(1), ['license']);
    expect(answers.answers.get('pkg:npm/p0@1.0.0')).toEqual({ facts: { license: { value: 'MIT', source: NAME } } });
    expect(projects.isDone()).toBe(false);
  });

  it('provides its five kinds and keeps the exported signature', () => {
    expect(depsDevSource(`${BASE}/`).provides).toEqual(['license', 'deprecation', 'publishedAt', 'sourceRepository', 'scorecard']);
    expect(depsDevSource(`${BASE}/`).name).toBe(NAME);
  });
});
