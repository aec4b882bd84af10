import { describe, expect, it } from '@jest/globals';
import type { ScorecardPolicy } from '../../src/policy/types.js';
import { scorecardRule } from '../../src/rules/scorecard.js';
import { added, basePolicy, check, dep, factsOf, upgraded } from './subject.js';

const PKG = dep('weak', '2.0.0');
const SCORECARD = { repository: 'github.com/someone/weak', score: 3.4, checks: { Maintained: 0, 'Code-Review': 6, Fuzzing: -1 } };
const facts = factsOf({ [PKG.purl]: { scorecard: SCORECARD } });
const withScorecard = (scorecard: Partial<ScorecardPolicy>) => ({ ...basePolicy(), scorecard: { checks: {}, ...scorecard } });
const judged = (policy: ReturnType<typeof withScorecard>) => check(scorecardRule, added(PKG), { facts, policy }).findings.map((finding) => [finding.severity, finding.message]);

describe('scorecard/low rule', () => {
  it('judges nothing when the policy sets no threshold (the default)', () => {
    expect(check(scorecardRule, added(PKG), { facts }).findings).toEqual([]);
    expect(check(scorecardRule, added(PKG), { facts: { packages: new Map(), unchecked: new Map(), nothingLookedUp: 'offline' } }).uncheckedFacts.summaries()).toEqual([]);
  });

  it('fails below fail-below, else warns below warn-below', () => {
    expect(judged(withScorecard({ failBelow: 4, warnBelow: 6 }))).toEqual([['error', "weak@2.0.0 comes from github.com/someone/weak, whose OpenSSF Scorecard score 3.4 is below the policy's 4 (scorecard.fail-below)"]]);
    expect(judged(withScorecard({ failBelow: 3, warnBelow: 6 }))).toEqual([['warning', "weak@2.0.0 comes from github.com/someone/weak, whose OpenSSF Scorecard score 3.4 is below the policy's 6 (scorecard.warn-below)"]]);
    expect(judged(withScorecard({ failBelow: 3.4, warnBelow: 3.4 }))).toEqual([]);
  });

  it('warns once naming every check minimum not met; a check that could not run or is missing does not meet it', () => {
    expect(judged(withScorecard({ checks: { Maintained: 3, 'Code-Review': 5, Fuzzing: 1, 'Signed-Releases': 2 } }))).toEqual([
      ['warning', "weak@2.0.0 comes from github.com/someone/weak, which misses the policy's Scorecard check minimums: Maintained 0 (needs 3), Fuzzing could not run (needs 1), Signed-Releases not in the scorecard (needs 2)"],
    ]);
    expect(judged(withScorecard({ checks: { 'Code-Review': 6 } }))).toEqual([]);
  });

  it('judges an added package only: an upgrade keeps its repository', () => {
    const previous = dep('weak', '1.9.0');
    expect(check(scorecardRule, upgraded(previous, PKG), { facts, policy: withScorecard({ failBelow: 5 }) }).findings).toEqual([]);
  });

  it('collects a package whose Scorecard was not looked up, and passes one Scorecard has not scored', () => {
    const policy = withScorecard({ failBelow: 5 });
    const offline = check(scorecardRule, added(PKG), { policy, facts: { packages: new Map(), unchecked: new Map(), uncheckedByKind: { scorecard: new Map([[PKG.purl, 'deps.dev (https://d.test) unreachable']]) } } });
    expect([offline.findings, offline.uncheckedFacts.summaries()]).toEqual([[], ['Scorecard scores not checked for 1 package: deps.dev (https://d.test) unreachable']]);
    expect(check(scorecardRule, added(PKG), { policy, facts: factsOf({ [PKG.purl]: { sourceRepository: 'github.com/someone/weak' } }) }).findings).toEqual([]);
  });
});
