/**
 * `settings/license`: the license GitHub detected for the repository, judged by the same SPDX
 * evaluation as dependency licenses (src/licenses: one implementation), against
 * `repository.license.allow` / `deny`. No license, or one GitHub could not identify
 * (`NOASSERTION`), fails: a repository's own license must be one the policy names. Pure.
 */
import { evaluateLicense } from '../../licenses/evaluate.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/license';

export const licenseRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const lists = policy.license;
    if (!lists) return [];
    const wanted = [lists.allow ? `one of ${lists.allow.join(', ')}` : undefined, lists.deny ? `none of ${lists.deny.join(', ')}` : undefined].filter(Boolean).join(', ') || 'a license GitHub can identify';
    const base = { rule: RULE, check: 'repository license', wanted } as const;
    const link = `${settings.repository.htmlUrl}/community/license/new?branch=${encodeURIComponent(settings.repository.defaultBranch)}`;
    const detected = settings.license;
    if (!detected.known) return [{ ...base, verdict: 'not-verifiable', found: `the license could not be read: ${detected.reason}` }];
    if (detected.value === null) return [{ ...base, verdict: 'fail', found: 'GitHub detects no license file in the root', fix: 'Add a LICENSE file with the license the policy allows.', link }];
    const { spdxId, name, path } = detected.value;
    const at = path ? ` (${path})` : '';
    if (spdxId === 'NOASSERTION') return [{ ...base, verdict: 'fail', found: `GitHub could not identify the license${at}: "${name}"`, fix: 'Use the unmodified text of an SPDX license so it can be identified.', link }];
    const verdict = evaluateLicense(spdxId, lists);
    if (verdict.verdict === 'allowed') return [{ ...base, verdict: 'pass', found: `${spdxId}${at}` } satisfies SettingsResult];
    const why = verdict.verdict === 'denied' ? (verdict.because === 'denied' ? 'which the policy denies' : "which is not in the policy's allow list") : `which can't be judged: ${verdict.reason}`;
    return [{ ...base, verdict: 'fail', found: `${spdxId}${at}, ${why}`, fix: 'Relicense under a license the policy allows, or ask for the policy to allow this one.' }];
  },
};
