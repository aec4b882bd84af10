import { describe, expect, it } from '@jest/globals';
import type { Action } from '../../src/policy/types.js';
import { singleVendorRule } from '../../src/rules/single-vendor.js';
import { added, basePolicy, check, dep, factsOf, upgraded } from './subject.js';

const policyWith = (singleVendor: Action) => ({ ...basePolicy(), governance: { singleVendor } });
const TF = dep('github.com/hashicorp/terraform', 'v1.5.7', { ecosystem: 'go', purl: 'pkg:golang/github.com/hashicorp/terraform@v1.5.7' });

describe('governance/single-vendor rule', () => {
  it('judges a new package from a company organization by governance.single-vendor, naming the company and its Scorecard', () => {
    const facts = factsOf({ [TF.purl]: { sourceRepository: 'github.com/hashicorp/terraform', scorecard: { repository: 'github.com/hashicorp/terraform', score: 6.25, checks: {} } } });
    expect(check(singleVendorRule, added(TF), { facts, policy: policyWith('warn') }).findings.map((finding) => [finding.rule, finding.severity, finding.message])).toEqual([
      ['governance/single-vendor', 'warning', 'github.com/hashicorp/terraform@v1.5.7 is developed in github.com/hashicorp/terraform, which one company controls (HashiCorp); OpenSSF Scorecard 6.3'],
    ]);
    expect(check(singleVendorRule, added(TF), { facts, policy: policyWith('fail') }).findings.map((finding) => finding.severity)).toEqual(['error']);
    expect(check(singleVendorRule, added(TF), { facts, policy: policyWith('allow') }).findings).toEqual([]);
  });

  it('names the company without a score when Scorecard has none, whatever the case of the owner', () => {
    const redis = dep('redis', '5.0.0');
    const facts = factsOf({ [redis.purl]: { sourceRepository: 'github.com/Redis/node-redis' } });
    expect(check(singleVendorRule, added(redis), { facts, policy: policyWith('warn') }).findings.map((finding) => finding.message)).toEqual([
      'redis@5.0.0 is developed in github.com/Redis/node-redis, which one company controls (Redis)',
    ]);
  });

  it('passes foundation and community repositories, unknown repositories and upgrades', () => {
    const policy = policyWith('fail');
    const commons = dep('commons-text', '1.12.0');
    const small = dep('tiny', '1.0.0');
    const facts = factsOf({ [commons.purl]: { sourceRepository: 'github.com/apache/commons-text' }, [small.purl]: { sourceRepository: 'github.com/someone/tiny' }, [TF.purl]: { sourceRepository: 'github.com/hashicorp/terraform' } });
    expect(check(singleVendorRule, added(commons), { facts, policy }).findings).toEqual([]);
    expect(check(singleVendorRule, added(small), { facts, policy }).findings).toEqual([]);
    expect(check(singleVendorRule, added(dep('nowhere', '1.0.0')), { facts, policy }).findings).toEqual([]);
    expect(check(singleVendorRule, upgraded(dep('github.com/hashicorp/terraform', 'v1.5.6', { purl: 'pkg:golang/github.com/hashicorp/terraform@v1.5.6' }), TF), { facts, policy }).findings).toEqual([]);
  });

  it('collects a package whose source repository was not looked up', () => {
    const offline = check(singleVendorRule, added(TF), { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' }, policy: policyWith('warn') });
    expect([offline.findings, offline.uncheckedFacts.summaries()]).toEqual([[], ['source repositories not checked for 1 package: offline']]);
  });
});
