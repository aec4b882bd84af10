/** The preview's limits from the environment, and the pair of policies a repository is judged under. */
import { describe, expect, it } from '@jest/globals';
import { impactLimitsFromEnv, policyPair } from '../../src/jobs/policy-impact.js';

describe('impactLimitsFromEnv', () => {
  it('defaults: 50 repositories, 4 at once, 20 pull requests per repository, 100 in all', () => {
    expect(impactLimitsFromEnv({})).toEqual({ impactRepositories: 50, impactConcurrency: 4, impactPullsPerRepository: 20, impactPulls: 100 });
  });

  it('set, and 0 repositories is allowed (no preview)', () => {
    expect(impactLimitsFromEnv({ OSPO_IMPACT_REPOSITORIES: '0', OSPO_IMPACT_CONCURRENCY: '2', OSPO_IMPACT_PULLS_PER_REPOSITORY: '5', OSPO_IMPACT_PULLS: '9' })).toEqual({ impactRepositories: 0, impactConcurrency: 2, impactPullsPerRepository: 5, impactPulls: 9 });
  });

  it.each([
    ['OSPO_IMPACT_REPOSITORIES', 'many', 'OSPO_IMPACT_REPOSITORIES must be a whole number of at least 0, not "many"'],
    ['OSPO_IMPACT_REPOSITORIES', '-1', 'OSPO_IMPACT_REPOSITORIES must be a whole number of at least 0, not "-1"'],
    ['OSPO_IMPACT_CONCURRENCY', '0', 'OSPO_IMPACT_CONCURRENCY must be a whole number of at least 1, not "0"'],
    ['OSPO_IMPACT_PULLS', '2.5', 'OSPO_IMPACT_PULLS must be a whole number of at least 0, not "2.5"'],
  ])('%s=%s stops the app', (variable, value, message) => {
    expect(() => impactLimitsFromEnv({ [variable]: value })).toThrow(message);
  });
});

describe('policyPair', () => {
  const org = (text: string) => ({ org: { path: 'acme/.github:.github/ospo-gatekeeper.yml', text } });

  it('both load: the two policies', () => {
    const pair = policyPair(org('licenses:\n  unknown: allow\n'), org('licenses:\n  unknown: fail\n'));
    expect('before' in pair && [pair.before.licenses.unknown, pair.after.licenses.unknown]).toEqual(['allow', 'fail']);
  });

  it('the proposed one does not load for this repository: it breaks, with the errors', () => {
    const pair = policyPair(org('licenses:\n  unknown: allow\n'), { ...org('overrides:\n  allowed: [exceptions]\n'), repo: { path: '.github/ospo-gatekeeper.yml', text: 'licenses:\n  unknown: warn\n' } });
    expect('breaks' in pair && pair.breaks.map((error) => [error.path, error.line])).toEqual([['.github/ospo-gatekeeper.yml', 1]]);
  });

  it('the current one does not load: nothing to compare with', () => {
    expect(policyPair(org('licenses: [\n'), org('licenses:\n  unknown: fail\n'))).toEqual({ unreadable: expect.stringContaining('its current policy does not load') });
  });
});
