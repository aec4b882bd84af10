import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import { clearlyDefinedSource, coordinatesOf } from '../../src/metadata/clearly-defined.js';
import { gatherFacts } from '../../src/metadata/gather.js';
import { perPackageSource } from '../../src/metadata/per-package.js';
import type { Answer, SourceAnswers } from '../../src/metadata/types.js';

const CD = 'https://clearlydefined.example.test';
const NAME = `ClearlyDefined (${CD})`;

function dep(purl: string): Dependency {
  return { ecosystem: 'npm', name: 'x', version: '1.0.0', purl, manifest: 'package-lock.json', scope: 'runtime', direct: true };
}

/** A definition as the service answers it: only the parts we read, with their real names. */
function definition(declared: string | undefined): unknown {
  return { described: { releaseDate: '2021-02-20' }, licensed: declared === undefined ? { toolScore: { total: 0 } } : { declared, toolScore: { total: 60 } }, scores: { effective: 50 } };
}

async function lookup(dependencies: Dependency[], concurrency = 4, options: { backoffMs?: number; retries?: number } = {}): Promise<SourceAnswers> {
  return clearlyDefinedSource(CD, 5_000, options).lookup(dependencies, { concurrency, kinds: new Set(['license']) });
}

function licenseOf(answer: Answer | undefined): string | null | undefined {
  if (answer === undefined || 'failed' in answer) return undefined;
  return answer.facts.license?.value ?? null;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('ClearlyDefined coordinates', () => {
  it('writes type/provider/namespace/name/revision, `-` for no namespace, the npm scope as namespace, Go slashes as %2f', () => {
    expect(coordinatesOf('pkg:npm/lodash@4.17.21')).toBe('npm/npmjs/-/lodash/4.17.21');
    expect(coordinatesOf('pkg:npm/%40fluentui/react-text@9.0.0-alpha.13')).toBe('npm/npmjs/@fluentui/react-text/9.0.0-alpha.13');
    expect(coordinatesOf('pkg:golang/github.com/satori/go.uuid@v1.2.0')).toBe('go/golang/github.com%2fsatori/go.uuid/v1.2.0');
    expect(coordinatesOf('pkg:maven/org.slf4j/slf4j-api@2.0.9')).toBe('maven/mavencentral/org.slf4j/slf4j-api/2.0.9');
    expect(coordinatesOf('pkg:pypi/requests@2.31.0')).toBe('pypi/pypi/-/requests/2.31.0');
    expect(coordinatesOf('pkg:cargo/serde@1.0.197')).toBe('crate/cratesio/-/serde/1.0.197');
    expect(coordinatesOf('pkg:composer/monolog/monolog@3.5.0')).toBe('composer/packagist/monolog/monolog/3.5.0');
  });

  it('has none for purl types ClearlyDefined does not cover, or without a version, and does not support them', () => {
    expect(coordinatesOf('pkg:githubactions/actions/checkout@v4')).toBeUndefined();
    expect(coordinatesOf('pkg:npm/lodash')).toBeUndefined();
    const source = clearlyDefinedSource(CD);
    expect(source.supports(dep('pkg:npm/lodash@4.17.21'))).toBe(true);
    expect(source.supports(dep('pkg:githubactions/actions/checkout@v4'))).toBe(false);
    expect(source.provides).toEqual(['license']);
  });
});

describe('ClearlyDefined definitions', () => {
  it('POSTs the coordinates once each and reads licensed.declared from the answer keyed by coordinates', async () => {
    let body: unknown;
    nock(CD)
      .post('/definitions', (sent) => {
        body = sent;
        return true;
      })
      .reply(200, { 'npm/npmjs/-/lodash/4.17.21': definition('MIT'), 'npm/npmjs/@babel/core/7.24.0': definition('MIT') });
    const lodash = dep('pkg:npm/lodash@4.17.21');
    const babel = dep('pkg:npm/%40babel/core@7.24.0');
    const result = await lookup([lodash, babel, lodash]);
    expect(body).toEqual(['npm/npmjs/-/lodash/4.17.21', 'npm/npmjs/@babel/core/7.24.0']);
    expect(result.answers.get(lodash.purl)).toEqual({ facts: { license: { value: 'MIT', source: NAME } } });
    expect(licenseOf(result.answers.get(babel.purl))).toBe('MIT');
    expect(result.down).toBeUndefined();
  });

  it('matches an answer keyed in another casing than asked', async () => {
    nock(CD).post('/definitions').reply(200, { 'nuget/nuget/-/newtonsoft.json/13.0.1': definition('MIT') });
    const newtonsoft = dep('pkg:nuget/Newtonsoft.Json@13.0.1');
    expect(licenseOf((await lookup([newtonsoft])).answers.get(newtonsoft.purl))).toBe('MIT');
  });

  it('asks 1,200 packages in 3 calls of at most 500 coordinates', async () => {
    const dependencies = Array.from({ length: 1200 }, (_, index) => dep(`pkg:npm/pkg-${index}@1.0.0`));
    const sizes: number[] = [];
    nock(CD)
      .post('/definitions')
      .times(3)
      .reply(200, (_uri, sent) => {
        const coordinates = sent as string[];
        sizes.push(coordinates.length);
        return Object.fromEntries(coordinates.map((coordinate) => [coordinate, definition('Apache-2.0')]));
      });
    const result = await lookup(dependencies);
    expect(sizes.sort((a, b) => b - a)).toEqual([500, 500, 200]);
    expect(result.answers.size).toBe(1200);
    expect([...result.answers.values()].every((answer) => licenseOf(answer) === 'Apache-2.0')).toBe(true);
  });

  it('gives no license for NOASSERTION, OTHER, an expression of only those, an empty or absent declared, or a missing definition', async () => {
    const purls = ['noassertion', 'other', 'both', 'empty', 'undeclared', 'missing', 'mixed', 'none'].map((name) => `pkg:npm/${name}@1.0.0`);
    nock(CD)
      .post('/definitions')
      .reply(200, {
        'npm/npmjs/-/noassertion/1.0.0': definition('NOASSERTION'),
        'npm/npmjs/-/other/1.0.0': definition('OTHER'),
        'npm/npmjs/-/both/1.0.0': definition('(NOASSERTION AND OTHER)'),
        'npm/npmjs/-/empty/1.0.0': definition(''),
        'npm/npmjs/-/undeclared/1.0.0': definition(undefined),
        'npm/npmjs/-/mixed/1.0.0': definition('MIT AND OTHER'),
        'npm/npmjs/-/none/1.0.0': definition('NONE'),
      });
    const result = await lookup(purls.map(dep));
    const licenses = purls.map((purl) => licenseOf(result.answers.get(purl)));
    // A real license beside OTHER is kept as declared, for the rules to report as unknown; NONE says there is no license.
    expect(licenses).toEqual([null, null, null, null, null, null, 'MIT AND OTHER', 'NONE']);
  });

  it('waits the Retry-After of a 429, not its own backoff, and then reads the answer', async () => {
    nock(CD).post('/definitions').reply(429, 'Too Many Requests', { 'retry-after': '0' });
    nock(CD).post('/definitions').reply(200, { 'npm/npmjs/-/lodash/4.17.21': definition('MIT') });
    const lodash = dep('pkg:npm/lodash@4.17.21');
    const started = Date.now();
    // A backoff of 10 s would outlast the test's timeout: passing in time shows Retry-After was used.
    const result = await lookup([lodash], 1, { backoffMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(licenseOf(result.answers.get(lodash.purl))).toBe('MIT');
    expect(nock.isDone()).toBe(true);
  });

  it('fails only the packages of a failed call: a 5xx after its retries, an answer that is not JSON', async () => {
    const dependencies = Array.from({ length: 1200 }, (_, index) => dep(`pkg:npm/pkg-${index}@1.0.0`));
    const first = (index: number) => (sent: unknown) => Array.isArray(sent) && sent[0] === `npm/npmjs/-/pkg-${index}/1.0.0`;
    const answerFor = (_uri: string, sent: unknown) => Object.fromEntries((sent as string[]).map((coordinate) => [coordinate, definition('MIT')]));
    nock(CD).post('/definitions', first(0)).reply(200, answerFor);
    nock(CD).post('/definitions', first(500)).times(3).reply(500, 'Internal Server Error');
    // The service answers a failed lookup with 200 and a sentence.
    nock(CD).post('/definitions', first(1000)).reply(200, 'An error occurred when trying to fetch coordinates for one of the components: boom', { 'content-type': 'text/html' });
    const result = await lookup(dependencies, 4, { backoffMs: 1 });
    const at = (index: number) => result.answers.get(`pkg:npm/pkg-${index}@1.0.0`);
    expect([licenseOf(at(0)), licenseOf(at(499))]).toEqual(['MIT', 'MIT']);
    expect(at(500)).toEqual({ failed: `${NAME} failed (HTTP 500)` });
    expect(at(999)).toEqual({ failed: `${NAME} failed (HTTP 500)` });
    expect(at(1000)).toEqual({ failed: `${NAME} failed (answer was not JSON)` });
    expect(at(1199)).toEqual({ failed: `${NAME} failed (answer was not JSON)` });
    expect(result.down).toBeUndefined();
    expect(nock.isDone()).toBe(true);
  });

  it('stops asking when rate limited for longer than it waits: the rest are unreachable, not asked', async () => {
    const dependencies = Array.from({ length: 600 }, (_, index) => dep(`pkg:npm/pkg-${index}@1.0.0`));
    let calls = 0;
    nock(CD)
      .post('/definitions')
      .times(2)
      .reply(() => {
        calls++;
        return [429, 'Too Many Requests', { 'retry-after': '3600' }];
      });
    const result = await lookup(dependencies, 1);
    expect(calls).toBe(1);
    expect(result.down).toBe('rate limited (HTTP 429)');
    expect(result.answers.get('pkg:npm/pkg-0@1.0.0')).toEqual({ failed: `${NAME} unreachable (rate limited (HTTP 429))` });
    expect(result.answers.get('pkg:npm/pkg-599@1.0.0')).toEqual({ failed: `${NAME} unreachable (rate limited (HTTP 429))` });
  });

  it('fails the call on a 404 (a wrong base URL) or an answer that is not an object of definitions', async () => {
    nock(CD).post('/definitions').reply(404, 'Not Found');
    const lodash = dep('pkg:npm/lodash@4.17.21');
    expect((await lookup([lodash])).answers.get(lodash.purl)).toEqual({ failed: `${NAME} failed (HTTP 404 on POST /definitions)` });
    nock(CD).post('/definitions').reply(200, ['npm/npmjs/-/lodash/4.17.21']);
    expect((await lookup([lodash])).answers.get(lodash.purl)).toEqual({ failed: `${NAME} failed (answer was not an object keyed by coordinates)` });
  });
});

describe('ClearlyDefined among the sources', () => {
  it('leaves a NOASSERTION package to the next source, and one ClearlyDefined failed for unchecked with why', async () => {
    nock(CD).post('/definitions').reply(200, { 'npm/npmjs/-/unsure/1.0.0': definition('NOASSERTION'), 'npm/npmjs/-/sure/1.0.0': definition('BSD-3-Clause') });
    const registry = perPackageSource({ name: 'registry', supports: () => true, fetch: async (dependency) => (dependency.purl.includes('unsure') ? { license: { value: 'ISC', source: 'registry' } } : {}) });
    const gathered = await gatherFacts([dep('pkg:npm/unsure@1.0.0'), dep('pkg:npm/sure@1.0.0')], [clearlyDefinedSource(CD), registry]);
    expect(gathered.facts.packages.get('pkg:npm/unsure@1.0.0')?.license).toEqual({ value: 'ISC', source: 'registry' });
    expect(gathered.facts.packages.get('pkg:npm/sure@1.0.0')?.license).toEqual({ value: 'BSD-3-Clause', source: NAME });

    nock(CD).post('/definitions').reply(400, 'Body contains too many coordinates: 501');
    const failed = await gatherFacts([dep('pkg:npm/other@2.0.0')], [clearlyDefinedSource(CD)]);
    expect(failed.facts.unchecked.get('pkg:npm/other@2.0.0')).toBe(`${NAME} failed (HTTP 400)`);
    expect(failed.findings.map((finding) => finding.rule)).toEqual(['metadata/unavailable']);
  });
});
