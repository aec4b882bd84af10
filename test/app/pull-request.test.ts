import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { CHECK_NAME } from '../../src/github/checks.js';
import { readAheadCalls, readAheadExpressions } from './helpers/fake-graphql-files.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { lineOf, lockfile, project, pullRequestPayload, sha, type Pkg } from './helpers/fixtures.js';
import { BASE, baseFiles, basePackages, HEAD, headFiles, lines, typicalPull } from './scenario.js';

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

describe('pull request flow', () => {
  it('creates the check in progress, completes it failure with annotations and review comments on the right lines', async () => {
    const github = typicalPull();
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE }));

    expect(github.checkRuns).toHaveLength(1);
    const run = github.checkRuns[0]!;
    expect(run.name).toBe(CHECK_NAME);
    expect(run.head_sha).toBe(HEAD);
    // Created in progress by the read-ahead's mutation (src/github/graphql-files.ts), not by REST.
    expect(readAheadCalls(github, 'OspoStartCheck')).toHaveLength(1);
    expect(readAheadCalls(github, 'OspoStartCheck')[0]!.body.variables.input).toMatchObject({ name: CHECK_NAME, headSha: HEAD, status: 'IN_PROGRESS' });
    expect(github.calls('POST', /check-runs$/)).toHaveLength(0);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('gpl-thing');
    expect(run.output.summary).toContain('| Package | Version | License | Why | How to fix |');
    expect(run.output.summary).toContain('<details><summary>2 dependency changes</summary>');
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'package.json', start_line: lines.gplDeclared, annotation_level: 'failure' }),
        expect.objectContaining({ path: 'package-lock.json', start_line: lines.mysteryEntry, annotation_level: 'warning' }),
      ]),
    );
    expect(github.reviews).toHaveLength(1);
    expect(github.reviews[0]!.commit_id).toBe(HEAD);
    expect(github.reviews[0]!.comments).toEqual([expect.objectContaining({ path: 'package.json', line: lines.gplDeclared })]);
    expect(github.reviews[0]!.comments[0]!.body).toMatch(/<!-- ospo-gatekeeper:finding=[0-9a-f]+ -->/);
    // Policy read from the base ref only; the head tree through the git data API; contents through the read-ahead.
    expect(github.calls('GET', /contents\//).every((call) => !call.path.includes('Hello-World/contents') || call.query.get('ref') === BASE)).toBe(true);
    expect(readAheadExpressions(github).filter((expression) => expression.endsWith(':.github/ospo-gatekeeper.yml'))).toEqual([`${BASE}:.github/ospo-gatekeeper.yml`]);
    expect(readAheadExpressions(github)).toEqual(expect.arrayContaining([`${HEAD}:package.json`, `${HEAD}:package-lock.json`, `${BASE}:package.json`, `${BASE}:package-lock.json`]));
    expect(github.calls('GET', /git\/blobs\//)).toHaveLength(0);
    expect(app.outcomes[0]).toMatchObject({ status: 'done', conclusion: 'failure' });
  });

  it('reads the policy from the base ref only: a policy change inside the PR is ignored and noted', async () => {
    const loosened = 'licenses:\n  allow: [permissive, GPL-3.0-only]\n';
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: { ...headFiles, '.github/ospo-gatekeeper.yml': loosened } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('takes effect after merge');
    expect(run.output.summary).toContain('The new policy in `.github/ospo-gatekeeper.yml` is valid');
    // The head's policy is read once, by the read-ahead, to validate it (test/app/policy-change.test.ts), never through the contents API at HEAD.
    expect(github.calls('GET', /contents\//).some((call) => call.query.get('ref') === HEAD)).toBe(false);
    expect(readAheadExpressions(github).filter((expression) => expression === `${HEAD}:.github/ospo-gatekeeper.yml`)).toHaveLength(1);
    const headPolicyBlob = [...github.blobs].find(([, text]) => text === loosened)![0];
    expect(github.calls('GET', new RegExp(`git/blobs/${headPolicyBlob}`))).toHaveLength(0);
  });

  it('reads the policy at the base tip (not the merge base) when the merge base is older', async () => {
    const tip = sha('base-tip');
    const strict = 'licenses:\n  allow: [MIT, ISC]\n  unknown: allow\n';
    const github = typicalPull({
      commits: { [BASE]: baseFiles, [tip]: { ...baseFiles, '.github/ospo-gatekeeper.yml': strict }, [HEAD]: headFiles },
      pull: { number: 7, headSha: HEAD, baseSha: tip, baseRef: 'main', state: 'open' },
      mergeBase: BASE,
    });
    const app = await harness();
    await app.deliver('pull_request', pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: tip }));
    const run = github.checkRuns[0]!;
    // The read-ahead asks for it at the tip; the merge base's files are read there too, but never its policy.
    const policyReads = readAheadExpressions(github).filter((expression) => expression.endsWith(':.github/ospo-gatekeeper.yml'));
    expect(policyReads).toEqual([`${tip}:.github/ospo-gatekeeper.yml`]);
    expect(github.calls('GET', /Hello-World\/contents\//)).toHaveLength(0);
    expect(run.output.summary).toContain('.github/ospo-gatekeeper.yml');
    // unknown: allow in the base policy -> the unlicensed transitive package raises nothing.
    expect(run.annotations.some((annotation: any) => annotation.annotation_level === 'warning')).toBe(false);
  });

  it('merges the organization default (mode: warn) -> neutral, annotations kept', async () => {
    const github = typicalPull({ orgPolicy: 'extends: permissive\nmode: warn\n' });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('neutral');
    expect(run.output.summary).toContain('Codertocat/.github:.github/ospo-gatekeeper.yml');
    expect(run.annotations.length).toBeGreaterThan(0);
    expect(github.reviews).toHaveLength(0); // no error finding in warn mode
  });

  it('a policy that does not load -> failure with its errors (file, line, column) as summary and annotations', async () => {
    const broken = 'licenses:\n  allow: [MIT]\n  unknown: sometimes\n';
    const github = typicalPull({ commits: { [BASE]: { ...baseFiles, '.github/ospo-gatekeeper.yml': broken }, [HEAD]: { ...headFiles, '.github/ospo-gatekeeper.yml': broken } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The policy does not load');
    expect(run.output.summary).toMatch(/\| `\.github\/ospo-gatekeeper\.yml` \| 3:\d+ \|/);
    expect(run.annotations).toEqual([expect.objectContaining({ path: '.github/ospo-gatekeeper.yml', start_line: 3, annotation_level: 'failure' })]);
    expect(github.reviews).toHaveLength(0);
  });

  it('no dependency change -> success, no review, manifests not even fetched', async () => {
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: { ...baseFiles, 'README.md': '# demo, better\n' } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.checkRuns[0]!.conclusion).toBe('success');
    expect(github.checkRuns[0]!.output.summary).toContain('No dependency changes');
    expect(github.calls('GET', /git\/blobs/)).toHaveLength(0);
    expect(github.reviews).toHaveLength(0);
  });

  it('batches more than 50 annotations over several updates and completes with the last one', async () => {
    const many: Pkg[] = Array.from({ length: 120 }, (_, index) => ({ name: `gpl-${String(index).padStart(3, '0')}`, version: '1.0.0', license: 'GPL-3.0-only' }));
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: project([...basePackages, ...many]) } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.updates.map((update: any) => update.output.annotations.length)).toEqual([50, 50, 20]);
    expect(run.updates.map((update: any) => update.conclusion ?? null)).toEqual([null, null, 'failure']);
    expect(run.annotations).toHaveLength(120);
    expect(github.reviews[0]!.comments).toHaveLength(120);
  });

  it('a finding on a line outside the diff goes into the review body, never a comment GitHub would refuse', async () => {
    // left-pad is upgraded to a GPL release: package.json is unchanged (its line is not in the diff),
    // and GitHub shows no patch for the lockfile (too large), so no line of the finding is commentable.
    const upgraded = basePackages.map((p) => (p.name === 'left-pad' ? { ...p, version: '1.4.0', license: 'GPL-3.0-only' } : p));
    const headLock = lockfile(upgraded);
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: { ...baseFiles, 'package-lock.json': headLock } }, noPatch: ['package-lock.json'] });
    const app = await harness();
    await app.deliver('pull_request', opened());
    expect(github.calls('POST', /reviews$/)).toHaveLength(1); // accepted at the first try
    expect(github.reviews[0]!.comments).toEqual([]);
    expect(github.reviews[0]!.body).toContain('Not on a line of this diff');
    expect(github.reviews[0]!.body).toContain(`\`package.json:${lineOf(baseFiles['package.json']!, '"left-pad"')}\``);
    expect(github.reviews[0]!.body).toMatch(/<!-- ospo-gatekeeper:finding=[0-9a-f]+ -->/);
    expect(github.checkRuns[0]!.conclusion).toBe('failure');
  });

  it('reads a lockfile over 1 MB through the blobs API', async () => {
    const big: Pkg[] = Array.from({ length: 7000 }, (_, index) => ({ name: `pkg-${index}`, version: '1.0.0', license: 'MIT' }));
    const baseBig = project([...basePackages, ...big]);
    const headBig = project([...basePackages, ...big, { name: 'gpl-thing', version: '3.0.0', license: 'GPL-3.0-only', direct: true }]);
    expect(Buffer.byteLength(headBig['package-lock.json']!)).toBeGreaterThan(1024 * 1024);
    const github = typicalPull({ commits: { [BASE]: baseBig, [HEAD]: headBig } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('gpl-thing');
    expect(run.output.summary).toContain('1 added');
    expect(github.calls('GET', /Hello-World\/contents\/package-lock/)).toHaveLength(0);
  });

  it('evaluates a PR of more than 3000 files (compare lists 300, pull files 3000) with truncated trees', async () => {
    const filler = Object.fromEntries(Array.from({ length: 3200 }, (_, index) => [`docs/page-${String(index).padStart(4, '0')}.md`, `page ${index}\n`]));
    const github = typicalPull({
      commits: { [BASE]: { ...baseFiles, 'src/a.txt': 'a\n' }, [HEAD]: { ...headFiles, ...filler, 'src/a.txt': 'a\n', 'src/b.txt': 'b\n' } },
      truncateAbove: 1000,
    });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('gpl-thing');
    // The tree listing was truncated, so directories were listed one by one.
    expect(github.calls('GET', /git\/trees\//).length).toBeGreaterThan(2);
    // package.json sorts after the 3000 files GitHub lists: its finding lands in the review body.
    expect(github.calls('GET', /pulls\/7\/files/).length).toBeGreaterThan(0);
    expect(github.reviews[0]!.comments).toEqual([]);
    expect(github.reviews[0]!.body).toContain('gpl-thing');
    // Thousands of fake-GitHub responses through nock: more than jest's 5 s default on a busy machine.
  }, 20_000);
});
