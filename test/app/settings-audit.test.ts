/**
 * The settings audit end to end, through the real server (probot run) over HTTP with signed
 * webhooks, GitHub faked: the check run on the default branch's head, and the one tracking issue
 * through failure, redelivery, a fix and a relapse.
 */
import { describe, expect, it } from '@jest/globals';
import { SETTINGS_CHECK_NAME } from '../../src/github/checks.js';
import { POLICY_FILE } from '../../src/policy/definition.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { SettingsWorld } from './helpers/fake-settings.js';
import { pushPayload, sha } from './helpers/fixtures.js';
import { serversPerTest, type Running } from './helpers/server.js';

const servers = serversPerTest();

const BEFORE = sha('settings-before');
const AFTER = sha('settings-after');
const POLICY = 'repository:\n  issues: true\n  branch-protection:\n    required-approvals: 1\n    allow-force-pushes: false\n  required-files: [LICENSE]\n';
const PROTECTED = {
  url: 'x',
  required_pull_request_reviews: { url: 'x', dismiss_stale_reviews: false, require_code_owner_reviews: false, required_approving_review_count: 1 },
  enforce_admins: { url: 'x', enabled: true },
  allow_force_pushes: { enabled: false },
  allow_deletions: { enabled: false },
};

function world() {
  const settings = new SettingsWorld({ headSha: AFTER });
  const github = new FakeGitHub({
    commits: { [BEFORE]: { 'README.md': '# demo\n' }, [AFTER]: { 'README.md': '# demo\n', LICENSE: 'MIT License\n', [POLICY_FILE]: POLICY } },
    pull: { number: 1, headSha: AFTER, baseSha: BEFORE, baseRef: 'master', state: 'open' },
    extraRoutes: settings.route,
  }).start();
  return { settings, github };
}

