/** Issue 16, item 2: `extends: owner/repo:path[@ref]` in the app, read through the contents API (default branch, or the ref). */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { POLICY_CHECK_NAME } from '../../src/github/checks.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { pullRequestPayload, pushPayload, sha } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { BASE, baseFiles, HEAD, headFiles, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const BEFORE = sha('extends-before');
const AFTER = sha('extends-after');

/** Files of Codertocat/policies by `path@ref` (`@` alone: the default branch); anything else 404, a 403 or 502 when the text says so. */
function policiesRepo(files: Record<string, string>) {
  return (method: string, path: string, query: URLSearchParams): [number, any] | undefined => {
    const match = /^\/repos\/Codertocat\/policies\/contents\/(.+)$/.exec(path);
    if (method !== 'GET' || !match) return undefined;
    const file = decodeURIComponent(match[1]!);
    const text = files[`${file}@${query.get('ref') ?? ''}`];
    if (text === '403') return [403, { message: 'Resource not accessible by integration' }];
    if (text === '502') return [502, { message: 'Server Error' }];
    if (text === undefined) return [404, { message: 'Not Found' }];
    return [200, { type: 'file', path: file, sha: sha(text), size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') }];
  };
}

function pushed(policy: string, options: { orgPolicy?: string; files: Record<string, string> }): FakeGitHub {
  return new FakeGitHub({
    commits: { [BEFORE]: { 'README.md': '# demo\n' }, [AFTER]: { 'README.md': '# demo\n', [POLICY_FILE]: policy } },
    pull: { number: 1, headSha: AFTER, baseSha: BEFORE, baseRef: 'master', state: 'open' },
    ...(options.orgPolicy !== undefined ? { orgPolicy: options.orgPolicy } : {}),
    extraRoutes: policiesRepo(options.files),
  }).start();
}

const pushPolicy = () => pushPayload({ before: BEFORE, after: AFTER, commits: [{ added: [POLICY_FILE], modified: [], removed: [] }] });

describe('extends another repository\'s file', () => {
  it('the repository file at a ref, the org file on the default branch: all layers in order, success', async () => {
    const github = pushed('extends: Codertocat/policies:repo.yml@v1\nlicenses:\n  unknown: fail\n', {
      orgPolicy: 'extends: Codertocat/policies:org.yml\n',
      files: { 'org.yml@': 'extends: strict\n', 'repo.yml@v1': 'mode: warn\n' },
    });
    const app = await harness();
    await app.deliver('push', pushPolicy());
    const run = github.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(run).toMatchObject({ conclusion: 'success', annotations: [] });
    expect(run.output.summary).toContain(
      '`preset:strict` → `Codertocat/policies:org.yml` → `Codertocat/.github:.github/ospo-gatekeeper.yml` → `Codertocat/policies:repo.yml@v1` → `.github/ospo-gatekeeper.yml`',
    );
    // Each parent read through the contents API: without a ref (the default branch), or at the named one.
    const reads = github.calls('GET', /Codertocat\/policies\/contents\//).map((call) => `${decodeURIComponent(call.path.split('/contents/')[1]!)}@${call.query.get('ref') ?? ''}`);
    expect([...new Set(reads)].sort()).toEqual(['org.yml@', 'repo.yml@v1']);
  });

  it('a parent GitHub cannot serve (502): neutral, saying what could not be read, never a failure over an outage', async () => {
    const github = pushed('extends: Codertocat/policies:base.yml\n', { files: { 'base.yml@': '502' } });
    const app = await harness();
    await app.deliver('push', pushPolicy());
    const run = github.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toMatch(/could not read the policy: could not read Codertocat\/policies:base\.yml: /);
  });

  it('a parent that is not there: failure, annotated at the extends line, never the permissive preset', async () => {
    const github = pushed('mode: warn\nextends: Codertocat/policies:gone.yml@v9\n', { files: {} });
    const app = await harness();
    await app.deliver('push', pushPolicy());
    const run = github.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toEqual([expect.objectContaining({ path: POLICY_FILE, start_line: 2, start_column: 1, annotation_level: 'failure' })]);
    expect(run.annotations[0].message).toBe(
      'extends: Codertocat/policies:gone.yml@v9 could not be read: GitHub answered 404: no gone.yml in Codertocat/policies at v9, or the repository is not visible to this app or token',
    );
  });

  it('a parent GitHub refuses (403) and a parent with errors: both named at the lines that extend them', async () => {
    const refused = pushed('extends: Codertocat/policies:secret.yml\n', { files: { 'secret.yml@': '403' } });
    const app = await harness();
    await app.deliver('push', pushPolicy());
    const run = refused.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(run.annotations.map((annotation: { message: string }) => annotation.message)).toEqual([
      'extends: Codertocat/policies:secret.yml could not be read: GitHub refused (403): reading Codertocat/policies needs contents: read on it',
    ]);
    refused.stop();
    nock.cleanAll();
    isolateNetwork();

    const invalid = pushed('licenses:\n  unknown: fail\nextends: Codertocat/policies:base.yml\n', { files: { 'base.yml@': 'mode: strict\n' } });
    await app.deliver('push', pushPolicy());
    const failed = invalid.checkRuns.find((candidate) => candidate.name === POLICY_CHECK_NAME)!;
    expect(failed.conclusion).toBe('failure');
    // The parent's own error is listed under its name; the annotation is on this repository's file, at `extends`.
    expect(failed.output.summary).toContain('Codertocat/policies:base.yml');
    expect(failed.annotations).toEqual([
      expect.objectContaining({ path: POLICY_FILE, start_line: 3, message: 'extends: Codertocat/policies:base.yml is invalid: Codertocat/policies:base.yml:1:7: mode: expected one of enforce | warn, got "strict"' }),
    ]);
  });

  it('a pull request whose policy change extends a file: the proposed file is validated with its parent', async () => {
    const github = typicalPull({
      commits: { [BASE]: baseFiles, [HEAD]: { ...headFiles, [POLICY_FILE]: 'extends: Codertocat/policies:nope.yml\n' } },
      extraRoutes: policiesRepo({}),
    });
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toEqual(expect.arrayContaining([expect.objectContaining({ path: POLICY_FILE, start_line: 1, message: expect.stringContaining('extends: Codertocat/policies:nope.yml could not be read: GitHub answered 404') })]));
  });
});
