/**
 * Vulnerabilities end to end: the real server over HTTP, signed webhooks, the fake GitHub, and the
 * fact sources the app builds from its environment pointed at a local fake of deps.dev, OSV and
 * ClearlyDefined (bench/fake-sources.ts) speaking their real request and answer shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeSources, withRecords, type FakeSources, type OsvRecord } from '../../bench/fake-sources.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { lineOf, project, pullRequestPayload, sha, type Pkg } from './helpers/fixtures.js';
import { serversPerTest } from './helpers/server.js';

const CRITICAL: OsvRecord = {
  id: 'GHSA-4xcv-9jjx-gfj3',
  modified: '2026-01-02T00:00:00Z',
  summary: 'Remote code execution in left-pad',
  aliases: ['CVE-2026-0001'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.3.1' }, { fixed: '1.3.2' }] }] }],
};

const world = withRecords(
  {
    package: (system, name, version) => {
      if (name !== 'left-pad' && name !== 'tiny') return undefined;
      return { licenses: ['MIT'], publishedAt: '2025-01-01T00:00:00Z', ...(system === 'npm' && name === 'left-pad' && version === '1.3.1' ? { vulns: [CRITICAL] } : {}) };
    },
  },
  [CRITICAL],
);

const packages = (leftPad: string): Pkg[] => [
  { name: 'left-pad', version: leftPad, license: 'MIT', direct: true },
  { name: 'tiny', version: '1.0.0', license: 'ISC' },
];

let sources: FakeSources;
const servers = serversPerTest();
beforeAll(async () => {
  sources = await startFakeSources(world);
});
afterAll(() => sources.close());

async function pullRequest(from: string, to: string) {
  const base = sha(`base-${from}`);
  const head = sha(`head-${to}`);
  const headFiles = project(packages(to));
  const github = new FakeGitHub({
    commits: { [base]: project(packages(from)), [head]: headFiles },
    pull: { number: 9, headSha: head, baseSha: base, baseRef: 'main', state: 'open' },
  }).start();
  const env = { OSPO_NOW: '2026-01-15', OSPO_DEPSDEV_URL: sources.url, OSPO_OSV_URL: sources.url, OSPO_CLEARLYDEFINED_URL: sources.url, OSPO_NPM_REGISTRY_URL: sources.url };
  const running = await servers.start({}, { app: { env } });
  const response = await running.post('pull_request', pullRequestPayload('opened', { number: 9, headSha: head, baseSha: base }));
  expect(response.status).toBe(200);
  const completion = github.requests.filter((request) => /check-runs/.test(request.path) && request.method === 'PATCH').at(-1);
  const review = github.calls('POST', /\/pulls\/9\/reviews$/)[0];
  return { completion, review, declaredLine: lineOf(headFiles['package.json']!, '"left-pad"') };
}

describe('vulnerabilities on a pull request', () => {
  it('fails an upgrade into a version with a critical vulnerability, with a review comment on the manifest line', async () => {
    const { completion, review, declaredLine } = await pullRequest('1.3.0', '1.3.1');
    expect(completion?.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(completion?.body.output.annotations).toEqual([
      expect.objectContaining({ path: 'package.json', start_line: declaredLine, annotation_level: 'failure', message: expect.stringContaining('GHSA-4xcv-9jjx-gfj3') }),
    ]);
    expect(review?.body.comments).toEqual([expect.objectContaining({ path: 'package.json', line: declaredLine, side: 'RIGHT' })]);
    const comment: string = review?.body.comments[0].body;
    // What a maintainer needs: which advisory, how bad, and the version that fixes it.
    expect(comment).toContain('GHSA-4xcv-9jjx-gfj3');
    expect(comment).toMatch(/critical/i);
    expect(comment).toContain('9.8');
    expect(comment).toContain('1.3.2');
  });

  it('says an upgrade out of the vulnerable version fixes it, and passes', async () => {
    const { completion, review } = await pullRequest('1.3.1', '1.3.2');
    expect(completion?.body).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(completion?.body.output.summary).toMatch(/fixes GHSA-4xcv-9jjx-gfj3 \(critical\)/);
    // A fix is good news: no review comment asks for a change.
    expect(review).toBeUndefined();
  });
});
