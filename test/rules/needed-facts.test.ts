import { describe, expect, it } from '@jest/globals';
import type { Policy } from '../../src/policy/types.js';
import { neededFactKinds } from '../../src/rules/needed-facts.js';
import { basePolicy } from './subject.js';

const sorted = (policy: Policy) => [...neededFactKinds(policy)].sort();

describe('neededFactKinds', () => {
  it('needs licenses, vulnerabilities and deprecation under the defaults (deprecated: warn; no Scorecard, cooldown or governance)', () => {
    expect(sorted(basePolicy())).toEqual(['deprecation', 'license', 'vulnerabilities']);
  });

  it('still needs vulnerabilities with both thresholds off: malware is never off', () => {
    const policy = basePolicy();
    expect(sorted({ ...policy, vulnerabilities: { failOn: 'none', warnOn: 'none', ignore: [] }, supplyChain: { ...policy.supplyChain, deprecated: 'allow' } })).toEqual(['license', 'vulnerabilities']);
  });

  it('needs publish dates for a cooldown above 0', () => {
    const policy = basePolicy();
    expect(sorted({ ...policy, supplyChain: { ...policy.supplyChain, cooldownDays: 3 } })).toEqual(['deprecation', 'license', 'publishedAt', 'vulnerabilities']);
  });

  it('needs the source repository and Scorecard for any Scorecard threshold or check, or single-vendor not allow', () => {
    const policy = basePolicy();
    const withRepository = ['deprecation', 'license', 'scorecard', 'sourceRepository', 'vulnerabilities'];
    expect(sorted({ ...policy, scorecard: { warnBelow: 5, checks: {} } })).toEqual(withRepository);
    expect(sorted({ ...policy, scorecard: { failBelow: 3, checks: {} } })).toEqual(withRepository);
    expect(sorted({ ...policy, scorecard: { checks: { Maintained: 1 } } })).toEqual(withRepository);
    expect(sorted({ ...policy, governance: { singleVendor: 'warn' } })).toEqual(withRepository);
    expect(sorted({ ...policy, governance: { singleVendor: 'allow' } })).toEqual(['deprecation', 'license', 'vulnerabilities']);
  });
});
