/** Issue 16, item 6: `ospo-gatekeeper explain PURL|LICENSE` in the CLI, its policy found and read as check reads it. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, Repo } from '../helpers/git-repo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ospo-explain-'));
writeFileSync(join(scratch, 'base.yml'), 'licenses:\n  unknown: fail\n');
writeFileSync(
  join(scratch, 'policy.yml'),
  [
    'extends: ./base.yml', // 1
    'licenses:', // 2
    '  deny: [GPL-3.0-only]', // 3: entry at 10
    'exceptions:', // 4
    '  - package: pkg:npm/gpl-lib@2.0.0', // 5: entry at 5
    '    license: GPL-3.0-only', // 6
    '    reason: legal approved', // 7
    '    expires: 2026-12-31', // 8
    '',
  ].join('\n'),
);
const repo = new Repo();
const base = repo.commit({ '.github/ospo-gatekeeper.yml': 'licenses:\n  deny: [MIT]\n' });
const head = repo.commit({ '.github/ospo-gatekeeper.yml': 'licenses:\n  allow: [MIT]\n' });
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  repo.remove();
});

const NOW = { OSPO_NOW: '2026-12-04' };

describe('explain in the CLI', () => {
  it('a license under --policy and the file it extends: the deciding entry at its line, every setting, exit 0', async () => {
    const result = await cli(['explain', 'GPL-3.0-only', '--policy', 'policy.yml'], NOW, {}, scratch);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'GPL-3.0-only',
        'policy: base.yml + policy.yml',
        'decision: error: the check fails',
        'licenses: GPL-3.0-only is denied: the policy denies GPL-3.0-only (error)',
        '  licenses.deny[0] GPL-3.0-only at policy.yml:3:10 denies GPL-3.0-only',
        '  licenses.deny: 1 SPDX id: deny lists add up across layers (a later layer cannot lift a deny)',
        '    set at policy.yml:3:3: licenses.deny: [GPL-3.0-only]',
        'mode: enforce: no layer sets it: the default (enforce)',
        '',
      ].join('\n'),
    });
  });

  it('unknown: the parent file sets it, and the check would fail', async () => {
    const result = await cli(['explain', 'Some Custom License', '--policy', 'policy.yml'], NOW, {}, scratch);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('decision: error: the check fails\n');
    expect(result.stdout).toContain('  licenses.unknown: fail: base.yml is the last layer to set it');
    expect(result.stdout).toContain('    set at base.yml:2:3: licenses.unknown: fail\n');
  });

  it('--format json: a package with its license and the exception that covers it (27 days left on OSPO_NOW)', async () => {
    const result = await cli(['explain', 'pkg:npm/gpl-lib@2.0.0', '--license', 'GPL-3.0-only', '--policy', 'policy.yml', '--format', 'json'], NOW, {}, scratch);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      schemaVersion: 1,
      today: '2026-12-04',
      subject: { kind: 'package', text: 'pkg:npm/gpl-lib@2.0.0' },
      sources: ['base.yml', 'policy.yml'],
      decision: 'pass',
      licenses: [{ rules: 'licenses', verdict: 'denied', outcome: 'error', deciding: [{ entry: 'GPL-3.0-only', key: 'licenses.deny[0]', at: { path: 'policy.yml', line: 3, column: 10 } }] }],
      package: {
        denied: [],
        exceptions: [{ key: 'exceptions[0]', status: 'active', daysLeft: 27, expires: '2026-12-31', at: { path: 'policy.yml', line: 5, column: 5 } }],
        exceptedFromLicenseRules: true,
      },
    });
  });

  it('a package without --license: the text names the exception and each category as judged', async () => {
    const result = await cli(['explain', 'pkg:npm/gpl-lib@2.0.0', '--policy', 'policy.yml'], NOW, {}, scratch);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("decision: depends on the package's license");
    expect(result.stdout).toContain(
      'exception: exceptions[0] pkg:npm/gpl-lib@2.0.0 at policy.yml:5:5 lets it through the license rules while its license is GPL-3.0-only (expires 2026-12-31, in 27 days from 2026-12-04): legal approved\n',
    );
    expect(result.stdout).toMatch(/license categories under the rules that apply: .*permissive: allowed;/);
  });

  it('without --policy: the committed policy at the base ref, not at HEAD', async () => {
    const atBase = await cli(['explain', 'MIT', '--dir', repo.dir, '--base', base], NOW);
    expect(atBase.stdout).toContain('  licenses.deny[0] MIT at .github/ospo-gatekeeper.yml:2:10 denies MIT\n');
    const atHead = await cli(['explain', 'MIT', '--dir', repo.dir, '--base', head], NOW);
    expect(atHead.stdout).toContain('  licenses.allow[0] MIT at .github/ospo-gatekeeper.yml:2:11 allows MIT\n');
    // On the default branch the base is the parent commit, as check picks it.
    const byDefault = await cli(['explain', 'MIT', '--dir', repo.dir], NOW);
    expect(byDefault.stdout).toContain('decision: error');
  });

  it('an invalid policy: its errors as validate prints them, exit 2', async () => {
    writeFileSync(join(scratch, 'bad.yml'), 'mode: sometimes\n');
    const result = await cli(['explain', 'MIT', '--policy', 'bad.yml'], NOW, {}, scratch);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'ospo-gatekeeper: the policy is invalid:\nbad.yml:1:7: mode: expected one of enforce | warn, got "sometimes"\n' });
  });

  it.each([
    [['explain'], 'explain takes one package URL or license (got 0)'],
    [['explain', 'MIT', 'Apache-2.0'], 'explain takes one package URL or license (got 2)'],
    [['explain', 'pkg:', '--policy', 'policy.yml'], 'pkg: is not a valid package URL'],
    [['explain', 'MIT', '--license', 'MIT', '--policy', 'policy.yml'], '--license goes with a package URL'],
    [['explain', 'MIT', '--format', 'sarif', '--policy', 'policy.yml'], '--format must be one of text, json'],
  ])('usage error %j: exit 2', async (args, message) => {
    const result = await cli(args, NOW, {}, scratch);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });

  it('--help, and the command list names explain', async () => {
    const help = await cli(['explain', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ospo-gatekeeper explain PURL\|LICENSE \[--policy FILE\] \[--org FILE\] \[--path MANIFEST\]/);
    expect((await cli(['help'])).stdout).toMatch(/\n {2}explain +what the policy decides about a license or package/);
  });

  it('--org: the organization file is the layer below, and its lock keeps its value over the repository file', async () => {
    writeFileSync(join(scratch, 'org.yml'), 'overrides:\n  locked: [licenses.unknown]\nlicenses:\n  unknown: fail\n');
    writeFileSync(join(scratch, 'loose.yml'), 'licenses:\n  unknown: warn\n');
    const result = await cli(['explain', 'Nonsense-1', '--policy', 'loose.yml', '--org', 'org.yml'], NOW, {}, scratch);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Nonsense-1', 'policy: org.yml + loose.yml', 'decision: error: the check fails']);
    expect(lines).toEqual(
      expect.arrayContaining([
        "  licenses.unknown: fail: locked by org.yml:2:12: org.yml's value stands over loose.yml's looser one",
        '    set at org.yml:4:3: licenses.unknown: fail',
        '    set at loose.yml:2:3: licenses.unknown: warn',
        'locked: licenses.unknown by org.yml:2:12 (a repository may tighten it, never loosen it)',
      ]),
    );
  });
});
