/** `settings/hygiene`: wiki and projects off when the policy says so, no outside collaborator with admin, the default branch's name. Pure. */
import type { SettingsResult, SettingsRule } from './rule.js';

const RULE = 'settings/hygiene';

export const hygieneRule: SettingsRule = {
  id: RULE,
  check(settings, policy) {
    const wanted = policy.hygiene;
    if (!wanted) return [];
    const url = settings.repository.htmlUrl;
    const results: SettingsResult[] = [];
    const feature = (on: boolean, check: string, enabled: boolean, fix: string) => {
      if (!on) return;
      results.push(enabled ? { rule: RULE, check, wanted: 'off', verdict: 'fail', found: 'on', fix, link: `${url}/settings` } : { rule: RULE, check, wanted: 'off', verdict: 'pass', found: 'off' });
    };
    feature(wanted.wikiOff, 'wiki', settings.features.hasWiki, 'Turn off Wikis in Settings → General → Features.');
    feature(wanted.projectsOff, 'projects', settings.features.hasProjects, 'Turn off Projects in Settings → General → Features.');
    if (wanted.noOutsideAdmins) {
      const base = { rule: RULE, check: 'outside collaborators with admin', wanted: 'none', link: `${url}/settings/access` } as const;
      const admins = settings.outsideAdmins;
      if (!admins.known) results.push({ ...base, verdict: 'not-verifiable', found: admins.reason });
      else if (admins.value.length === 0) results.push({ ...base, verdict: 'pass', found: 'none' });
      else results.push({ ...base, verdict: 'fail', found: admins.value.join(', '), fix: 'Lower their role, or make them members of the organization.' });
    }
    if (wanted.defaultBranch !== undefined) {
      const actual = settings.repository.defaultBranch;
      const base = { rule: RULE, check: 'default branch', wanted: wanted.defaultBranch } as const;
      results.push(actual === wanted.defaultBranch ? { ...base, verdict: 'pass', found: actual } : { ...base, verdict: 'fail', found: actual, fix: `Rename ${actual} to ${wanted.defaultBranch} in Settings → General → Default branch.`, link: `${url}/settings` });
    }
    return results;
  },
};
