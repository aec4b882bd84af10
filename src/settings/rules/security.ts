/**
 * `settings/security`: Dependabot alerts and security updates, secret scanning and its push
 * protection, private vulnerability reporting. GitHub leaves `security_and_analysis` out when
 * the app may not read administration settings, and answers 403 on the alert endpoints: that is
 * not verifiable, with the reason, never "disabled" and never a pass. Pure.
 */
import type { Known, RepositorySettings } from '../snapshot.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/security';

type Analysis = Extract<RepositorySettings['securityAndAnalysis'], { known: true }>['value'];
type Feature = 'dependabot_security_updates' | 'secret_scanning' | 'secret_scanning_push_protection';

/** One feature's state from `security_and_analysis`; absent from a known object means the plan lacks it. */
function analysisState(analysis: Known<Analysis>, feature: Feature): Known<boolean> {
  if (!analysis.known) return analysis;
  const status = analysis.value[feature]?.status;
  if (status === undefined) return { known: false, reason: `GitHub reports no ${feature} status for this repository (the plan or visibility may not offer it)` };
  return { known: true, value: status === 'enabled' };
}

export const securityRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const wanted = policy.security;
    if (!wanted) return [];
    const link = `${settings.repository.htmlUrl}/settings/security_analysis`;
    const analysis = settings.securityAndAnalysis;
    const checks: [boolean, string, Known<boolean>][] = [
      [wanted.vulnerabilityAlerts, 'Dependabot alerts', settings.vulnerabilityAlerts],
      [wanted.securityUpdates, 'Dependabot security updates', analysisState(analysis, 'dependabot_security_updates')],
      [wanted.secretScanning, 'secret scanning', analysisState(analysis, 'secret_scanning')],
      [wanted.pushProtection, 'secret scanning push protection', analysisState(analysis, 'secret_scanning_push_protection')],
      [wanted.privateVulnerabilityReporting, 'private vulnerability reporting', settings.privateVulnerabilityReporting],
    ];
    return checks.flatMap(([asked, feature, state]): SettingsResult[] => {
      if (!asked) return [];
      const base = { rule: RULE, check: feature, wanted: 'enabled', link } as const;
      if (!state.known) return [{ ...base, verdict: 'not-verifiable', found: state.reason, fix: 'Give the app administration: read (and check the plan offers the feature).' }];
      return [state.value ? { ...base, verdict: 'pass', found: 'enabled' } : { ...base, verdict: 'fail', found: 'disabled', fix: `Enable ${feature} in Settings → Code security.` }];
    });
  },
};
