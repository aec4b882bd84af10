import { describe, expect, it } from '@jest/globals';
import { loadPolicy, parsePolicyFile } from '../../src/policy/load.js';

const repo = (text: string) => ({ repo: { path: '.github/ospo-gatekeeper.yml', text } });

describe('loadPolicy', () => {
  it('uses the permissive preset when there is no policy file', () => {
    const result = loadPolicy({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.sources).toEqual(['policies/permissive.yml']);
    expect(result.policy.licenses.allow).toEqual(expect.arrayContaining(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', '0BSD']));
    expect(result.policy.licenses.allow).not.toContain('GPL-3.0-only');
    expect(result.policy.licenses).toMatchObject({ unknown: 'warn', changed: 'warn', scopes: ['runtime', 'development'], directOnly: false });
  });

  it('expands categories, including nested ones', () => {
    const result = loadPolicy(repo('licenses:\n  deny: [copyleft]\n'));
    expect(result.ok && result.policy.licenses.deny).toEqual(expect.arrayContaining(['LGPL-2.1-only', 'GPL-3.0-only', 'AGPL-3.0-or-later']));
  });

  it('reports unknown keys, bad values and missing required keys with line and column', () => {
    const result = loadPolicy(repo('licenses:\n  allow: [MIT]\n  unknwon: fail\nmode: strict\nexceptions:\n  - package: pkg:npm/x@^1.0.0\n'));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: '.github/ospo-gatekeeper.yml',
          line: 3,
          column: 3,
          message: 'licenses.unknwon: unknown key "unknwon", did you mean "unknown"? (expected one of: allow, deny, unknown, changed, scopes, direct-only)',
        },
        { path: '.github/ospo-gatekeeper.yml', line: 4, column: 7, message: 'mode: expected one of enforce | warn, got "strict"' },
        { path: '.github/ospo-gatekeeper.yml', line: 6, column: 5, message: 'exceptions[0]: missing required key "reason"' },
      ],
    });
  });

  it('reports invalid YAML with its position', () => {
    const result = loadPolicy(repo('licenses:\n  allow: [MIT\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: '.github/ospo-gatekeeper.yml', line: 3, column: 1 });
    expect(result.errors[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('rejects license entries that are neither SPDX ids nor categories, and expressions', () => {
    const result = loadPolicy(repo('licenses:\n  allow: [MIT, Apachee-2.0, MIT OR ISC]\n'));
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message])).toEqual([
      [2, 16, expect.stringContaining('licenses.allow[1]: "Apachee-2.0" is neither an SPDX license id nor a category')],
      [2, 29, 'licenses.allow[2]: "MIT OR ISC" is an expression; list single licenses (one per entry)'],
    ]);
  });

  it('rejects allow and deny lists that overlap, at the entries of both lists', () => {
    const result = loadPolicy(repo('licenses:\n  allow: [permissive, MPL-2.0]\n  deny: [MIT]\n'));
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message])).toEqual([
      [2, 11, 'licenses.allow: "permissive" is also denied (MIT): use allow or deny, or both without overlap'],
      [3, 10, 'licenses.deny: "MIT" is also allowed (MIT): use allow or deny, or both without overlap'],
    ]);
  });

  it('checks the allow and deny lists of each paths entry too', () => {
    const result = loadPolicy(repo('paths:\n  - match: "tools/**"\n    licenses:\n      allow: [MIT, ISC]\n      deny: [ISC]\n'));
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message])).toEqual([
      [4, 20, 'paths[0].licenses.allow: "ISC" is also denied (ISC): use allow or deny, or both without overlap'],
      [5, 14, 'paths[0].licenses.deny: "ISC" is also allowed (ISC): use allow or deny, or both without overlap'],
    ]);
  });

  it('sees an overlap whatever the case of the ids (they match case-insensitively)', () => {
    const result = loadPolicy(repo('licenses:\n  allow: [mit, LicenseRef-Acme]\n  deny: [MIT, licenseref-acme]\n'));
    expect(result.ok ? [] : result.errors.map((error) => [error.line, error.column, error.message])).toEqual([
      [2, 11, 'licenses.allow: "mit" is also denied (mit): use allow or deny, or both without overlap'],
      [2, 16, 'licenses.allow: "LicenseRef-Acme" is also denied (LicenseRef-Acme): use allow or deny, or both without overlap'],
      [3, 10, 'licenses.deny: "MIT" is also allowed (MIT): use allow or deny, or both without overlap'],
      [3, 15, 'licenses.deny: "licenseref-acme" is also allowed (licenseref-acme): use allow or deny, or both without overlap'],
    ]);
  });

  it('rejects a bad purl and a bad date', () => {
    const result = loadPolicy(repo('exceptions:\n  - package: left-pad\n    reason: ok\n    expires: next year\n'));
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'exceptions[0].package: "left-pad" is not a package URL (like pkg:npm/left-pad@1.3.0)',
      'exceptions[0].expires: expected a date like 2027-06-30, got "next year"',
    ]);
  });

  it('layers extends preset -> org -> repository, concatenating exceptions', () => {
    const result = loadPolicy({
      org: { path: 'acme/.github:.github/ospo-gatekeeper.yml', text: 'extends: strict\nexceptions:\n  - package: pkg:npm/a\n    reason: org-wide\n' },
      repo: { path: '.github/ospo-gatekeeper.yml', text: 'mode: warn\nlicenses:\n  unknown: warn\nexceptions:\n  - package: pkg:npm/b\n    reason: this repo\n    expires: 2027-06-30\n' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.sources).toEqual(['preset:strict', 'acme/.github:.github/ospo-gatekeeper.yml', '.github/ospo-gatekeeper.yml']);
    expect(result.policy.mode).toBe('warn');
    expect(result.policy.licenses.unknown).toBe('warn'); // repository over the strict preset
    expect(result.policy.licenses.changed).toBe('fail'); // from the strict preset
    expect(result.policy.exceptions).toEqual([
      { package: 'pkg:npm/a', reason: 'org-wide', source: 'acme/.github:.github/ospo-gatekeeper.yml' },
      { package: 'pkg:npm/b', reason: 'this repo', expires: '2027-06-30', source: '.github/ospo-gatekeeper.yml' },
    ]);
  });

  it('lets a repository change only what the organization allows', () => {
    const result = loadPolicy({
      org: { path: 'org.yml', text: 'licenses:\n  deny: [copyleft]\noverrides:\n  allowed: [exceptions]\n' },
      repo: { path: 'repo.yml', text: 'exceptions: []\nlicenses:\n  deny: []\n' },
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'repo.yml', line: 2, column: 1, message: 'licenses: the organization policy (org.yml) lets repositories change only exceptions' }],
    });
  });

  it('names the presets when extends is unknown', () => {
    const result = loadPolicy(repo('extends: permisive\n'));
    expect(result.ok ? undefined : result.errors[0]).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringContaining('unknown preset "permisive", did you mean "permissive"? (built-in presets: copyleft-aware, permissive, strict'),
    });
  });

  it('accepts the full shape of DESIGN.md, repository settings included', () => {
    const text = `extends: permissive
mode: enforce
licenses:
  allow: [MIT, Apache-2.0, BSD-3-Clause, ISC]
  deny: [GPL-3.0-only, network-copyleft]
  unknown: fail
  changed: warn
  scopes: [runtime, development]
  direct-only: false
packages:
  deny:
    - purl: pkg:npm/event-stream@3.3.6
      reason: compromised release
exceptions:
  - package: pkg:npm/copyleft-lib@^1.0.0
    license: GPL-3.0-only
    reason: approved by legal (LEG-123)
    approved-by: legal@acme.example
    expires: 2027-06-30
paths:
  - match: "examples/**"
    licenses: { unknown: allow }
overrides:
  allowed: [exceptions, paths, mode]
repository:
  issues: true
  branch-protection:
    required-approvals: 1
    dismiss-stale-reviews: true
    code-owner-review: false
    required-status-checks: [ci]
    allow-force-pushes: false
    allow-deletions: false
  required-files: [LICENSE, SECURITY.md, CODE_OF_CONDUCT.md, CONTRIBUTING.md, CODEOWNERS]
  license: { allow: [Apache-2.0, MIT] }
  security: { vulnerability-alerts: true, secret-scanning: true, push-protection: true }
  merge: { delete-branch-on-merge: true }
`;
    expect(parsePolicyFile({ path: 'p.yml', text }).ok).toBe(true);
    const result = loadPolicy({ org: { path: 'p.yml', text } });
    if (!result.ok) throw new Error('did not load');
    // `rules`: the policy's license rules with the entry's `unknown` on top, merged once at load.
    expect(result.policy.paths).toEqual([{ match: 'examples/**', ignore: false, licenses: { unknown: 'allow' }, rules: { ...result.policy.licenses, unknown: 'allow' } }]);
    expect(result.ok && result.policy.licenses.allow).toEqual(['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC']);
  });

  it('treats an empty file as an empty policy with defaults', () => {
    const result = loadPolicy(repo(''));
    expect(result.ok && result.policy.licenses).toEqual({ unknown: 'warn', changed: 'warn', scopes: ['runtime', 'development'], directOnly: false });
  });
});
