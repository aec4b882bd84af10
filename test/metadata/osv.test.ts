import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Dependency } from '../../src/deps/model.js';
import type { FactKind, Vulnerability } from '../../src/facts/types.js';
import { memoryCache, type FactCache } from '../../src/metadata/cache.js';
import { osvQueryOf, osvSource } from '../../src/metadata/osv.js';
import type { Answer, SourceAnswers } from '../../src/metadata/types.js';

const OSV = 'https://osv.example.test';
const SOURCE = `OSV (${OSV})`;
const VULNERABILITIES: ReadonlySet<FactKind> = new Set(['vulnerabilities']);

const V31_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V31_MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';
const V4_CRITICAL = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

function dependency(purl: string, version: string | undefined = '1.0.0'): Dependency {
  return { ecosystem: 'x', name: purl, ...(version !== undefined ? { version } : {}), purl, manifest: 'lockfile', scope: 'runtime', direct: true };
}

/** A querybatch request body as OSV documents it, parsed whichever way nock hands it over. */
interface Query {
  package: { name: string; ecosystem: string };
  version: string;
  page_token?: string;
}
function queriesOf(body: unknown): Query[] {
  const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { queries: Query[] };
  return parsed.queries;
}

/** A minimal OSV record as GET /v1/vulns/{id} returns it. */
function record(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { schema_version: '1.6.0', id, modified: '2024-01-01T00:00:00Z', published: '2023-12-01T00:00:00Z', aliases: [], summary: `summary of ${id}`, affected: [], ...fields };
}

function lookup(dependencies: Dependency[], cache?: FactCache, onAnswer?: (purl: string, answer: Answer) => void): Promise<SourceAnswers> {
  const source = osvSource(OSV, 5_000, { backoffMs: 1 });
  return source.lookup(dependencies, { concurrency: 4, kinds: VULNERABILITIES, ...(cache ? { cache } : {}), ...(onAnswer ? { onAnswer } : {}) });
}

