import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeGitHub } from './helpers/fake-github.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { pullRequestPayload, sha } from './helpers/fixtures.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const OLD = '1111111111111111111111111111111111111111';
const NEW = '2222222222222222222222222222222222222222';
const BASE = sha('actions-base');
const HEAD = sha('actions-head');
const workflow = (ref: string, tag: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${ref} # ${tag}\n`;

function actionsPull(licenses: Record<string, string>, policy = ''): FakeGitHub {
  const files = (ref: string, tag: string) => ({ '.github/workflows/ci.yml': workflow(ref, tag), ...(policy ? { '.github/ospo-gatekeeper.yml': policy } : {}) });
  return new FakeGitHub({
    commits: { [BASE]: files(OLD, 'v4.1.0'), [HEAD]: files(NEW, 'v4.2.2') },
    pull: { number: 9, headSha: HEAD, baseSha: BASE, baseRef: 'main', state: 'open' },
    repositoryLicenses: licenses,
  }).start();
}

const OSV = 'https://osv.example.test';

/**
 * The app as deployed: sources from the environment, the GitHub one through the installation
 * client; OSV (asked for the actions' vulnerabilities by commit) knows none.
 */
const online = () => {
  nock(OSV)
    .post('/v1/querybatch')
    .reply(200, (_uri, body) => ({ results: (body as { queries: unknown[] }).queries.map(() => ({})) }));
  return harness({ app: { env: { OSPO_NOW: '2026-01-15', OSPO_OSV_URL: OSV }, sources: undefined } });
};

describe('GitHub Actions in the app', () => {
  it('reads the action license through the installation client at the pinned commits, and shows short SHAs with tags', async () => {
    const github = actionsPull({ [`actions/checkout@${OLD}`]: 'MIT', [`actions/checkout@${NEW}`]: 'MIT' });
    const app = await online();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 9, headSha: HEAD, baseSha: BASE }));
    expect(github.calls('GET', /^\/repos\/actions\/checkout\/license$/).map((call) => call.query.get('ref')).sort()).toEqual([OLD, NEW]);
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('success');
    expect(run.output.summary).toContain('| upgraded | `actions/checkout` | 1111111 (v4.1.0) | 2222222 (v4.2.2) | MIT |');
    expect(run.output.summary).not.toContain(NEW);
  });

  it('fails a license change to a denied license, found at the new commit', async () => {
    const github = actionsPull({ [`actions/checkout@${OLD}`]: 'MIT', [`actions/checkout@${NEW}`]: 'BUSL-1.1' }, 'licenses:\n  deny: [source-available]\n');
    const app = await online();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 9, headSha: HEAD, baseSha: BASE }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toEqual([
      expect.objectContaining({ path: '.github/workflows/ci.yml', start_line: 6, annotation_level: 'failure', title: 'license/denied: actions/checkout@2222222' }),
      expect.objectContaining({ path: '.github/workflows/ci.yml', start_line: 6, annotation_level: 'warning', title: expect.stringMatching(/^license\/changed/) }),
    ]);
  });

  it('is neutral, saying why, when GitHub can not tell the license for lack of access', async () => {
    const github = actionsPull({});
    github.fail('GET', /\/license$/, 403, 2);
    const app = await online();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 9, headSha: HEAD, baseSha: BASE }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toContain('### ⚠️ Not everything could be checked: 1 license not checked: GitHub API (https://api.github.com) unreachable (GitHub answered 403)');
  });
});
