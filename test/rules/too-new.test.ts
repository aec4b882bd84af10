import { describe, expect, it } from '@jest/globals';
import { tooNewRule } from '../../src/rules/too-new.js';
import { added, basePolicy, check, dep, factsOf, upgraded } from './subject.js';

const FRESH = dep('fresh', '5.0.0');
const cooldown = (cooldownDays: number) => {
  const policy = basePolicy();
  return { ...policy, supplyChain: { ...policy.supplyChain, cooldownDays } };
};
const publishedAt = (timestamp: string) => factsOf({ [FRESH.purl]: { publishedAt: timestamp } });
const messages = (timestamp: string, days: number, today = '2026-11-25') => check(tooNewRule, added(FRESH), { facts: publishedAt(timestamp), policy: cooldown(days), today }).findings.map((finding) => [finding.severity, finding.message]);

describe('package/too-new rule', () => {
  it('warns on a version published fewer than cooldown-days days before today', () => {
    // 2026-11-23 to 2026-11-25: two days.
    expect(messages('2026-11-23T22:10:00.000Z', 3)).toEqual([['warning', 'fresh@5.0.0 was published 2 days ago (2026-11-23), the policy waits 3 days (supply-chain.cooldown-days)']]);
    expect(messages('2026-11-25T01:00:00Z', 1)).toEqual([['warning', 'fresh@5.0.0 was published today (2026-11-25), the policy waits 1 day (supply-chain.cooldown-days)']]);
    expect(messages('2026-11-24T00:00:00Z', 7)).toEqual([['warning', 'fresh@5.0.0 was published yesterday (2026-11-24), the policy waits 7 days (supply-chain.cooldown-days)']]);
  });

  it('passes a version exactly cooldown-days old or older, across a month end', () => {
    expect(messages('2026-11-22T00:00:00Z', 3)).toEqual([]);
    // 2026-02-27 to 2026-03-02: 3 days (2026 is not a leap year).
    expect(messages('2026-02-27T12:00:00Z', 4, '2026-03-02')).toEqual([['warning', 'fresh@5.0.0 was published 3 days ago (2026-02-27), the policy waits 4 days (supply-chain.cooldown-days)']]);
    expect(messages('2026-02-27T12:00:00Z', 3, '2026-03-02')).toEqual([]);
  });

  it('is off at 0 days (the default): no finding and nothing needed', () => {
    expect(check(tooNewRule, added(FRESH), { facts: publishedAt('2026-11-25T00:00:00Z') }).findings).toEqual([]);
    expect(check(tooNewRule, added(FRESH), { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' } }).uncheckedFacts.summaries()).toEqual([]);
  });

  it('judges upgrades, and never passes a date it can not read or did not look up', () => {
    expect(check(tooNewRule, upgraded(dep('fresh', '4.0.0'), FRESH), { facts: publishedAt('2026-11-24T00:00:00Z'), policy: cooldown(2) }).findings.map((finding) => finding.rule)).toEqual(['package/too-new']);
    const garbled = check(tooNewRule, added(FRESH), { facts: publishedAt('last tuesday'), policy: cooldown(2) });
    expect([garbled.findings, garbled.uncheckedFacts.summaries()]).toEqual([[], ['publish dates not checked for 1 package: unreadable publish date from test source']]);
    const offline = check(tooNewRule, added(FRESH), { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' }, policy: cooldown(2) });
    expect(offline.uncheckedFacts.summaries()).toEqual(['publish dates not checked for 1 package: offline']);
  });
});
