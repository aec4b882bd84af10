import { describe, expect, it } from '@jest/globals';
import { branchProtectionRule } from '../../src/settings/rules/branch-protection.js';
import { known, notKnown, type ClassicProtection } from '../../src/settings/snapshot.js';
import { branch, classic, pullRequestRule, repositoryPolicyOf, reviews, ruleset, settingsOf, simpleRule, statusChecksRule } from './fixtures.js';

const policy = repositoryPolicyOf(`repository:
  branch-protection:
    required-approvals: 2
    dismiss-stale-reviews: true
    required-status-checks: [ci, lint]
    allow-force-pushes: false
    allow-deletions: false
`);
const REPO = { ruleset_id: 7, source: 'Repository' } as const;
const ORG = { ruleset_id: 42, source: 'Organization' } as const;

const verdicts = (results: ReturnType<typeof branchProtectionRule.check>) => Object.fromEntries(results.map((result) => [result.check, result.verdict]));
const found = (results: ReturnType<typeof branchProtectionRule.check>, check: string) => results.find((result) => result.check === check)?.found;

describe('settings/branch-protection', () => {
  it('asks nothing when the policy has no branch-protection section', () => {
    expect(branchProtectionRule.check(settingsOf(), repositoryPolicyOf('repository:\n  issues: true\n'))).toEqual([]);
  });

  it('fails every requirement of an unprotected branch (404 on classic, no rules), saying so', () => {
    const results = branchProtectionRule.check(settingsOf(), policy);
    expect(results.map((result) => result.verdict)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(found(results, 'main: required approvals')).toBe('main has no classic protection and no active ruleset');
    expect(results[0]?.link).toBe('https://github.com/acme/app/settings/rules');
  });

  it('reads classic protection alone: approvals, stale reviews, checks by context and by check, force pushes and deletion', () => {
    const protection = classic({
      required_pull_request_reviews: reviews(2, { dismiss_stale_reviews: true }),
      required_status_checks: { url: 'x', strict: true, contexts: ['ci'], contexts_url: 'x', checks: [{ context: 'lint', app_id: 15368 }] },
    });
    const results = branchProtectionRule.check(settingsOf({ branches: [branch('main', known(protection), known([]))] }), policy);
    expect(new Set(results.map((result) => result.verdict))).toEqual(new Set(['pass']));
    expect(found(results, 'main: required approvals')).toBe('2 approving reviews via classic branch protection');
  });

  it('counts a classic force-push or deletion allowance as not blocked', () => {
    const protection = classic({ required_pull_request_reviews: reviews(2, { dismiss_stale_reviews: true }), allow_force_pushes: { enabled: true }, allow_deletions: { enabled: true } });
    const results = branchProtectionRule.check(settingsOf({ branches: [branch('main', known(protection), known([]))] }), policy);
    expect(verdicts(results)['main: no force pushes']).toBe('fail');
    expect(verdicts(results)['main: no deletion']).toBe('fail');
    expect(found(results, 'main: no force pushes')).toBe('not required by classic branch protection');
  });

  it('reads repository rulesets alone and names the ruleset that met each requirement', () => {
    const rules = [pullRequestRule(REPO, 2, { dismiss_stale_reviews_on_push: true }), statusChecksRule(REPO, ['ci', 'lint']), simpleRule(REPO, 'non_fast_forward'), simpleRule(REPO, 'deletion')];
    const settings = settingsOf({ branches: [branch('main', known(null), known(rules))], rulesets: new Map([ruleset(7, 'protect main')]) });
    const results = branchProtectionRule.check(settings, policy);
    expect(new Set(results.map((result) => result.verdict))).toEqual(new Set(['pass']));
    expect(found(results, 'main: required approvals')).toBe('2 approving reviews via ruleset "protect main" (repository)');
  });

  it('takes the strictest of classic protection and an org ruleset, and says which one met it', () => {
    const protection = classic({ required_pull_request_reviews: reviews(1) });
    const rules = [pullRequestRule(ORG, 2), statusChecksRule(ORG, ['ci'])];
    const settings = settingsOf({ branches: [branch('main', known(protection), known(rules))], rulesets: new Map([ruleset(42, 'org baseline', { source_type: 'Organization', source: 'acme' })]) });
    const results = branchProtectionRule.check(settings, policy);
    expect(found(results, 'main: required approvals')).toBe('2 approving reviews via ruleset "org baseline" (org)');
    expect(verdicts(results)['main: required status check "ci"']).toBe('pass');
    // lint is required by nobody: the fail says what each source does require.
    expect(verdicts(results)['main: required status check "lint"']).toBe('fail');
    expect(found(results, 'main: required status check "lint"')).toBe('requires "ci" via ruleset "org baseline" (org)');
    // Classic protection blocks force pushes unless it allows them.
    expect(found(results, 'main: no force pushes')).toBe('met via classic branch protection');
  });

  it('keeps several rulesets of one rule type apart: one of them with enough approvals is enough', () => {
    const rules = [pullRequestRule(REPO, 1), pullRequestRule(ORG, 3)];
    const settings = settingsOf({ branches: [branch('main', known(null), known(rules))], rulesets: new Map([ruleset(7, 'repo rules'), ruleset(42, 'org rules', { source_type: 'Organization' })]) });
    expect(found(branchProtectionRule.check(settings, policy), 'main: required approvals')).toBe('3 approving reviews via ruleset "org rules" (org)');
    const tooFew = settingsOf({ branches: [branch('main', known(null), known([pullRequestRule(REPO, 1), pullRequestRule(ORG, 1)]))], rulesets: new Map([ruleset(7, 'repo rules'), ruleset(42, 'org rules')]) });
    const results = branchProtectionRule.check(tooFew, policy);
    expect(found(results, 'main: required approvals')).toBe('1 approving review via ruleset "repo rules" (repository); 1 approving review via ruleset "org rules" (org)'); // the level comes from the rule's own ruleset_source_type
  });

  it('ignores the rules of a ruleset in evaluate mode (they enforce nothing)', () => {
    const settings = settingsOf({ branches: [branch('main', known(null), known([pullRequestRule(REPO, 5)]))], rulesets: new Map([ruleset(7, 'trial', { enforcement: 'evaluate' })]) });
    const results = branchProtectionRule.check(settings, policy);
    expect(verdicts(results)['main: required approvals']).toBe('fail');
    expect(found(results, 'main: required approvals')).toBe('main has no classic protection and no active ruleset');
  });

  it('is not verifiable when classic protection could not be read (403) and the rules do not meet it', () => {
    const settings = settingsOf({ branches: [branch('main', notKnown('GitHub answered 403 (the app needs administration: read)'), known([pullRequestRule(REPO, 2)]))], rulesets: new Map([ruleset(7, 'r')]) });
    const results = branchProtectionRule.check(settings, policy);
    expect(verdicts(results)['main: required approvals']).toBe('pass'); // the ruleset meets it: what classic says no longer matters
    expect(verdicts(results)['main: dismiss stale reviews']).toBe('not-verifiable');
    expect(found(results, 'main: dismiss stale reviews')).toBe('no source the app could read meets it; classic branch protection: GitHub answered 403 (the app needs administration: read)');
  });

  it('is not verifiable, never a fail, when the rules could not be read either', () => {
    const settings = settingsOf({ branches: [branch('main', notKnown('403'), notKnown('rules unreachable (502)'))] });
    expect(new Set(branchProtectionRule.check(settings, policy).map((result) => result.verdict))).toEqual(new Set(['not-verifiable']));
  });

  it('checks every branch the snapshot holds (the default one and those the globs named)', () => {
    const settings = settingsOf({ branches: [branch('main', known(null), known([])), branch('release/1.0', known(classic({ required_pull_request_reviews: reviews(2) })), known([]))] });
    const results = branchProtectionRule.check(settings, repositoryPolicyOf('repository:\n  branch-protection:\n    branches: ["release/*"]\n    required-approvals: 2\n'));
    expect(verdicts(results)).toEqual({ 'main: required approvals': 'fail', 'release/1.0: required approvals': 'pass' });
  });

  describe('no bypass (enforce-admins)', () => {
    const noBypass = repositoryPolicyOf('repository:\n  branch-protection:\n    enforce-admins: true\n');

    it('fails when classic protection is not enforced for administrators, naming the pull-request bypass allowances', () => {
      const withAllowance = { ...reviews(1), bypass_pull_request_allowances: { users: [{ login: 'octocat' } as never], teams: [], apps: [] } } as ClassicProtection['required_pull_request_reviews'];
      const protection = classic({ required_pull_request_reviews: withAllowance });
      const [result] = branchProtectionRule.check(settingsOf({ branches: [branch('main', known(protection), known([]))] }), noBypass);
      expect(result).toMatchObject({ verdict: 'fail', found: 'can be bypassed: classic branch protection: repository administrators, user octocat (pull request rules)' });
    });

    it('fails on a ruleset bypass list and passes when every source is enforced for everyone', () => {
      const rules = [simpleRule(ORG, 'non_fast_forward')];
      const bypassed = settingsOf({ branches: [branch('main', known(classic({ enforce_admins: { url: 'x', enabled: true } })), known(rules))], rulesets: new Map([ruleset(42, 'org', { bypass_actors: [{ actor_id: null, actor_type: 'OrganizationAdmin', bypass_mode: 'always' }] })]) });
      expect(branchProtectionRule.check(bypassed, noBypass)[0]).toMatchObject({ verdict: 'fail', found: 'can be bypassed: ruleset "org" (org): OrganizationAdmin' });
      const enforced = settingsOf({ branches: [branch('main', known(classic({ enforce_admins: { url: 'x', enabled: true } })), known(rules))], rulesets: new Map([ruleset(42, 'org')]) });
      expect(branchProtectionRule.check(enforced, noBypass)[0]).toMatchObject({ verdict: 'pass', found: 'nobody may bypass classic branch protection or ruleset "org" (org)' });
    });

    it('is not verifiable when a ruleset hides its bypass list (GitHub leaves bypass_actors out)', () => {
      const settings = settingsOf({ branches: [branch('main', known(null), known([simpleRule(REPO, 'deletion')]))], rulesets: new Map([ruleset(7, 'r', { bypass_actors: undefined })]) });
      expect(branchProtectionRule.check(settings, noBypass)[0]?.verdict).toBe('not-verifiable');
    });
  });
});
