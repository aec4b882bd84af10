import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { Dependency } from '../../src/ecosystems/types.js';
import { ConfigError, factSourcesFromEnv } from '../../src/metadata/config.js';
import type { FactSource } from '../../src/metadata/types.js';
import { licenseUnchecked } from '../../src/facts/types.js';
import { memoryCache } from '../../src/metadata/cache.js';
import { depsDevSource } from '../../src/metadata/deps-dev.js';
import { gatherFacts, type GatherOptions } from '../../src/metadata/gather.js';
import { npmRegistryApi, npmRegistrySource } from '../../src/metadata/npm-registry.js';
import { perPackageSource } from '../../src/metadata/per-package.js';

const REGISTRY = 'https://registry.example.test';
const DEPS_DEV = 'https://depsdev.example.test';

function npmDep(name: string, version: string, purl: string, license?: string): Dependency {
  return { ecosystem: 'npm', name, version, purl, manifest: 'package-lock.json', scope: 'runtime', direct: true, ...(license ? { license } : {}) };
}

/** deps.dev's versionbatch answer for npm packages at 1.0.0: licenses by name, undefined = a version it does not have. */
function depsDevAnswer(licenses: Record<string, string[] | undefined>) {
  return {
    responses: Object.entries(licenses).map(([name, known]) => {
      const versionKey = { system: 'NPM', name, version: '1.0.0' };
      return { request: { versionKey }, ...(known ? { version: { versionKey, licenses: known } } : {}) };
    }),
  };
}

/** One package through a source's batch port: its license, null when it records none. */
async function licenseVia(source: FactSource, dependency: Dependency): Promise<string | null> {
  const answer = (await source.lookup([dependency], { concurrency: 1, kinds: new Set(['license']) })).answers.get(dependency.purl);
  if (!answer || 'failed' in answer) throw new Error(`no answer: ${JSON.stringify(answer)}`);
  return answer.facts.license?.value ?? null;
}