function vulnerabilitiesOf(answers: SourceAnswers, purl: string): readonly Vulnerability[] {
  const answer = answers.answers.get(purl);
  if (!answer || 'failed' in answer) throw new Error(`no vulnerabilities for ${purl}: ${JSON.stringify(answer)}`);
  expect(answer.facts.vulnerabilities?.source).toBe(SOURCE);
  return answer.facts.vulnerabilities?.value ?? [];
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('OSV queries', () => {
  it('names packages as OSV ecosystems do', () => {
    expect(osvQueryOf('pkg:npm/%40babel/traverse@7.23.1')).toEqual({ package: { ecosystem: 'npm', name: '@babel/traverse' }, version: '7.23.1' });
    expect(osvQueryOf('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toEqual({ package: { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' }, version: '2.14.1' });
    expect(osvQueryOf('pkg:golang/github.com/gorilla/websocket@v1.4.0')).toEqual({ package: { ecosystem: 'Go', name: 'github.com/gorilla/websocket' }, version: '1.4.0' });
    expect(osvQueryOf('pkg:pypi/zope.interface@5.0.0')).toEqual({ package: { ecosystem: 'PyPI', name: 'zope-interface' }, version: '5.0.0' });
    expect(osvQueryOf('pkg:cargo/smallvec@1.6.0')).toEqual({ package: { ecosystem: 'crates.io', name: 'smallvec' }, version: '1.6.0' });
    expect(osvQueryOf('pkg:npm/left-pad')).toBeUndefined();
    expect(osvQueryOf('pkg:conan/zlib@1.2.13')).toBeUndefined();
  });

  it('supports only packages with a version in an ecosystem OSV knows', () => {
    const source = osvSource(OSV);
    expect(source.provides).toEqual(['vulnerabilities']);
    expect(source.supports(dependency('pkg:npm/left-pad@1.0.0'))).toBe(true);
    expect(source.supports(dependency('pkg:npm/left-pad', undefined))).toBe(false);
    expect(source.supports(dependency('pkg:conan/zlib@1.0.0'))).toBe(false);
  });

  it('asks 10,000 packages in 10 querybatch calls of 1000, then one GET per distinct record', async () => {
    const dependencies = Array.from({ length: 10_000 }, (_, index) => dependency(`pkg:npm/package-${index}@1.0.0`));
    dependencies.push(dependency('pkg:npm/no-version', undefined), dependency('pkg:npm/package-0@1.0.0'));
    const batchSizes: number[] = [];
    nock(OSV)
      .post('/v1/querybatch')
      .times(10)
      .reply(200, (_uri, body) => {
        const queries = queriesOf(body);
        batchSizes.push(queries.length);
        // Every 1000th package has GHSA-shared; package-4242 also has its own record.
        const results = queries.map((query) => {
          expect(query.package.ecosystem).toBe('npm');
          expect(query.version).toBe('1.0.0');
          const index = Number(query.package.name.slice('package-'.length));
          const vulns = [...(index % 1000 === 0 ? [{ id: 'GHSA-shar-ed00-0001', modified: '2024-01-01T00:00:00Z' }] : []), ...(index === 4242 ? [{ id: 'PYSEC-0000-4242', modified: '2024-01-01T00:00:00Z' }] : [])];
          return vulns.length > 0 ? { vulns } : {};
        });
        return { results };
      });
    let gets = 0;
    nock(OSV)
      .get(/^\/v1\/vulns\//)
      .times(2)
      .reply(200, (uri) => {
        gets++;
        return record(decodeURIComponent(uri.slice('/v1/vulns/'.length)));
      });
    const answered: string[] = [];
    const answers = await lookup(dependencies, undefined, (purl) => answered.push(purl));
    expect(batchSizes).toEqual(Array.from({ length: 10 }, () => 1000));
    expect(gets).toBe(2);
    expect(answers.answers.size).toBe(10_000);
    expect(answered).toHaveLength(10_000);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/package-1@1.0.0')).toEqual([]);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/package-3000@1.0.0').map((vulnerability) => vulnerability.id)).toEqual(['GHSA-shar-ed00-0001']);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/package-4242@1.0.0').map((vulnerability) => vulnerability.id)).toEqual(['PYSEC-0000-4242']);
    expect(answers.answers.has('pkg:npm/no-version')).toBe(false);
  });

  it('follows next_page_token for the one query that has more, asking only it again with page_token', async () => {
    const names = ['first', 'paged', 'third'];
    nock(OSV)
      .post('/v1/querybatch', (body: unknown) => queriesOf(body).length === 3 && queriesOf(body).every((query) => query.page_token === undefined))
      .reply(200, {
        results: [{ vulns: [{ id: 'GHSA-aaaa-aaaa-aaaa', modified: '2024-01-01T00:00:00Z' }] }, { vulns: [{ id: 'GHSA-bbbb-bbbb-bbbb', modified: '2024-01-01T00:00:00Z' }], next_page_token: 'page-2-of-paged' }, {}],
      });
    nock(OSV)
      .post('/v1/querybatch', { queries: [{ package: { name: 'paged', ecosystem: 'npm' }, version: '1.0.0', page_token: 'page-2-of-paged' }] })
      .reply(200, { results: [{ vulns: [{ id: 'GHSA-cccc-cccc-cccc', modified: '2024-01-01T00:00:00Z' }] }] });
    for (const id of ['GHSA-aaaa-aaaa-aaaa', 'GHSA-bbbb-bbbb-bbbb', 'GHSA-cccc-cccc-cccc']) nock(OSV).get(`/v1/vulns/${id}`).reply(200, record(id));
    const answers = await lookup(names.map((name) => dependency(`pkg:npm/${name}@1.0.0`)));
    expect(vulnerabilitiesOf(answers, 'pkg:npm/first@1.0.0').map((vulnerability) => vulnerability.id)).toEqual(['GHSA-aaaa-aaaa-aaaa']);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/paged@1.0.0').map((vulnerability) => vulnerability.id)).toEqual(['GHSA-bbbb-bbbb-bbbb', 'GHSA-cccc-cccc-cccc']);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/third@1.0.0')).toEqual([]);
    expect(nock.isDone()).toBe(true);
  });
});

/** One package, one record: the Vulnerability OSV's record becomes for it. */
async function vulnerabilityFor(purl: string, osvRecord: Record<string, unknown>): Promise<Vulnerability> {
  const id = osvRecord.id as string;
  nock(OSV)
    .post('/v1/querybatch')
    .reply(200, { results: [{ vulns: [{ id, modified: osvRecord.modified }] }] });
  nock(OSV).get(`/v1/vulns/${encodeURIComponent(id)}`).reply(200, osvRecord);
  const found = vulnerabilitiesOf(await lookup([dependency(purl)]), purl);
  expect(found).toHaveLength(1);
  return found[0] as Vulnerability;
}

