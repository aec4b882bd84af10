/** Pull requests that change the policy file: the head version is validated; the verdict still uses the base policy. */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { pullRequestPayload } from './helpers/fixtures.js';
import { harness, isolateNetwork } from './helpers/harness.js';
import { BASE, baseFiles, HEAD, headFiles, lines, typicalPull } from './scenario.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const opened = () => pullRequestPayload('opened', { number: 7, headSha: HEAD, baseSha: BASE });
// Under this base policy the typical change (a GPL package, an unlicensed one) meets the policy.
const LENIENT = 'licenses:\n  allow: [permissive, GPL-3.0-only]\n  unknown: allow\n';
// Line 3 column 12: `sometimes`; line 4 column 7: `strict`. Its `allow: [MIT]` would fail the PR if it were used.
const INVALID = 'licenses:\n  allow: [MIT]\n  unknown: sometimes\nmode: strict\n';
// No dependency error under the base policy; offline (the harness), the facts beyond licenses are one warning.
const DEPENDENCIES_PASS_OFFLINE = '**0 errors** · **1 warning** · 2 dependency changes (2 added)';

describe('a pull request that changes the policy', () => {
  it('invalid -> failure, errors annotated at line and column, dependency verdict still from the base policy', async () => {
    const github = typicalPull({ commits: { [BASE]: { ...baseFiles, [POLICY_FILE]: LENIENT }, [HEAD]: { ...headFiles, [POLICY_FILE]: INVALID } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    // The harness runs offline: the only dependency finding is that vulnerabilities and deprecation were not looked up.
    expect(run.output.title).toBe('Policy change: 2 errors · 1 warning');
    expect(run.output.summary).toContain('This pull request changes the policy: 2 errors — it would break every check after merge');
    expect(run.output.summary).toMatch(/\| `\.github\/ospo-gatekeeper\.yml` \| 3:12 \| licenses\.unknown/);
    // The dependencies were judged, under the base policy (the head's `allow: [MIT]` would have failed gpl-thing).
    expect(run.output.summary).toContain(DEPENDENCIES_PASS_OFFLINE);
    expect(run.output.summary).toContain('this check used the policy on the base branch');
    expect(run.annotations).toEqual([
      expect.objectContaining({ path: POLICY_FILE, start_line: 3, end_line: 3, start_column: 12, end_column: 12, annotation_level: 'failure', title: 'policy/invalid' }),
      expect.objectContaining({ path: POLICY_FILE, start_line: 4, end_line: 4, start_column: 7, end_column: 7, annotation_level: 'failure', title: 'policy/invalid' }),
    ]);
    expect(github.reviews).toHaveLength(0);
    expect(app.outcomes[0]).toMatchObject({ status: 'done', conclusion: 'failure' });
  });

  it('invalid with dependency problems too -> both annotated, policy errors first', async () => {
    const github = typicalPull({ commits: { [BASE]: baseFiles, [HEAD]: { ...headFiles, [POLICY_FILE]: INVALID } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.map((annotation) => `${annotation.path}:${annotation.start_line}`)).toEqual([
      `${POLICY_FILE}:3`,
      `${POLICY_FILE}:4`,
      ...run.annotations.slice(2).map((annotation) => `${annotation.path}:${annotation.start_line}`),
    ]);
    expect(run.annotations).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'package.json', start_line: lines.gplDeclared })]));
    expect(github.reviews[0]!.comments).toEqual([expect.objectContaining({ path: 'package.json', line: lines.gplDeclared })]);
  });

  it('validated as it would load after merge: over the org default and its `overrides`', async () => {
    const github = typicalPull({
      orgPolicy: 'licenses:\n  allow: [permissive, GPL-3.0-only]\n  unknown: allow\noverrides:\n  allowed: [exceptions]\n',
      commits: { [BASE]: baseFiles, [HEAD]: { ...headFiles, [POLICY_FILE]: 'licenses:\n  allow: [MIT]\n' } },
    });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toEqual([expect.objectContaining({ path: POLICY_FILE, start_line: 1, start_column: 1, message: expect.stringContaining('lets repositories change only exceptions') })]);
    expect(run.output.summary).toContain(DEPENDENCIES_PASS_OFFLINE);
  });

  it('valid -> a note, the conclusion unaffected (a stricter head policy does not judge this PR)', async () => {
    const stricter = 'licenses:\n  deny: [GPL-3.0-only]\n  unknown: fail\n';
    const github = typicalPull({ commits: { [BASE]: { ...baseFiles, [POLICY_FILE]: LENIENT }, [HEAD]: { ...headFiles, [POLICY_FILE]: stricter } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    // Neutral, not success: the harness runs offline, so vulnerabilities and deprecation were not looked up.
    expect(run.conclusion).toBe('neutral');
    expect(run.output.title).toBe('1 warning');
    expect(run.output.summary).toContain('> The new policy in `.github/ospo-gatekeeper.yml` is valid; it takes effect after merge.');
    expect(run.output.summary).toContain('It takes effect after merge; this check used the policy on the base branch.');
    expect(run.output.summary).not.toContain('This pull request changes the policy');
    expect(run.annotations).toEqual([]);
  });

  it('in the org\'s `.github` repository: validated as the org default, annotated in that repository', async () => {
    const github = typicalPull({ repo: '.github', commits: { [BASE]: { ...baseFiles, [POLICY_FILE]: LENIENT }, [HEAD]: { ...headFiles, [POLICY_FILE]: INVALID } } });
    const payload = opened();
    payload.repository.name = '.github';
    payload.repository.full_name = 'Codertocat/.github';
    const app = await harness();
    await app.deliver('pull_request', payload);
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('every repository of the organization');
    expect(run.output.summary).toContain(DEPENDENCIES_PASS_OFFLINE);
    expect(run.annotations.map((annotation) => [annotation.path, annotation.start_line, annotation.start_column])).toEqual([[POLICY_FILE, 3, 12], [POLICY_FILE, 4, 7]]);
  });

  it('fixing a broken base policy -> still failure (nothing judged), the fix noted valid, no annotation at the old lines', async () => {
    const github = typicalPull({ commits: { [BASE]: { ...baseFiles, [POLICY_FILE]: INVALID }, [HEAD]: { ...headFiles, [POLICY_FILE]: LENIENT } } });
    const app = await harness();
    await app.deliver('pull_request', opened());
    const run = github.checkRuns[0]!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('The policy does not load');
    expect(run.output.summary).toContain('The new policy in `.github/ospo-gatekeeper.yml` is valid; it takes effect after merge.');
    expect(run.annotations).toEqual([]);
  });
});
