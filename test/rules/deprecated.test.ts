import { describe, expect, it } from '@jest/globals';
import type { Action } from '../../src/policy/types.js';
import { deprecatedRule } from '../../src/rules/deprecated.js';
import { added, basePolicy, check, dep, factsOf, upgraded } from './subject.js';

const REQUEST = dep('request', '2.88.2');
const policyWith = (deprecated: Action) => {
  const policy = basePolicy();
  return { ...policy, supplyChain: { ...policy.supplyChain, deprecated } };
};

describe('package/deprecated rule', () => {
  const facts = factsOf({ [REQUEST.purl]: { deprecation: { deprecated: true, reason: 'request has been deprecated, see https://github.com/request/request/issues/3142' } } });

  it('warns on a deprecated version by default, with the registry reason', () => {
    expect(check(deprecatedRule, added(REQUEST), { facts }).findings.map((finding) => [finding.rule, finding.severity, finding.message])).toEqual([
      ['package/deprecated', 'warning', 'request@2.88.2 is deprecated: request has been deprecated, see https://github.com/request/request/issues/3142'],
    ]);
  });

  it('follows supply-chain.deprecated: fail errors, allow says nothing (and needs no lookup)', () => {
    expect(check(deprecatedRule, added(REQUEST), { facts, policy: policyWith('fail') }).findings.map((finding) => finding.severity)).toEqual(['error']);
    expect(check(deprecatedRule, added(REQUEST), { facts, policy: policyWith('allow') }).findings).toEqual([]);
    const offline = { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' };
    expect(check(deprecatedRule, added(REQUEST), { facts: offline, policy: policyWith('allow') }).uncheckedFacts.summaries()).toEqual([]);
  });

  it('says when the registry gives no reason, and judges upgrades too', () => {
    const next = dep('left-pad', '1.3.0');
    const noReason = factsOf({ [next.purl]: { deprecation: { deprecated: true } } });
    expect(check(deprecatedRule, upgraded(dep('left-pad', '1.2.0'), next), { facts: noReason }).findings.map((finding) => finding.message)).toEqual(['left-pad@1.3.0 is deprecated (the registry gives no reason)']);
  });

  it('passes a version known not to be deprecated, and collects one not looked up', () => {
    expect(check(deprecatedRule, added(REQUEST), { facts: factsOf({ [REQUEST.purl]: { deprecation: { deprecated: false } } }) }).findings).toEqual([]);
    const offline = check(deprecatedRule, added(REQUEST), { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' } });
    expect([offline.findings, offline.uncheckedFacts.summaries()]).toEqual([[], ['deprecation not checked for 1 package: offline']]);
  });
});