describe('OSV records as vulnerabilities', () => {
  it('marks a MAL- record malicious', async () => {
    const malware = record('MAL-2024-1234', {
      summary: 'Malicious code in evil-package (npm)',
      affected: [{ package: { ecosystem: 'npm', name: 'evil-package' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
      database_specific: { 'malicious-packages-origins': [{ source: 'ghsa-malware' }] },
    });
    expect(await vulnerabilityFor('pkg:npm/evil-package@1.0.0', malware)).toEqual({
      id: 'MAL-2024-1234',
      aliases: [],
      summary: 'Malicious code in evil-package (npm)',
      severity: 'unknown',
      fixed: [],
      malicious: true,
      modified: '2024-01-01T00:00:00Z',
    });
  });

  it('scores CVSS v3.1 and v4.0 vectors and keeps the highest (9.3 over 6.1)', async () => {
    const advisory = record('GHSA-v4v4-v4v4-v4v4', {
      aliases: ['CVE-2024-0001'],
      severity: [
        { type: 'CVSS_V3', score: V31_MEDIUM },
        { type: 'CVSS_V4', score: V4_CRITICAL },
      ],
      database_specific: { severity: 'LOW' },
    });
    const found = await vulnerabilityFor('pkg:npm/lib@1.0.0', advisory);
    expect(found).toMatchObject({ id: 'GHSA-v4v4-v4v4-v4v4', aliases: ['CVE-2024-0001'], severity: 'critical', score: 9.3, vector: V4_CRITICAL, malicious: false });
  });

  it('scores a CVSS v3.1 vector alone, ignoring one the calculator rejects', async () => {
    const advisory = record('GHSA-v3v3-v3v3-v3v3', {
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V3', score: V31_CRITICAL },
      ],
    });
    expect(await vulnerabilityFor('pkg:npm/lib@1.0.0', advisory)).toMatchObject({ severity: 'critical', score: 9.8, vector: V31_CRITICAL });
  });

  it("falls back to GHSA's database_specific.severity when the record has no severity[]", async () => {
    const advisory = record('GHSA-mmmm-mmmm-mmmm', { database_specific: { severity: 'MODERATE', github_reviewed: true, cwe_ids: ['CWE-400'] } });
    const found = await vulnerabilityFor('pkg:npm/lib@1.0.0', advisory);
    expect(found.severity).toBe('medium');
    expect(found.score).toBeUndefined();
  });

  it("takes this package's fixed versions from its ranges, once each, leaving GIT commits and other packages out", async () => {
    const advisory = record('PYSEC-2021-66', {
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'zope.interface', purl: 'pkg:pypi/zope-interface' },
          ranges: [
            { type: 'GIT', repo: 'https://github.com/zopefoundation/zope.interface', events: [{ introduced: '0' }, { fixed: '8d2c5e1f4b1a8b3c9d0e7f6a5b4c3d2e1f0a9b8c' }] },
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.1.1' }, { introduced: '5.2.0' }, { fixed: '5.2.3' }] },
          ],
        },
        { package: { ecosystem: 'PyPI', name: 'zope-interface' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '5.2.0' }, { fixed: '5.2.3' }] }] },
        { package: { ecosystem: 'npm', name: 'zope-interface' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.9.9' }] }] },
      ],
    });
    expect((await vulnerabilityFor('pkg:pypi/zope.interface@5.0.0', advisory)).fixed).toEqual(['5.1.1', '5.2.3']);
  });

  it('leaves a withdrawn record out', async () => {
    nock(OSV)
      .post('/v1/querybatch')
      .reply(200, { results: [{ vulns: [{ id: 'GHSA-wwww-wwww-wwww', modified: '2024-02-01T00:00:00Z' }] }] });
    nock(OSV).get('/v1/vulns/GHSA-wwww-wwww-wwww').reply(200, record('GHSA-wwww-wwww-wwww', { modified: '2024-02-01T00:00:00Z', withdrawn: '2024-02-01T00:00:00Z' }));
    expect(vulnerabilitiesOf(await lookup([dependency('pkg:npm/lib@1.0.0')]), 'pkg:npm/lib@1.0.0')).toEqual([]);
  });
});

describe('the osv-record cache', () => {
  it('reuses a cached record at the same modified, and fetches it again when modified changed', async () => {
    const cache = memoryCache();
    const purl = 'pkg:npm/lib@1.0.0';
    const batchAnswer = (modified: string) => ({ results: [{ vulns: [{ id: 'GHSA-cach-edca-ched', modified }] }] });
    let gets = 0;
    const fetched = (summary: string, modified: string) => () => {
      gets++;
      return record('GHSA-cach-edca-ched', { summary, modified });
    };

    nock(OSV).post('/v1/querybatch').reply(200, batchAnswer('2024-01-01T00:00:00Z'));
    nock(OSV).get('/v1/vulns/GHSA-cach-edca-ched').reply(200, fetched('first', '2024-01-01T00:00:00Z'));
    expect(vulnerabilitiesOf(await lookup([dependency(purl)], cache), purl)[0]?.summary).toBe('first');
    expect(gets).toBe(1);

    nock(OSV).post('/v1/querybatch').reply(200, batchAnswer('2024-01-01T00:00:00Z'));
    expect(vulnerabilitiesOf(await lookup([dependency(purl)], cache), purl)[0]?.summary).toBe('first');
    expect(gets).toBe(1);

    nock(OSV).post('/v1/querybatch').reply(200, batchAnswer('2024-03-01T00:00:00Z'));
    nock(OSV).get('/v1/vulns/GHSA-cach-edca-ched').reply(200, fetched('revised', '2024-03-01T00:00:00Z'));
    const revised = vulnerabilitiesOf(await lookup([dependency(purl)], cache), purl)[0];
    expect(gets).toBe(2);
    expect(revised).toMatchObject({ summary: 'revised', modified: '2024-03-01T00:00:00Z' });
  });
});

