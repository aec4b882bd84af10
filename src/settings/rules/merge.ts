/** `settings/merge`: delete head branches on merge, and only the merge methods the policy allows. Pure. */
import type { MergeMethod } from '../../policy/repository.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/merge';
const METHOD_NAMES: Record<MergeMethod, string> = { merge: 'merge commits', squash: 'squash merging', rebase: 'rebase merging' };

export const mergeRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const wanted = policy.merge;
    if (!wanted) return [];
    const link = `${settings.repository.htmlUrl}/settings`;
    const results: SettingsResult[] = [];
    const merge = settings.merge;
    const unreadable = (check: string, wantedText: string): SettingsResult => ({ rule: RULE, check, wanted: wantedText, verdict: 'not-verifiable', found: merge.known ? '' : merge.reason, link });
    if (wanted.deleteBranchOnMerge) {
      const check = 'delete head branches on merge';
      if (!merge.known) results.push(unreadable(check, 'on'));
      else results.push(merge.value.deleteBranchOnMerge ? { rule: RULE, check, wanted: 'on', verdict: 'pass', found: 'on' } : { rule: RULE, check, wanted: 'on', verdict: 'fail', found: 'off', fix: 'Turn on "Automatically delete head branches" in Settings → General.', link });
    }
    if (wanted.allowedMethods) {
      const check = 'merge methods';
      const wantedText = `only ${wanted.allowedMethods.map((method) => METHOD_NAMES[method]).join(', ')}`;
      if (!merge.known) {
        results.push(unreadable(check, wantedText));
      } else {
        const enabled: MergeMethod[] = [];
        if (merge.value.allowMergeCommit) enabled.push('merge');
        if (merge.value.allowSquashMerge) enabled.push('squash');
        if (merge.value.allowRebaseMerge) enabled.push('rebase');
        const extra = enabled.filter((method) => !wanted.allowedMethods?.includes(method));
        const found = enabled.length > 0 ? `allows ${enabled.map((method) => METHOD_NAMES[method]).join(', ')}` : 'allows no merge method';
        results.push(extra.length === 0 ? { rule: RULE, check, wanted: wantedText, verdict: 'pass', found } : { rule: RULE, check, wanted: wantedText, verdict: 'fail', found, fix: `Turn off ${extra.map((method) => METHOD_NAMES[method]).join(' and ')} in Settings → General → Pull Requests.`, link });
      }
    }
    return results;
  },
};
