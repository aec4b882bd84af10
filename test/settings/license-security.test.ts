import { describe, expect, it } from '@jest/globals';
import { licenseRule } from '../../src/settings/rules/license.js';
import { securityRule } from '../../src/settings/rules/security.js';
import { known, notKnown } from '../../src/settings/snapshot.js';
import { repositoryPolicyOf, settingsOf } from './fixtures.js';

const summary = (results: { check: string; verdict: string; found: string }[]) => results.map((result) => `${result.check}: ${result.verdict}: ${result.found}`);

describe('settings/license', () => {
  const policy = repositoryPolicyOf('repository:\n  license: { allow: [permissive] }\n');

  it('judges the detected license with the dependency evaluation (categories expanded)', () => {
    expect(summary(licenseRule.check(settingsOf({ license: known({ spdxId: 'Apache-2.0', name: 'Apache License 2.0', path: 'LICENSE' }) }), policy))).toEqual(['repository license: pass: Apache-2.0 (LICENSE)']);
    expect(summary(licenseRule.check(settingsOf({ license: known({ spdxId: 'GPL-3.0', name: 'GNU General Public License v3.0' }) }), policy))).toEqual([
      "repository license: fail: GPL-3.0, which is not in the policy's allow list",
    ]);
    const denied = repositoryPolicyOf('repository:\n  license: { deny: [GPL-3.0-only] }\n');
    expect(licenseRule.check(settingsOf({ license: known({ spdxId: 'GPL-3.0-only', name: 'GPL' }) }), denied)[0]?.found).toBe('GPL-3.0-only, which the policy denies');
  });

  it('fails no license and an unidentified one (NOASSERTION); not verifiable when it could not be read', () => {
    expect(licenseRule.check(settingsOf(), policy)[0]).toMatchObject({ verdict: 'fail', found: 'GitHub detects no license file in the root' });
    expect(licenseRule.check(settingsOf({ license: known({ spdxId: 'NOASSERTION', name: 'Other', path: 'LICENSE' }) }), policy)[0]).toMatchObject({ verdict: 'fail', found: 'GitHub could not identify the license (LICENSE): "Other"' });
    expect(licenseRule.check(settingsOf({ license: notKnown('GitHub answered 403') }), policy)[0]).toMatchObject({ verdict: 'not-verifiable' });
  });
});

describe('settings/security', () => {
  const all = repositoryPolicyOf('repository:\n  security: { vulnerability-alerts: true, security-updates: true, secret-scanning: true, push-protection: true, private-vulnerability-reporting: true }\n');

  it('passes enabled features and fails disabled ones', () => {
    const settings = settingsOf({
      vulnerabilityAlerts: known(true),
      privateVulnerabilityReporting: known(false),
      securityAndAnalysis: known({ dependabot_security_updates: { status: 'enabled' }, secret_scanning: { status: 'enabled' }, secret_scanning_push_protection: { status: 'disabled' } }),
    });
    expect(summary(securityRule.check(settings, all))).toEqual([
      'Dependabot alerts: pass: enabled',
      'Dependabot security updates: pass: enabled',
      'secret scanning: pass: enabled',
      'secret scanning push protection: fail: disabled',
      'private vulnerability reporting: fail: disabled',
    ]);
  });

  it('never reads absent security_and_analysis as disabled: not verifiable, with the reason', () => {
    const settings = settingsOf({ vulnerabilityAlerts: notKnown('GitHub answered 403 (the app needs administration: read)'), securityAndAnalysis: notKnown('GitHub returned no security_and_analysis (the app needs administration: read)') });
    const results = securityRule.check(settings, all);
    expect(results.slice(0, 4).map((result) => result.verdict)).toEqual(['not-verifiable', 'not-verifiable', 'not-verifiable', 'not-verifiable']);
    expect(results[2]?.found).toBe('GitHub returned no security_and_analysis (the app needs administration: read)');
    // A known object without the feature: the plan does not offer it.
    const partial = securityRule.check(settingsOf({ securityAndAnalysis: known({ secret_scanning: { status: 'enabled' } }) }), repositoryPolicyOf('repository:\n  security: { push-protection: true }\n'));
    expect(partial[0]).toMatchObject({ verdict: 'not-verifiable', found: 'GitHub reports no secret_scanning_push_protection status for this repository (the plan or visibility may not offer it)' });
  });
});
