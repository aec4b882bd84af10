import { describe, expect, it } from '@jest/globals';
import { auditRepository, outOfScope } from '../../src/settings/audit.js';
import { hygieneRule } from '../../src/settings/rules/hygiene.js';
import { mergeRule } from '../../src/settings/rules/merge.js';
import { known, notKnown } from '../../src/settings/snapshot.js';
import { files, repositoryPolicyOf, settingsOf } from './fixtures.js';

const summary = (results: { check: string; verdict: string; found: string }[]) => results.map((result) => `${result.check}: ${result.verdict}: ${result.found}`);

describe('settings/merge', () => {
  const policy = repositoryPolicyOf('repository:\n  merge: { delete-branch-on-merge: true, allowed-methods: [squash] }\n');
  it('checks branch deletion on merge and the allowed merge methods', () => {
    expect(summary(mergeRule.check(settingsOf(), policy))).toEqual(['delete head branches on merge: fail: off', 'merge methods: fail: allows merge commits, squash merging, rebase merging']);
    const compliant = settingsOf({ merge: known({ deleteBranchOnMerge: true, allowMergeCommit: false, allowSquashMerge: true, allowRebaseMerge: false }) });
    expect(summary(mergeRule.check(compliant, policy))).toEqual(['delete head branches on merge: pass: on', 'merge methods: pass: allows squash merging']);
  });
  it('is not verifiable when GitHub did not return the merge settings', () => {
    expect(mergeRule.check(settingsOf({ merge: notKnown('the repository response has no merge settings') }), policy).map((result) => result.verdict)).toEqual(['not-verifiable', 'not-verifiable']);
  });
});

describe('settings/hygiene', () => {
  it('checks wiki, projects, outside admins and the default branch name', () => {
    const policy = repositoryPolicyOf('repository:\n  hygiene: { wiki: false, projects: false, outside-admins: false, default-branch: main }\n');
    const settings = settingsOf({ features: { hasWiki: false, hasProjects: true }, outsideAdmins: known(['contractor']) });
    expect(summary(hygieneRule.check(settings, policy))).toEqual(['wiki: pass: off', 'projects: fail: on', 'outside collaborators with admin: fail: contractor', 'default branch: pass: main']);
    expect(hygieneRule.check(settingsOf({ outsideAdmins: notKnown('403') }), repositoryPolicyOf('repository:\n  hygiene: { outside-admins: false }\n'))[0]?.verdict).toBe('not-verifiable');
    // `wiki: true` asks nothing.
    expect(hygieneRule.check(settingsOf(), repositoryPolicyOf('repository:\n  hygiene: { wiki: true }\n'))).toEqual([]);
  });
});

describe('auditRepository', () => {
  it('concludes failure on a fail, neutral when only not verifiable, success when everything passed', () => {
    const policy = repositoryPolicyOf('repository:\n  required-files: [LICENSE]\n  security: { secret-scanning: true }\n');
    const enabled = known({ secret_scanning: { status: 'enabled' as const } });
    expect(auditRepository(settingsOf({ securityAndAnalysis: enabled }), policy)).toMatchObject({ conclusion: 'failure', counts: { pass: 1, fail: 1, notVerifiable: 0 } });
    expect(auditRepository(settingsOf({ files: files(['LICENSE', 10]), securityAndAnalysis: notKnown('no permission') }), policy)).toMatchObject({ conclusion: 'neutral', counts: { pass: 1, fail: 0, notVerifiable: 1 } });
    expect(auditRepository(settingsOf({ files: files(['LICENSE', 10]), securityAndAnalysis: enabled }), policy).conclusion).toBe('success');
  });
});

describe('outOfScope', () => {
  const repository = settingsOf().repository;
  const scope = (yaml: string) => repositoryPolicyOf(`repository:\n  scope: ${yaml}\n`).scope;
  it('skips archived repositories and forks unless the scope takes them', () => {
    expect(outOfScope({ ...repository, archived: true }, scope('{}'))).toBe('the repository is archived (scope.archived is off)');
    expect(outOfScope({ ...repository, archived: true }, scope('{ archived: true }'))).toBeUndefined();
    expect(outOfScope({ ...repository, fork: true }, scope('{}'))).toBe('the repository is a fork (scope.forks is off)');
  });
  it('filters by visibility, name globs and custom properties', () => {
    expect(outOfScope(repository, scope('{ visibility: private }'))).toBe('the scope covers private repositories and this one is public');
    expect(outOfScope({ ...repository, visibility: 'internal' }, scope('{ visibility: private }'))).toBeUndefined();
    expect(outOfScope(repository, scope('{ include: ["api-*"] }'))).toBe('the name matches none of scope.include (api-*)');
    expect(outOfScope({ ...repository, name: 'api-gateway' }, scope('{ include: ["api-*"], exclude: ["*-gateway"] }'))).toBe('the name matches scope.exclude "*-gateway"');
    const tier = scope('{ properties: [{ name: tier, value: production }] }');
    expect(outOfScope({ ...repository, customProperties: { tier: 'production' } }, tier)).toBeUndefined();
    expect(outOfScope({ ...repository, customProperties: { tier: ['staging', 'production'] } }, tier)).toBeUndefined();
    expect(outOfScope(repository, tier)).toBe('its custom property tier is not set, not production');
  });
});