describe('OSV failures', () => {
  it('fails only the packages of the querybatch call that failed', async () => {
    const dependencies = Array.from({ length: 1500 }, (_, index) => dependency(`pkg:npm/package-${index}@1.0.0`));
    // The second batch (package-1000..1499) gets a 500 on each of its three tries.
    nock(OSV)
      .post('/v1/querybatch')
      .times(4)
      .reply((_uri, body) => {
        const queries = queriesOf(body);
        if (queries[0]?.package.name === 'package-1000') return [500, { code: 13, message: 'internal' }];
        return [200, { results: queries.map(() => ({})) }];
      });
    const answers = await lookup(dependencies);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/package-999@1.0.0')).toEqual([]);
    expect(answers.answers.get('pkg:npm/package-1000@1.0.0')).toEqual({ failed: `${SOURCE} failed (HTTP 500)` });
    expect(answers.answers.get('pkg:npm/package-1499@1.0.0')).toEqual({ failed: `${SOURCE} failed (HTTP 500)` });
    expect([...answers.answers.values()].filter((answer) => 'failed' in answer)).toHaveLength(500);
    expect(answers.down).toBeUndefined();
    expect(answers.lastFailure).toBe('HTTP 500');
  });

  it('fails the packages a record could not be fetched for, not the others', async () => {
    nock(OSV)
      .post('/v1/querybatch')
      .reply(200, { results: [{ vulns: [{ id: 'GHSA-gone-gone-gone', modified: '2024-01-01T00:00:00Z' }] }, { vulns: [{ id: 'GHSA-fine-fine-fine', modified: '2024-01-01T00:00:00Z' }] }, {}] });
    nock(OSV).get('/v1/vulns/GHSA-gone-gone-gone').reply(404, { code: 5, message: 'Bug not found.' });
    nock(OSV).get('/v1/vulns/GHSA-fine-fine-fine').reply(200, record('GHSA-fine-fine-fine'));
    const answers = await lookup(['a', 'b', 'c'].map((name) => dependency(`pkg:npm/${name}@1.0.0`)));
    expect(answers.answers.get('pkg:npm/a@1.0.0')).toEqual({ failed: `${SOURCE} failed (record GHSA-gone-gone-gone not found)` });
    expect(vulnerabilitiesOf(answers, 'pkg:npm/b@1.0.0').map((vulnerability) => vulnerability.id)).toEqual(['GHSA-fine-fine-fine']);
    expect(vulnerabilitiesOf(answers, 'pkg:npm/c@1.0.0')).toEqual([]);
  });

  it('fails a querybatch answer that does not hold one result per query', async () => {
    nock(OSV).post('/v1/querybatch').reply(200, { results: [{}] });
    const answers = await lookup(['a', 'b'].map((name) => dependency(`pkg:npm/${name}@1.0.0`)));
    expect(answers.answers.get('pkg:npm/b@1.0.0')).toEqual({ failed: `${SOURCE} failed (querybatch answered 1 results for 2 queries)` });
  });

  it('stops calling a host that is out of reach: later batches fail unasked', async () => {
    const dependencies = Array.from({ length: 2500 }, (_, index) => dependency(`pkg:npm/package-${index}@1.0.0`));
    let calls = 0;
    nock(OSV)
      .post('/v1/querybatch')
      .times(3)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      .on('request', () => calls++);
    const source = osvSource(OSV, 5_000, { backoffMs: 1 });
    const answers = await source.lookup(dependencies, { concurrency: 1, kinds: VULNERABILITIES });
    expect(calls).toBe(1);
    expect(answers.down).toBeDefined();
    expect(answers.answers.size).toBe(2500);
    const reasons = new Set([...answers.answers.values()].map((answer) => ('failed' in answer ? answer.failed : 'answered')));
    expect([...reasons]).toEqual([`${SOURCE} unreachable (${answers.down})`]);
  });

  it('answers nothing when vulnerabilities are not wanted', async () => {
    const source = osvSource(OSV);
    const answers = await source.lookup([dependency('pkg:npm/lib@1.0.0')], { concurrency: 1, kinds: new Set(['license']) });
    expect(answers.answers.size).toBe(0);
  });
});
