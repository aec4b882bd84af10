import { describe, expect, it } from '@jest/globals';
import type { Action } from '../../src/policy/types.js';
import { installScriptRule } from '../../src/rules/install-script.js';
import { added, basePolicy, check, dep, upgraded } from './subject.js';

const policyWith = (installScripts: Action) => {
  const policy = basePolicy();
  return { ...policy, supplyChain: { ...policy.supplyChain, installScripts } };
};
const judged = (change: Parameters<typeof check>[1], action: Action) => check(installScriptRule, change, { policy: policyWith(action) }).findings.map((finding) => [finding.rule, finding.severity, finding.message]);

describe('package/install-script rule', () => {
  const esbuild = dep('esbuild', '0.25.0', { installScripts: true });

  it('judges a new package whose lockfile entry runs install scripts by supply-chain.install-scripts', () => {
    expect(judged(added(esbuild), 'fail')).toEqual([['package/install-script', 'error', 'esbuild@0.25.0 runs install scripts when it is installed']]);
    expect(judged(added(esbuild), 'warn')).toEqual([['package/install-script', 'warning', 'esbuild@0.25.0 runs install scripts when it is installed']]);
    expect(judged(added(esbuild), 'allow')).toEqual([]);
    expect(check(installScriptRule, added(esbuild)).findings).toEqual([]); // allow is the default
  });

  it('judges an upgrade only when the previous version ran none (or its entry did not say)', () => {
    expect(judged(upgraded(dep('esbuild', '0.24.0', { installScripts: false }), esbuild), 'warn')).toEqual([['package/install-script', 'warning', 'esbuild@0.25.0 runs install scripts, which 0.24.0 did not']]);
    expect(judged(upgraded(dep('esbuild', '0.24.0'), esbuild), 'warn').map(([rule]) => rule)).toEqual(['package/install-script']);
    expect(judged(upgraded(dep('esbuild', '0.24.0', { installScripts: true }), esbuild), 'warn')).toEqual([]);
  });

  it('says nothing for a package without install scripts or whose format does not say', () => {
    expect(judged(added(dep('lodash', '4.17.21', { installScripts: false })), 'fail')).toEqual([]);
    expect(judged(added(dep('lodash', '4.17.21')), 'fail')).toEqual([]);
  });
});
