/**
 * Issue 12, the app's tree and policy reading: what GitHub's JSON can say that a Map or a blob
 * fetch would silently get wrong. A stub client answers exactly the calls made.
 */
import { describe, expect, it } from '@jest/globals';
import { readPolicyBlob, readPolicySources, withOwnPolicy } from '../../src/github/files.js';
import type { GitHub } from '../../src/github/octokit.js';
import { listTree, type TreeListing } from '../../src/github/trees.js';
import { validatePolicyChange } from '../../src/jobs/policy-change.js';
import { loadPolicy } from '../../src/policy/load.js';

const REPO = { owner: 'acme', repo: 'app' };
const MIB = 1024 * 1024;
const POLICY = '.github/ospo-gatekeeper.yml';

interface Stub {
  trees?: Record<string, { tree: object[]; truncated: boolean }>;
  /** Contents API answers by `repo:path`; absent: 404. */
  contents?: Record<string, object>;
  blobs?: Record<string, string>;
}

function stubGitHub(stub: Stub): { github: GitHub; calls: string[] } {
  const calls: string[] = [];
  const rest = {
    git: {
      getTree: async ({ tree_sha, recursive }: { tree_sha: string; recursive?: string }) => {
        calls.push(`tree ${tree_sha}${recursive ? ' recursive' : ''}`);
        const key = recursive ? `${tree_sha} recursive` : tree_sha;
        const data = stub.trees?.[key];
        if (!data) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { data: { sha: tree_sha, ...data } };
      },
      getBlob: async ({ file_sha }: { file_sha: string }) => {
        calls.push(`blob ${file_sha}`);
        const text = stub.blobs?.[file_sha];
        if (text === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { data: { sha: file_sha, encoding: 'base64', content: Buffer.from(text).toString('base64') } };
      },
    },
    repos: {
      getContent: async ({ repo, path }: { repo: string; path: string }) => {
        calls.push(`contents ${repo}:${path}`);
        const data = stub.contents?.[`${repo}:${path}`];
        if (!data) throw Object.assign(new Error('Not Found'), { status: 404 });
        return { data };
      },
    },
  };
  // Only the three calls the readers make are there: the rest of Octokit is not needed.
  return { github: { rest } as unknown as GitHub, calls };
}

const blob = (path: string, sha: string, size = 10) => ({ path, mode: '100644', type: 'blob', sha, size });
const tree = (path: string, sha: string) => ({ path, mode: '040000', type: 'tree', sha });
const errorsOf = (result: ReturnType<typeof loadPolicy>) => (result.ok ? [] : result.errors.map((error) => [error.path, error.message]));

describe('listTree', () => {
  it('refuses a listing that names two files alike (one of them would be dropped unread)', async () => {
    // GitHub's paths are JSON strings: names whose bytes are not UTF-8 can come back the same.
    const { github } = stubGitHub({ trees: { 'c1 recursive': { tree: [blob('caf\uFFFD/package-lock.json', 'a1'), blob('caf\uFFFD/package-lock.json', 'b2')], truncated: false } } });
    await expect(listTree(github, REPO, 'c1')).rejects.toThrow('the tree lists two files as "caf\uFFFD/package-lock.json"');
  });

  it('keeps odd but distinct names, each with its own blob', async () => {
    const { github } = stubGitHub({ trees: { 'c1 recursive': { tree: [blob('a\nb/package-lock.json', 'a1'), blob('a/package-lock.json', 'b2'), blob('caf\uFFFD/package-lock.json', 'c3')], truncated: false } } });
    const listing = await listTree(github, REPO, 'c1');
    expect([...listing].map(([path, file]) => [path, file.sha])).toEqual([
      ['a\nb/package-lock.json', 'a1'],
      ['a/package-lock.json', 'b2'],
      ['caf\uFFFD/package-lock.json', 'c3'],
    ]);
  });

  it('lists a truncated tree folder by folder', async () => {
    const { github } = stubGitHub({
      trees: {
        'c1 recursive': { tree: [blob('README.md', 'r1')], truncated: true },
        c1: { tree: [blob('README.md', 'r1'), tree('pkg', 't1')], truncated: false },
        't1 recursive': { tree: [blob('package-lock.json', 'p1')], truncated: false },
      },
    });
    expect([...(await listTree(github, REPO, 'c1')).keys()]).toEqual(['README.md', 'pkg/package-lock.json']);
  });

  it('refuses a tree whose one-level listing is truncated too, instead of listing part of it', async () => {
    const { github } = stubGitHub({
      trees: {
        'c1 recursive': { tree: [blob('a', 'a1')], truncated: true },
        c1: { tree: [blob('a', 'a1'), tree('big', 't1')], truncated: false },
        't1 recursive': { tree: [blob('x', 'x1')], truncated: true },
        t1: { tree: [blob('x', 'x1')], truncated: true },
      },
    });
    await expect(listTree(github, REPO, 'c1')).rejects.toThrow("GitHub truncates even a one-level listing of the tree t1: its files can't all be listed");
  });
});

describe('readPolicySources', () => {
  it('does not fetch a policy file over 1 MiB: it is an error with the file', async () => {
    const { github, calls } = stubGitHub({
      contents: { [`app:${POLICY}`]: { type: 'file', path: POLICY, sha: 'big1', size: 2 * MIB, encoding: 'none', content: '' } },
      blobs: { big1: '#' },
    });
    const sources = await readPolicySources(github, REPO, 'main');
    expect(calls).not.toContain('blob big1');
    expect(errorsOf(loadPolicy(sources))).toEqual([[POLICY, 'the file is 2097152 bytes; a policy file may be at most 1048576 bytes (1 MiB)']]);
  });

  it('reads a file over the contents API limit but under 1 MiB from its blob', async () => {
    const { github, calls } = stubGitHub({
      contents: { [`app:${POLICY}`]: { type: 'file', path: POLICY, sha: 'mid1', size: 1000, encoding: 'none', content: '' } },
      blobs: { mid1: 'mode: warn\n' },
    });
    const loaded = loadPolicy(await readPolicySources(github, REPO, 'main'));
    expect(calls).toContain('blob mid1');
    expect(loaded.ok && loaded.policy.mode).toBe('warn');
  });

  it('reports a policy path that is a symlink GitHub does not follow, instead of judging by the permissive preset', async () => {
    const { github } = stubGitHub({ contents: { [`app:${POLICY}`]: { type: 'symlink', path: POLICY, sha: 's1', size: 12, target: '/etc/passwd' } } });
    expect(errorsOf(loadPolicy(await readPolicySources(github, REPO, 'main')))).toEqual([[POLICY, 'the policy file is a symlink, not a regular file']]);
  });

  it('reports the organization default when it is a folder', async () => {
    const { github } = stubGitHub({ contents: { [`.github:${POLICY}`]: [{ type: 'file', path: `${POLICY}/x` }] } });
    expect(errorsOf(loadPolicy(await readPolicySources(github, REPO, 'main')))).toEqual([['acme/.github:.github/ospo-gatekeeper.yml', 'the policy file is a folder, not a regular file']]);
  });

  it('does not fetch an oversized policy blob named by the base tree listing', async () => {
    const { github, calls } = stubGitHub({ blobs: { big1: '#' } });
    const listing: TreeListing = new Map([[POLICY, { sha: 'big1', size: MIB + 1 }]]);
    const sources = await readPolicySources(github, REPO, 'main', Promise.resolve(listing));
    expect(calls).not.toContain('blob big1');
    expect(errorsOf(loadPolicy(sources))).toEqual([[POLICY, 'the file is 1048577 bytes; a policy file may be at most 1048576 bytes (1 MiB)']]);
  });
});

describe('readPolicyBlob and withOwnPolicy (a pull request changing the policy)', () => {
  it('carry "too large" through to the errors, and text as before', async () => {
    const { github, calls } = stubGitHub({ blobs: { ok1: 'mode: warn\n' } });
    const tooLarge = await readPolicyBlob(github, REPO, { sha: 'big1', size: 3 * MIB });
    expect(errorsOf(loadPolicy(withOwnPolicy({}, REPO, tooLarge)))).toEqual([[POLICY, 'the file is 3145728 bytes; a policy file may be at most 1048576 bytes (1 MiB)']]);
    expect(calls).toEqual([]);
    const read = await readPolicyBlob(github, REPO, { sha: 'ok1', size: 11 });
    expect(read).toEqual({ text: 'mode: warn\n' });
    expect(withOwnPolicy({}, REPO, 'mode: warn\n')).toEqual({ repo: { path: POLICY, text: 'mode: warn\n' } });
  });
});

describe('validatePolicyChange (the head policy of a pull request)', () => {
  it('reports an oversized head policy without fetching its blob', async () => {
    const { github, calls } = stubGitHub({ blobs: { huge: '#' } });
    const head: TreeListing = new Map([[POLICY, { sha: 'huge', size: 5 * MIB }]]);
    const change = await validatePolicyChange(github, REPO, {}, head);
    expect(calls).toEqual([]);
    expect(change?.errors.map((error) => error.message)).toEqual(['the file is 5242880 bytes; a policy file may be at most 1048576 bytes (1 MiB)']);
  });
});
