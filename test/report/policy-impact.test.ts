/** The impact section of the policy check: capped lists with counts for the rest, and every repository not evaluated said. */
import { describe, expect, it } from '@jest/globals';
import { impactIncomplete, impactSection, type PolicyImpact, type RepositoryImpact } from '../../src/report/policy-impact.js';
import type { PackageVerdictChange } from '../../src/report/verdict-changes.js';

const pkg = (index: number): PackageVerdictChange => ({ id: `pkg:npm/p${index}@1.0.0`, name: `p${index}`, version: '1.0.0', path: 'package.json', deltas: [{ change: 'appears', rule: 'license/denied', severity: 'error', message: `p${index} is denied` }] });
const changed = (name: string, packages: number): RepositoryImpact => ({ repository: `acme/${name}`, ref: 'main', outcome: 'changed', changes: { before: 'success', after: 'failure', packages: Array.from({ length: packages }, (_, index) => pkg(index)), other: [] } });

describe('impactSection', () => {
  it('25 repositories changed, one with 12 packages: 20 rows, 10 packages, counts for the rest', () => {
    const repositories = [changed('big', 12), ...Array.from({ length: 24 }, (_, index) => changed(`r${index}`, 1))];
    const text = impactSection({ repositories });
    expect(text).toContain('The default branch of 25 repositories was judged under the current and the proposed policy: 25 repositories judged differently.');
    expect(text.split('\n').filter((line) => line.startsWith('| `acme/'))).toHaveLength(20);
    expect(text).toContain('| `acme/big` | ✅ success | ❌ failure | 12 packages |');
    expect(text).toContain('- `p9@1.0.0` (`package.json`): **new error** `license/denied`: p9 is denied');
    expect(text).not.toContain('`p10@1.0.0`');
    expect(text).toContain('- …and 2 more packages.');
    expect(text).toContain('…and 5 more judged differently, not listed here.');
    // r18 is the 20th row (big, r0..r18); r19 is past the cap.
    expect(text).toContain('`acme/r18`');
    expect(text).not.toContain('`acme/r19`');
  });

  it('not evaluated, a policy that breaks, and the limit: each said; incomplete', () => {
    const impact: PolicyImpact = {
      repositories: [
        { repository: 'acme/a', ref: 'main', outcome: 'unchanged', conclusion: 'success' },
        { repository: 'acme/b', ref: 'main', outcome: 'not-evaluated', reason: 'GitHub answered 500 (boom)' },
        { repository: 'acme/c', ref: 'main', outcome: 'breaks', errors: [{ path: '.github/ospo-gatekeeper.yml', line: 2, message: 'licenses.allow: the organization lets repositories change only exceptions' }] },
      ],
      available: 7,
      limit: 3,
    };
    const text = impactSection(impact);
    expect(text).toContain('The default branch of 2 repositories was judged');
    expect(text).toContain('| `acme/c` | — | ❌ the policy does not load | 1 error |');
    expect(text).toContain('- `.github/ospo-gatekeeper.yml:2`: licenses.allow: the organization lets repositories change only exceptions');
    expect(text).toContain('**Not evaluated** (1): their verdict after merge is not known.\n- `acme/b`: GitHub answered 500 (boom)');
    expect(text).toContain('the installation has 7 repositories; only the first 3 (as GitHub lists them) were evaluated (OSPO_IMPACT_REPOSITORIES=3)');
    expect(impactIncomplete(impact)).toBe(true);
    expect(impactIncomplete({ repositories: [impact.repositories[0]!], available: 1 })).toBe(false);
  });

  it('the listing failed: said, nothing else', () => {
    expect(impactSection({ repositories: [], failure: "the installation's repositories could not be listed: GitHub answered 403 (nope)" })).toBe(
      "### Impact of this policy change\n\n⚠️ **The impact could not be previewed:** the installation's repositories could not be listed: GitHub answered 403 (nope).",
    );
  });
});
