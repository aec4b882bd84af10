import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ruleAnchor, ruleDoc, RULE_DOCS } from '../../src/report/rule-docs.js';

// The rule ids the engine emits (src/evaluation/judge.ts, src/rules/, src/metadata/resolve.ts,
// src/evaluation/run.ts, the policy check), listed by hand so a doc can't go missing unnoticed.
const EMITTED = [
  'license/denied',
  'license/unknown',
  'license/changed',
  'license/unchecked',
  'package/denied',
  'actions/unpinned',
  'exception/expired',
  'exception/expiring',
  'exception/unused',
  'manifest/unparsable',
  'manifest/invalid-entry',
  'metadata/unavailable',
  'policy/invalid',
  'policy/locked',
  'vulnerability',
  'vulnerability/fixed',
  'vulnerability/ignore-expired',
  'malware',
  'scorecard/low',
  'package/deprecated',
  'package/too-new',
  'package/install-script',
  'governance/single-vendor',
  'facts/unchecked',
];

describe('rule docs', () => {
  it('has one entry per rule the engine emits', () => {
    expect(RULE_DOCS.map((doc) => doc.id).sort()).toEqual([...EMITTED].sort());
  });

  it('says in every entry what the rule means and how to fix what it finds', () => {
    for (const doc of RULE_DOCS) {
      expect([doc.id, doc.short.length > 10, doc.full.length > doc.short.length, doc.help.length > 20]).toEqual([doc.id, true, true, true]);
      expect(doc.short).not.toMatch(/\.$/); // a title
    }
  });

  it('falls back to a generic doc for a rule that has none yet', () => {
    expect(ruleDoc('settings/not-yet')).toEqual({
      id: 'settings/not-yet',
      short: 'ospo-gatekeeper rule settings/not-yet',
      full: expect.stringContaining('settings/not-yet'),
      help: expect.any(String),
      tags: [],
    });
    expect(ruleDoc('license/denied')).toBe(RULE_DOCS.find((doc) => doc.id === 'license/denied'));
  });

  it('makes anchors with every / as -', () => {
    expect(ruleAnchor('settings/branch-protection')).toBe('rule-settings-branch-protection');
    expect(ruleAnchor('a/b/c')).toBe('rule-a-b-c');
  });

  it('has an anchor in README.md for every rule, where helpUri points', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = RULE_DOCS.map((doc) => ruleAnchor(doc.id)).filter((anchor) => !readme.includes(`<a id="${anchor}">`));
    expect(missing).toEqual([]);
  });
});