/** gatherFacts, read the way these tests ask: licenses found, packages unchecked, findings. */
async function resolveLicenses(dependencies: Dependency[], sources: FactSource[], options: GatherOptions = {}) {
  const gathered = await gatherFacts(dependencies, sources, options);
  const licenses = new Map([...gathered.facts.packages].flatMap(([purl, facts]) => (facts.license ? [[purl, { license: facts.license.value, source: facts.license.source }] as const] : [])));
  return { licenses, unchecked: gathered.facts.unchecked, findings: gathered.findings };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('license sources', () => {
  it('asks the npm registry for the exact version, scope slash encoded, and reads license or old licenses arrays', async () => {
    nock(REGISTRY).get('/@babel%2Fcore/7.24.0').reply(200, { name: '@babel/core', version: '7.24.0', license: 'MIT' });
    nock(REGISTRY).get('/old-style/1.0.0').reply(200, { licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] });
    const source = npmRegistrySource(REGISTRY);
    expect(await licenseVia(source, npmDep('@babel/core', '7.24.0', 'pkg:npm/%40babel/core@7.24.0'))).toBe('MIT');
    expect(await licenseVia(source, npmDep('old-style', '1.0.0', 'pkg:npm/old-style@1.0.0'))).toBe('(MIT) OR (Apache-2.0)');
  });

  it('asks deps.dev with the ecosystem system name and Maven group:artifact names', async () => {
    const versionKey = { system: 'MAVEN', name: 'org.slf4j:slf4j-api', version: '2.0.9' };
    nock(DEPS_DEV)
      .post('/v3alpha/versionbatch', { requests: [{ versionKey }] })
      .reply(200, { responses: [{ request: { versionKey }, version: { versionKey, licenses: ['MIT'] } }] });
    const source = depsDevSource(DEPS_DEV);
    const dependency: Dependency = { ecosystem: 'maven', name: 'org.slf4j:slf4j-api', version: '2.0.9', purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.9', manifest: 'pom.xml', scope: 'runtime', direct: true };
    expect(source.supports(dependency)).toBe(true);
    expect(await licenseVia(source, dependency)).toBe('MIT');
  });

  it('knows which purl types deps.dev covers (the ecosystems know no service)', () => {
    const source = depsDevSource(DEPS_DEV);
    const of = (purl: string): Dependency => ({ ecosystem: 'x', name: 'x', version: '1.0.0', purl, manifest: 'm', scope: 'runtime', direct: true });
    expect(['pkg:gem/rails@7.1.0', 'pkg:golang/github.com/a/b@v1.0.0', 'pkg:cargo/serde@1.0.0', 'pkg:nuget/Newtonsoft.Json@13.0.1'].map((purl) => source.supports(of(purl)))).toEqual([true, true, true, true]);
    expect(['pkg:composer/monolog/monolog@3.0.0', 'pkg:githubactions/actions/checkout@v4'].map((purl) => source.supports(of(purl)))).toEqual([false, false]);
  });

  it('has no sources offline, and asks the batch services before the registries', () => {
    expect(factSourcesFromEnv({ OSPO_OFFLINE: '1' })).toEqual([]);
    const sources = factSourcesFromEnv({ OSPO_NPM_REGISTRY: REGISTRY, OSPO_OSV_URL: 'https://osv.mirror.test', OSPO_CRATES_URL: 'https://crates.mirror.test' });
    expect(sources.map((s) => [s.name, s.provides.join(',')])).toEqual([
      ['deps.dev (https://api.deps.dev)', 'license,deprecation,publishedAt,sourceRepository,scorecard'],
      ['OSV (https://osv.mirror.test)', 'vulnerabilities'],
      ['ClearlyDefined (https://api.clearlydefined.io)', 'license'],
      [`npm registry (${REGISTRY})`, 'license'],
      ['PyPI (https://pypi.org)', 'license'],
      ['crates.io (https://crates.mirror.test)', 'license'],
      ['GitHub API (https://api.github.com)', 'license'],
    ]);
  });
});

describe('gatherFacts', () => {
  it('looks up only packages without a license, once per purl, and caches the answers', async () => {
    const scope = nock(REGISTRY).get('/a/1.0.0').once().reply(200, { license: 'ISC' });
    const cache = memoryCache();
    const deps = [npmDep('a', '1.0.0', 'pkg:npm/a@1.0.0'), npmDep('a', '1.0.0', 'pkg:npm/a@1.0.0'), npmDep('b', '1.0.0', 'pkg:npm/b@1.0.0', 'MIT')];
    const first = await resolveLicenses(deps, [npmRegistrySource(REGISTRY)], { cache });
    expect(first.licenses.get('pkg:npm/a@1.0.0')).toEqual({ license: 'ISC', source: `npm registry (${REGISTRY})` });
    expect(scope.isDone()).toBe(true);
    const second = await resolveLicenses(deps, [npmRegistrySource(REGISTRY)], { cache }); // no request: nock would throw
    expect(second.licenses.get('pkg:npm/a@1.0.0')?.license).toBe('ISC');
  });

  it('falls through to the next source when one has no license, and reports a failing source', async () => {
    nock(REGISTRY).get('/c/1.0.0').reply(200, { name: 'c' });
    nock(REGISTRY).get('/d/1.0.0').reply(503, 'down');
    nock(DEPS_DEV).post('/v3alpha/versionbatch').reply(200, depsDevAnswer({ c: ['BSD-3-Clause'], d: undefined }));
    const result = await resolveLicenses(
      [npmDep('c', '1.0.0', 'pkg:npm/c@1.0.0'), npmDep('d', '1.0.0', 'pkg:npm/d@1.0.0')],
      [npmRegistrySource(REGISTRY), depsDevSource(DEPS_DEV)],
    );
    expect(result.licenses.get('pkg:npm/c@1.0.0')?.license).toBe('BSD-3-Clause');
    expect(result.licenses.has('pkg:npm/d@1.0.0')).toBe(false);
    expect(result.unchecked.get('pkg:npm/d@1.0.0')).toBe(`npm registry (${REGISTRY}) failed (HTTP 503)`);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'metadata/unavailable', severity: 'warning', incomplete: true, message: `npm registry (${REGISTRY}) failed for 1 package (HTTP 503)` }),
    ]);
  });
});

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('gatherFacts: work not done is said, once per source', () => {
  const many = (count: number) => Array.from({ length: count }, (_, i) => npmDep(`p${i}`, '1.0.0', `pkg:npm/p${i}@1.0.0`));

  it('stops asking a host that is unreachable (circuit breaker) and reports one finding for every package it left', async () => {
    // A port that was free a moment ago refuses connections: a real connection-level failure, no network needed.
    const port = await closedPort();
    nock.enableNetConnect('127.0.0.1');
    const calls: string[] = [];
    const api = npmRegistryApi(`http://127.0.0.1:${port}`, 2000);
    const counting = perPackageSource({
      ...api,
      fetch: async (dependency) => {
        calls.push(dependency.purl);
        return api.fetch(dependency);
      },
    });
    try {
      const result = await resolveLicenses(many(40), [counting], { concurrency: 4 });
      // Only the requests already in flight when the first failed were sent: at most one per worker.
      expect(calls.length).toBeLessThanOrEqual(4);
      expect(result.unchecked.size).toBe(40);
      expect([...new Set(result.unchecked.values())]).toEqual([`npm registry (http://127.0.0.1:${port}) unreachable (fetch failed: ECONNREFUSED)`]);
      expect(result.findings).toEqual([
        expect.objectContaining({ rule: 'metadata/unavailable', severity: 'warning', incomplete: true, message: `npm registry (http://127.0.0.1:${port}) unreachable (fetch failed: ECONNREFUSED): 40 packages not looked up there` }),
      ]);
    } finally {
      nock.disableNetConnect();
    }
  });

  it('trips on a timeout and on rate limiting as well, but not on one server error', async () => {
    nock(REGISTRY).get('/p0/1.0.0').reply(429, 'slow down');
    const limited = await resolveLicenses(many(5), [npmRegistrySource(REGISTRY)], { concurrency: 1 });
    expect(limited.unchecked.size).toBe(5);
    expect(limited.findings.map((f) => f.message)).toEqual([`npm registry (${REGISTRY}) unreachable (rate limited (HTTP 429)): 5 packages not looked up there`]);

    nock(REGISTRY).get('/p0/1.0.0').delay(300).reply(200, { license: 'MIT' });
    const slow = await resolveLicenses(many(3), [npmRegistrySource(REGISTRY, 50)], { concurrency: 1 });
    expect(slow.findings.map((f) => f.message)).toEqual([`npm registry (${REGISTRY}) unreachable (timed out after 50 ms): 3 packages not looked up there`]);

    nock(REGISTRY).get('/p0/1.0.0').reply(500, 'oops').get('/p1/1.0.0').reply(200, { license: 'MIT' });
    const flaky = await resolveLicenses(many(2), [npmRegistrySource(REGISTRY)], { concurrency: 1 });
    expect(flaky.licenses.get('pkg:npm/p1@1.0.0')?.license).toBe('MIT');
    expect([...flaky.unchecked.keys()]).toEqual(['pkg:npm/p0@1.0.0']);
  });

  it('falls through to the next source when the first is down, and then the work is done', async () => {
    nock(REGISTRY).get('/p0/1.0.0').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(DEPS_DEV).post('/v3alpha/versionbatch').reply(200, depsDevAnswer({ p0: ['MIT'], p1: ['ISC'] }));
    const result = await resolveLicenses(many(2), [npmRegistrySource(REGISTRY), depsDevSource(DEPS_DEV)], { concurrency: 1 });
    expect(result.unchecked.size).toBe(0);
    expect(result.licenses.get('pkg:npm/p1@1.0.0')?.license).toBe('ISC');
    expect(result.findings).toEqual([expect.objectContaining({ severity: 'notice', message: expect.stringContaining('2 packages not looked up there; other sources answered for them') })]);
    expect(result.findings[0]?.incomplete).toBeUndefined();
  });

  it('marks everything unchecked offline, and what only a source configured off could answer', async () => {
    // Offline, nothing is looked up: said once for every package without a license, not per package.
    const offline = await gatherFacts(many(2), []);
    expect(offline.facts.nothingLookedUp).toBe('offline');
    expect(offline.facts.unchecked.size).toBe(0);
    expect(many(2).map((dependency) => licenseUnchecked(dependency, offline.facts))).toEqual(['offline', 'offline']);
    expect(licenseUnchecked(npmDep('licensed', '1.0.0', 'pkg:npm/licensed@1.0.0', 'MIT'), offline.facts)).toBeUndefined();
    const unpinned: Dependency = { ecosystem: 'npm', name: 'unpinned', requirement: '^1.0.0', purl: 'pkg:npm/unpinned', manifest: 'package.json', scope: 'runtime', direct: true };
    expect(licenseUnchecked(unpinned, offline.facts)).toBeUndefined();
    const action: Dependency = { ecosystem: 'github-actions', name: 'actions/checkout', version: 'v4', purl: 'pkg:githubactions/actions/checkout@v4', manifest: '.github/workflows/ci.yml', scope: 'runtime', direct: true };
    const github = factSourcesFromEnv({}).find((source) => source.name.startsWith('GitHub API'));
    const noToken = await resolveLicenses([action], [github as FactSource]);
    expect([...noToken.unchecked.values()]).toEqual(['no GITHUB_TOKEN to ask the GitHub API']);
    expect(noToken.findings).toEqual([]);
  });

  it('reports progress as packages settle', async () => {
    nock(REGISTRY).get('/p0/1.0.0').reply(200, { license: 'MIT' }).get('/p1/1.0.0').reply(200, { license: 'MIT' });
    const seen: string[] = [];
    await resolveLicenses(many(2), [npmRegistrySource(REGISTRY)], { concurrency: 1, onProgress: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(['1/2', '2/2']);
  });
});

describe('the GitHub API source (action licenses)', () => {
  const GITHUB = 'https://github.example.test/api/v3';
  const action = (ref: string): Dependency => ({ ecosystem: 'github-actions', name: 'actions/cache/save', version: ref, purl: `pkg:githubactions/actions/cache%2Fsave@${ref}`, manifest: '.github/workflows/ci.yml', scope: 'runtime', direct: true });

  it('reads the license GitHub detects in the action repository at the pinned ref, with the token', async () => {
    nock(GITHUB, { reqheaders: { authorization: 'Bearer t0ken' } })
      .get('/repos/actions/cache/license').query({ ref: 'v4.2.0' }).reply(200, { license: { spdx_id: 'MIT' } })
      .get('/repos/actions/cache/license').query({ ref: 'v0.1' }).reply(404, { message: 'Not Found' });
    const github = factSourcesFromEnv({ OSPO_GITHUB_API_URL: GITHUB, GITHUB_TOKEN: 't0ken' }).find((source) => source.name.startsWith('GitHub API'));
    const source = github as FactSource;
    expect(source.unavailable).toBeUndefined();
    expect(source.supports(action('v4.2.0'))).toBe(true);
    expect(source.supports(npmDep('a', '1.0.0', 'pkg:npm/a@1.0.0'))).toBe(false);
    expect(await licenseVia(source, action('v4.2.0'))).toBe('MIT');
    expect(await licenseVia(source, action('v0.1'))).toBeNull();
  });
});

describe('source configuration', () => {
  it.each([
    [{ OSPO_DEPSDEV_URL: 'not-a-url' }, 'OSPO_DEPSDEV_URL=not-a-url is not a URL (expected like https://mirror.example.com)'],
    [{ OSPO_NPM_REGISTRY_URL: 'ftp://mirror.test' }, 'OSPO_NPM_REGISTRY_URL=ftp://mirror.test must be an http(s) URL'],
    [{ OSPO_METADATA_TIMEOUT_MS: 'soon' }, 'OSPO_METADATA_TIMEOUT_MS=soon must be a positive whole number of milliseconds'],
    [{ OSPO_OFFLINE: '1', OSPO_GITHUB_API_URL: '::' }, 'OSPO_GITHUB_API_URL=:: is not a URL (expected like https://mirror.example.com)'],
  ])('rejects %j', (env, message) => {
    expect(() => factSourcesFromEnv(env)).toThrow(new ConfigError(message));
  });

  it('takes OSPO_NPM_REGISTRY_URL before its alias OSPO_NPM_REGISTRY', () => {
    expect(factSourcesFromEnv({ OSPO_NPM_REGISTRY_URL: 'https://a.test', OSPO_NPM_REGISTRY: 'https://b.test' }).map((source) => source.name)).toContain('npm registry (https://a.test)');
  });
});
