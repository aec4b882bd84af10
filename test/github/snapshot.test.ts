/**
 * The GitHub snapshot and policy reader with a read-ahead (src/github/snapshot.ts, files.ts):
 * what the read-ahead holds costs no call; what it does not is read through REST: a blob by its
 * id, a base file the listing knows only by path through the contents API at that commit.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { readPolicySources } from '../../src/github/files.js';
import { fileKey, type AheadFile } from '../../src/github/graphql-files.js';
import type { GitHub } from '../../src/github/octokit.js';
import { PrefetchedFiles } from '../../src/github/prefetch.js';
import { githubSnapshot } from '../../src/github/snapshot.js';
import { baseListingFromChanges, type TreeListing } from '../../src/github/trees.js';
import { FakeGitHub, gitSha } from '../app/helpers/fake-github.js';
import { sha } from '../app/helpers/fixtures.js';
import { isolateNetwork, testOctokit } from '../app/helpers/harness.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const repo = { owner: 'Codertocat', repo: 'Hello-World' };
const BASE = sha('snapshot-base');
const HEAD = sha('snapshot-head');
const baseFiles = { 'a.json': 'base a\n', 'b.json': 'base b\n', 'same.json': 'same\n', '.github/ospo-gatekeeper.yml': 'extends: permissive\n' };
const headFiles = { 'a.json': 'head a\n', 'b.json': 'head b\n', 'same.json': 'same\n' };

function setUp(): { fake: FakeGitHub; github: GitHub } {
  const fake = new FakeGitHub({ commits: { [BASE]: baseFiles, [HEAD]: headFiles }, pull: { number: 1, headSha: HEAD, baseSha: BASE, baseRef: 'main', state: 'open' } }).start();
  const Octokit = testOctokit(false);
  return { fake, github: new Octokit({ auth: 'ghs_test' }) as unknown as GitHub };
}

const listing = (files: Record<string, string>): TreeListing => new Map(Object.entries(files).map(([path, text]) => [path, { sha: gitSha('blob', text), size: text.length }]));
const found = (text: string, extra: { text?: string } = { text }) => ({ found: true as const, oid: gitSha('blob', text), byteSize: Buffer.byteLength(text), ...extra });

describe('reading with a read-ahead', () => {
  it('what the read-ahead holds is not asked again; the rest by blob id or, for a base file without one, by commit and path', async () => {
    const { fake, github } = setUp();
    const head = listing(headFiles);
    const base = baseListingFromChanges(head, [
      { path: 'a.json', status: 'modified' },
      { path: 'b.json', status: 'modified' },
    ]);
    const prefetched = new PrefetchedFiles({
      files: new Map([
        [fileKey(repo, HEAD, 'a.json'), found(headFiles['a.json'])],
        [fileKey(repo, BASE, 'a.json'), found(baseFiles['a.json'])],
        // Cut by GraphQL: its blob id is known, its text is not.
        [fileKey(repo, HEAD, 'b.json'), found(headFiles['b.json'], {})],
      ]),
    });
    const blobs = new Map();
    const headRead = await githubSnapshot(github, repo, HEAD, head, blobs, prefetched).read(['a.json', 'b.json', 'same.json']);
    const baseRead = await githubSnapshot(github, repo, BASE, base, blobs, prefetched).read(['b.json', 'a.json', 'same.json']);
    expect([...headRead]).toEqual([['a.json', 'head a\n'], ['b.json', 'head b\n'], ['same.json', 'same\n']]);
    expect([...baseRead]).toEqual([['b.json', 'base b\n'], ['a.json', 'base a\n'], ['same.json', 'same\n']]);
    // head b.json by blob id; same.json once for both sides (the same blob); base b.json by path at the base commit.
    expect(fake.calls('GET', /\/git\/blobs\//).map((call) => call.path.split('/').pop()).sort()).toEqual([gitSha('blob', 'head b\n'), gitSha('blob', 'same\n')].sort());
    const byPath = fake.calls('GET', /\/contents\//);
    expect(byPath.map((call) => [call.path, call.query.get('ref')])).toEqual([['/repos/Codertocat/Hello-World/contents/b.json', BASE]]);
    fake.stop();
  });

  it('a file the read-ahead found absent is not read, even if the listing has it', async () => {
    const { fake, github } = setUp();
    const prefetched = new PrefetchedFiles({ files: new Map([[fileKey(repo, HEAD, 'a.json'), { found: false }]]) });
    const read = await githubSnapshot(github, repo, HEAD, listing(headFiles), new Map(), prefetched).read(['a.json']);
    expect(read.size).toBe(0);
    expect(fake.requests).toHaveLength(0);
    fake.stop();
  });

  it('the policy from the read-ahead: none of the org, the own file read, an oversize one refused unread', async () => {
    const { fake, github } = setUp();
    const policy = baseFiles['.github/ospo-gatekeeper.yml'];
    const orgKey = fileKey({ owner: 'Codertocat', repo: '.github' }, undefined, '.github/ospo-gatekeeper.yml');
    const read = await readPolicySources(github, repo, BASE, undefined, new PrefetchedFiles({ files: new Map<string, AheadFile>([[orgKey, { found: false }], [fileKey(repo, BASE, '.github/ospo-gatekeeper.yml'), found(policy)]]) }));
    expect(read).toEqual({ repo: { path: '.github/ospo-gatekeeper.yml', text: policy } });
    const huge = { found: true as const, oid: 'f'.repeat(40), byteSize: 50_000_000 };
    const refused = await readPolicySources(github, repo, BASE, undefined, new PrefetchedFiles({ files: new Map<string, AheadFile>([[orgKey, { found: false }], [fileKey(repo, BASE, '.github/ospo-gatekeeper.yml'), huge]]) }));
    // The size rule of policy/load.ts (policySizeProblem), whose wording names the limit.
    expect(refused.repo).toMatchObject({ path: '.github/ospo-gatekeeper.yml', text: '' });
    expect(refused.repo?.unreadable).toBe('the file is 50000000 bytes; a policy file may be at most 1048576 bytes (1 MiB)');
    expect(fake.requests).toHaveLength(0);
    fake.stop();
  });
});
