import { describe, expect, it } from '@jest/globals';
import { loadPolicy } from '../../src/policy/load.js';

const load = (text: string) => loadPolicy({ repo: { path: '.github/ospo-gatekeeper.yml', text } });

describe('repository: in the policy', () => {
  it('types the requirements: false on allow-* and on hygiene switches asks for the thing to be off; categories expanded', () => {
    const loaded = load(`repository:
  branch-protection:
    required-approvals: 2
    allow-force-pushes: false
    allow-deletions: true
  license: { allow: [permissive] }
  hygiene: { wiki: false, projects: true }
  merge: { allowed-methods: [squash] }
`);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const repository = loaded.policy.repository;
    expect(repository.branchProtection).toMatchObject({ requiredApprovals: 2, blockForcePushes: true, blockDeletions: false, dismissStaleReviews: false, branches: [] });
    expect(repository.license?.allow).toEqual(expect.arrayContaining(['MIT', 'Apache-2.0', 'BSD-3-Clause']));
    expect(repository.hygiene).toEqual({ wikiOff: true, projectsOff: false, noOutsideAdmins: false });
    expect(repository.merge).toEqual({ deleteBranchOnMerge: false, allowedMethods: ['squash'] });
    expect(repository.scope).toEqual({ visibility: 'all', include: [], exclude: [], archived: false, forks: false, properties: [] });
    expect(repository.issues).toBe(false);
  });

  it('a policy without repository: asks nothing of the settings', () => {
    const loaded = load('licenses:\n  unknown: warn\n');
    expect(loaded.ok && loaded.policy.repository).toEqual({ issues: false, scope: expect.objectContaining({ visibility: 'all' }), requiredFiles: [] });
  });

  it('merges the org layer under the repository layer key by key', () => {
    const loaded = loadPolicy({
      org: { path: 'acme/.github:.github/ospo-gatekeeper.yml', text: 'repository:\n  issues: true\n  branch-protection:\n    required-approvals: 1\n    allow-force-pushes: false\n' },
      repo: { path: '.github/ospo-gatekeeper.yml', text: 'repository:\n  branch-protection:\n    required-approvals: 2\n' },
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.policy.repository).toMatchObject({ issues: true, branchProtection: { requiredApprovals: 2, blockForcePushes: true } });
  });

  it('rejects what the audit could not use, at its line and column', () => {
    const loaded = load(`repository:
  branch-protection:
    required-approvals: -1
    required-status-checks: ci
  merge: { allowed-methods: [fast-forward] }
  scope: { visibility: secret }
  license: { allow: [NotALicense] }
  security: { secret-scaning: true }
`);
    expect(loaded.ok).toBe(false);
    const errors = loaded.ok ? [] : loaded.errors.map((error) => `${error.line}:${error.column} ${error.message.split(':')[0]}`);
    expect(errors).toEqual([
      '3:25 repository.branch-protection.required-approvals',
      '4:29 repository.branch-protection.required-status-checks',
      '5:30 repository.merge.allowed-methods[0]',
      '6:24 repository.scope.visibility',
      '7:22 repository.license.allow[0]',
      '8:15 repository.security.secret-scaning',
    ]);
  });
});