/** Waits until the server reported `count` job outcomes (the webhook answer does not wait for them all). */
async function outcomes(server: Running, count: number) {
  for (let i = 0; i < 200 && server.outcomes.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return server.outcomes;
}

const push = () => pushPayload({ before: BEFORE, after: AFTER, commits: [{ added: ['LICENSE'], modified: [], removed: [] }] });
const audits = (github: FakeGitHub) => github.checkRuns.filter((run) => run.name === SETTINGS_CHECK_NAME);
const settingsEvent = (action: string, payload: Record<string, unknown> = {}) => ({ action, ...payload, repository: push().repository, installation: { id: 1 } });

describe('settings audit through the real server', () => {
  it('push to a non-compliant repository -> failing check on the head and one tracking issue; a redelivery writes nothing more', async () => {
    const { settings, github } = world();
    let running = await servers.start();
    expect((await running.post('push', push(), { delivery: 'push-1' })).status).toBe(200);
    await outcomes(running, 2);
    const [run] = audits(github);
    expect(run).toMatchObject({ head_sha: AFTER, status: 'completed', conclusion: 'failure', output: { title: '2 requirements of 3 not met' } });
    expect(run!.output.summary).toContain('| ❌ | master: required approvals | master has no classic protection and no active ruleset | at least 1 approving review |');
    expect(run!.output.summary).toContain('| ✅ | LICENSE | found at LICENSE |');
    expect(run!.output.summary).toContain('**Tracking issue:** [#100](https://github.com/Codertocat/Hello-World/issues/100) (opened).');
    expect(settings.issues).toHaveLength(1);
    expect(settings.issues[0]).toMatchObject({ state: 'open', labels: [{ name: 'ospo-gatekeeper' }] });
    expect(settings.issues[0]!.body).toContain('<!-- ospo-gatekeeper:settings-audit -->');

    // The same delivery again (GitHub's "Redeliver"), to this server and to a fresh one (a restart, another replica).
    await running.post('push', push(), { delivery: 'push-1' });
    await outcomes(running, 4);
    await running.server.stop();
    running = await servers.start();
    await running.post('push', push(), { delivery: 'push-1' });
    await outcomes(running, 2);
    expect(settings.issues).toHaveLength(1);
    expect(settings.writes).toEqual(['create #100']); // no comment, no update: the findings are the same
  });

  it('settings fixed -> branch_protection_rule event -> passing check, issue closed with a comment; the problem back -> reopened', async () => {
    const { settings, github } = world();
    const running = await servers.start();
    await running.post('push', push());
    await outcomes(running, 2);
    expect(settings.issues[0]?.state).toBe('open');

    settings.classic = PROTECTED;
    await running.post('branch_protection_rule', settingsEvent('created', { rule: { name: 'master' } }));
    await outcomes(running, 3);
    expect(audits(github).at(-1)).toMatchObject({ head_sha: AFTER, conclusion: 'success', output: { title: 'All 3 requirements met' } });
    expect(settings.issues[0]).toMatchObject({ state: 'closed' });
    expect(settings.issues[0]!.comments).toEqual(['The repository meets the policy again: every requirement passed. Closing.']);

    // Protection removed again; a repository ruleset event (an org admin's change) triggers the audit.
    settings.classic = null;
    await running.post('repository_ruleset', settingsEvent('deleted', { repository_ruleset: { id: 9, name: 'old' } }));
    await outcomes(running, 4);
    expect(audits(github).at(-1)).toMatchObject({ conclusion: 'failure' });
    expect(settings.issues).toHaveLength(1);
    expect(settings.issues[0]).toMatchObject({ state: 'open' });
    expect(settings.issues[0]!.comments.at(-1)).toBe('The repository no longer meets the policy: reopened. The description lists what is not met.');
  });

  it('a ruleset satisfies it too, named in the check; the Re-run button on the audit check re-audits', async () => {
    const { settings, github } = world();
    settings.rules = [
      { type: 'pull_request', ruleset_id: 7, ruleset_source_type: 'Organization', ruleset_source: 'Codertocat', parameters: { required_approving_review_count: 2, dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: false, required_review_thread_resolution: false } },
      { type: 'non_fast_forward', ruleset_id: 7, ruleset_source_type: 'Organization', ruleset_source: 'Codertocat' },
    ];
    settings.rulesets.set(7, { id: 7, name: 'org baseline', enforcement: 'active', source_type: 'Organization', source: 'Codertocat', bypass_actors: [] });
    const running = await servers.start();
    await running.post('push', push());
    await outcomes(running, 2);
    const [run] = audits(github);
    expect(run).toMatchObject({ conclusion: 'success' });
    expect(run!.output.summary).toContain('| ✅ | master: required approvals | 2 approving reviews via ruleset "org baseline" (org) |');
    expect(settings.issues).toEqual([]); // never failed: no issue

    const audit = outcomes(running, 3);
    await running.post('check_run', { action: 'rerequested', check_run: { id: run!.id, name: SETTINGS_CHECK_NAME, head_sha: AFTER }, repository: push().repository, installation: { id: 1 } });
    await audit;
    expect(audits(github)).toHaveLength(2);
    // Calls of one audit with one ruleset (policy x2, repository, branch head, classic, rules, ruleset, tree, check run).
    expect(running.outcomes.at(-1)).toMatchObject({ status: 'done', conclusion: 'success' });
    expect(running.outcomes.at(-1)!.calls).toBeLessThanOrEqual(10);
  });

  it('no administration permission -> the protection it cannot read is not verifiable: neutral, never success', async () => {
    const { settings, github } = world();
    settings.forbidden = [/\/branches\/master\/protection$/];
    settings.rules = [{ type: 'non_fast_forward', ruleset_id: 7, ruleset_source_type: 'Repository', ruleset_source: 'Codertocat/Hello-World' }];
    settings.rulesets.set(7, { id: 7, name: 'no force', enforcement: 'active', source_type: 'Repository', source: 'Codertocat/Hello-World', bypass_actors: [] });
    const running = await servers.start();
    await running.post('push', push());
    await outcomes(running, 2);
    const [run] = audits(github);
    expect(run).toMatchObject({ conclusion: 'neutral', output: { title: '1 requirement of 3 could not be verified' } });
    expect(run!.output.summary).toContain('GitHub refused to show the classic protection of master (403: the app needs administration: read');
    expect(settings.issues).toEqual([]); // not a failure: no issue opened
  });
});
