/** `settings/merge`: delete head branches on merge, and only the merge methods the policy allows. Pure. */
import type { MergeMethod } from '../../policy/repository.js';
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/merge';
const METHOD_NAMES: Record<MergeMethod, string> = { merge: 'merge commits', squash: 'squash merging', rebase: 'rebase merging' };

const DELETE_BRANCH = 'delete head branches on merge';
const METHODS = 'merge methods';

export const mergeRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const wanted = policy.merge;
    if (!wanted) return [];
    const link = `${settings.repository.htmlUrl}/settings`;
    const allowed = wanted.allowedMethods;
    const methodsWanted = allowed ? `only ${allowed.map((method) => METHOD_NAMES[method]).join(', ')}` : undefined;
    const merge = settings.merge;
    if (!merge.known) {
      const asked = [...(wanted.deleteBranchOnMerge ? [{ check: DELETE_BRANCH, wanted: 'on' }] : []), ...(methodsWanted ? [{ check: METHODS, wanted: methodsWanted }] : [])];
      return asked.map((base): SettingsResult => ({ rule: RULE, ...base, verdict: 'not-verifiable', found: merge.reason, link }));
    }
    const results: SettingsResult[] = [];
    if (wanted.deleteBranchOnMerge) {
      const base = { rule: RULE, check: DELETE_BRANCH, wanted: 'on' } as const;
      results.push(merge.value.deleteBranchOnMerge ? { ...base, verdict: 'pass', found: 'on' } : { ...base, verdict: 'fail', found: 'off', fix: 'Turn on "Automatically delete head branches" in Settings → General.', link });
    }
    if (allowed && methodsWanted) {
      const on: Record<MergeMethod, boolean> = { merge: merge.value.allowMergeCommit, squash: merge.value.allowSquashMerge, rebase: merge.value.allowRebaseMerge };
      const enabled = (Object.keys(METHOD_NAMES) as MergeMethod[]).filter((method) => on[method]);
      const extra = enabled.filter((method) => !allowed.includes(method));
      const base = { rule: RULE, check: METHODS, wanted: methodsWanted, found: enabled.length > 0 ? `allows ${enabled.map((method) => METHOD_NAMES[method]).join(', ')}` : 'allows no merge method' } as const;
      results.push(extra.length === 0 ? { ...base, verdict: 'pass' } : { ...base, verdict: 'fail', fix: `Turn off ${extra.map((method) => METHOD_NAMES[method]).join(' and ')} in Settings → General → Pull Requests.`, link });
    }
    return results;
  },
};
