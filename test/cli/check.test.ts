import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/evaluation/report.js';
import { cli, npmLockfile, packageJson, Repo } from '../helpers/git-repo.js';

describe('ospo-gatekeeper check', () => {
  const repo = new Repo();
  let base = '';
  let head = '';
  beforeAll(() => {
    base = repo.commit({
      'package.json': packageJson({ 'left-pad': '^1.0.0', relicensed: '^1.0.0' }),
      'package-lock.json': npmLockfile({ 'left-pad': { version: '1.0.0', license: 'MIT' }, relicensed: { version: '1.0.0', license: 'Apache-2.0' } }, { 'left-pad': '^1.0.0', relicensed: '^1.0.0' }),
    });
    head = repo.commit({
      'package.json': packageJson({ 'left-pad': '^1.0.0', relicensed: '^1.0.0', 'gpl-lib': '^2.0.0' }),
      'package-lock.json': npmLockfile(
        { 'gpl-lib': { version: '2.0.0', license: 'GPL-3.0-only' }, 'left-pad': { version: '1.3.0', license: 'MIT' }, relicensed: { version: '1.1.0', license: 'BUSL-1.1' } },
        { 'left-pad': '^1.0.0', relicensed: '^1.0.0', 'gpl-lib': '^2.0.0' },
      ),
    });
  });
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('prints the JSON contract and exits 1 on error findings', async () => {
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, conclusion: 'failure', base, head, manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 3 }] });
    expect(report.changes).toEqual([
      { change: 'added', ecosystem: 'npm', manifest: 'package-lock.json', name: 'gpl-lib', purl: 'pkg:npm/gpl-lib@2.0.0', to: '2.0.0', scope: 'runtime', direct: true, license: 'GPL-3.0-only', licenseSource: 'package-lock.json', line: 16 },
      { change: 'upgraded', ecosystem: 'npm', manifest: 'package-lock.json', name: 'left-pad', purl: 'pkg:npm/left-pad@1.3.0', from: '1.0.0', to: '1.3.0', scope: 'runtime', direct: true, license: 'MIT', previousLicense: 'MIT', licenseSource: 'package-lock.json', line: 20 },
      { change: 'upgraded', ecosystem: 'npm', manifest: 'package-lock.json', name: 'relicensed', purl: 'pkg:npm/relicensed@1.1.0', from: '1.0.0', to: '1.1.0', scope: 'runtime', direct: true, license: 'BUSL-1.1', previousLicense: 'Apache-2.0', licenseChanged: true, licenseSource: 'package-lock.json', line: 24 },
    ]);
    // package.json (2-space JSON.stringify): "relicensed" is declared on line 6, "gpl-lib" on line 7;
    // lockfile entries start on lines 16, 20 and 24 (checked with grep -n on the generated files).
    expect(report.findings.map((f) => [f.rule, f.severity, f.purl, f.path, f.line])).toEqual([
      ['license/denied', 'error', 'pkg:npm/relicensed@1.1.0', 'package.json', 6],
      ['license/denied', 'error', 'pkg:npm/gpl-lib@2.0.0', 'package.json', 7],
      // Offline: the vulnerabilities and deprecation the policy judges were not looked up.
      ['facts/unchecked', 'warning', undefined, undefined, undefined],
      ['license/changed', 'warning', 'pkg:npm/relicensed@1.1.0', 'package.json', 6],
    ]);
  });

  it('prints a grouped text report', async () => {
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAILURE  2 errors, 2 warnings in 3 dependency changes across 1 manifest');
    expect(stdout).toMatch(/Errors \(2\)\n {2}license\/denied {2}package\.json:6 {2}relicensed@1\.1\.0 is licensed BUSL-1\.1/);
    expect(stdout).toContain('↑ upgraded  relicensed  1.0.0 → 1.1.0  Apache-2.0 → BUSL-1.1');
    expect(stdout).not.toContain('\u001b['); // no colour when stdout is not a terminal
  });

  it('colours the text report on a terminal, unless NO_COLOR is set', async () => {
    const coloured = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head], {}, { stdout: true });
    expect(coloured.stdout).toContain('\u001b[1m\u001b[31mFAILURE\u001b[0m\u001b[0m');
    const plain = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head], { NO_COLOR: '1' }, { stdout: true });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('defaults --base to the parent on the default branch and --head to HEAD', async () => {
    const { stdout } = await cli(['check', '--dir', repo.dir, '--format', 'json']);
    expect(JSON.parse(stdout)).toMatchObject({ base, head });
  });

  it('defaults --base to the merge base with the default branch on a feature branch', async () => {
    const branched = new Repo();
    const fork = branched.commit({ 'package-lock.json': npmLockfile({}, {}) });
    branched.git('checkout', '-q', '-b', 'feature');
    const feature = branched.commit({ 'package-lock.json': npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' } }, { 'left-pad': '^1.0.0' }) });
    branched.git('checkout', '-q', 'main');
    branched.commit({ 'README.md': 'main moved on\n' });
    branched.git('checkout', '-q', 'feature');
    const { stdout } = await cli(['check', '--dir', branched.dir, '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report).toMatchObject({ base: fork, head: feature });
    expect(report.changes.map((c) => `${c.change} ${c.name}`)).toEqual(['added left-pad']);
    rmSync(branched.dir, { recursive: true, force: true });
  });

  it('counts every dependency as added against the empty tree', async () => {
    const { stdout } = await cli(['check', '--dir', repo.dir, '--base', 'empty', '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.changes.map((c) => `${c.change} ${c.name}`)).toEqual(['added gpl-lib', 'added left-pad', 'added relicensed']);
  });

  it('reads the policy at the base ref, and --policy over it', async () => {
    const policyRepo = new Repo();
    const policyBase = policyRepo.commit({
      '.github/ospo-gatekeeper.yml': 'licenses:\n  allow: [MIT]\n  unknown: fail\n',
      'package-lock.json': npmLockfile({}, {}),
    });
    // The head weakens the policy: it must not count.
    const policyHead = policyRepo.commit({
      '.github/ospo-gatekeeper.yml': 'licenses:\n  allow: [MIT, GPL-3.0-only]\n',
      'package-lock.json': npmLockfile({ 'gpl-lib': { version: '2.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^2.0.0' }),
    });
    const fromBase = await cli(['check', '--dir', policyRepo.dir, '--base', policyBase, '--head', policyHead, '--format', 'json']);
    expect(fromBase.code).toBe(1);
    const policyFile = join(policyRepo.dir, 'explicit.yml');
    writeFileSync(policyFile, 'licenses:\n  allow: [GPL-3.0-only]\n');
    const explicit = await cli(['check', '--dir', policyRepo.dir, '--base', policyBase, '--head', policyHead, '--policy', policyFile, '--format', 'json']);
    expect(explicit.code).toBe(0);
    rmSync(policyRepo.dir, { recursive: true, force: true });
  });

  it('reports an unparsable lockfile as a finding with its line, exit 1, no stack trace', async () => {
    const broken = new Repo();
    const first = broken.commit({ 'package-lock.json': npmLockfile({}, {}) });
    const second = broken.commit({ 'package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {,\n' });
    const { code, stdout, stderr } = await cli(['check', '--dir', broken.dir, '--base', first, '--head', second, '--format', 'json']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'manifest/unparsable', severity: 'error', path: 'package-lock.json', line: 4, column: 10 })]);
    expect(report.changes).toEqual([]);
    const third = broken.commit({ 'package-lock.json': '{"lockfileVersion": 7, "packages": {}}\n' });
    const unknownVersion = await cli(['check', '--dir', broken.dir, '--base', first, '--head', third, '--format', 'json']);
    expect(unknownVersion.code).toBe(1);
    expect((JSON.parse(unknownVersion.stdout) as Report).findings[0]?.message).toBe('package-lock.json could not be read: unsupported lockfileVersion 7 (supported: 1, 2, 3)');
    rmSync(broken.dir, { recursive: true, force: true });
  });

  it('exits 2 with a one-line message on usage, policy and environment errors', async () => {
    expect(await cli(['check', '--format', 'yaml', '--dir', repo.dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of text, json, markdown, sarif') });
    expect(await cli(['check', '--dir', tmpdir()])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not in a git repository') });
    expect(await cli(['check', '--dir', repo.dir, '--base', 'no-such-ref'])).toMatchObject({ code: 2, stderr: 'ospo-gatekeeper: no-such-ref is not a commit in ' + repo.dir + '\n' });
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2 });
    const badPolicy = join(repo.dir, 'bad.yml');
    writeFileSync(badPolicy, 'mode: sometimes\n');
    const invalid = await cli(['check', '--dir', repo.dir, '--policy', badPolicy]);
    expect(invalid).toMatchObject({ code: 2, stderr: `ospo-gatekeeper: the policy is invalid:\n${badPolicy}:1:7: mode: expected one of enforce | warn, got "sometimes"\n` });
    expect(await cli(['check', '--dir', repo.dir], { OSPO_NOW: 'someday' })).toMatchObject({ code: 2, stderr: 'ospo-gatekeeper: OSPO_NOW is not an ISO date: someday\n' });
  });

  it('uses OSPO_NOW for exception expiry', async () => {
    const policyFile = join(repo.dir, 'exceptions.yml');
    writeFileSync(policyFile, 'licenses:\n  allow: [permissive]\n  changed: allow\nexceptions:\n  - package: pkg:npm/gpl-lib\n    reason: LEG-1\n    expires: 2026-12-31\n  - package: pkg:npm/relicensed\n    reason: LEG-2\n    expires: 2026-12-31\n');
    const before = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--policy', policyFile, '--format', 'json'], { OSPO_NOW: '2026-12-31' });
    expect(before.code).toBe(0);
    const after = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--policy', policyFile, '--format', 'json'], { OSPO_NOW: '2027-01-01T09:00:00Z' });
    expect(after.code).toBe(1);
    expect((JSON.parse(after.stdout) as Report).findings.filter((f) => f.rule === 'exception/expired')).toHaveLength(2);
  });

  it('writes SARIF with regions on manifest lines, and line 1 for a finding about the file as a whole', async () => {
    const { stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--format', 'sarif']);
    const sarif = JSON.parse(stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region?.startLine])).toEqual([
      ['license/denied', 'error', 'package.json', 6],
      ['license/denied', 'error', 'package.json', 7],
      ['facts/unchecked', 'warning', 'package-lock.json', 1],
      ['license/changed', 'warning', 'package.json', 6],
    ]);
  });
});

describe('ospo-gatekeeper validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ospo-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every error as file:line:column and exits 2; valid files pass', async () => {
    const good = join(dir, 'good.yml');
    const bad = join(dir, 'bad.yml');
    writeFileSync(good, 'extends: strict\nlicenses:\n  deny: [AGPL-3.0-only]\n');
    writeFileSync(bad, 'licenses:\n  allow: [MIT]\n  unknown: maybe\nextra: 1\n');
    expect(await cli(['validate', good])).toEqual({ code: 0, stdout: `${good}: valid\n`, stderr: '' });
    const result = await cli(['validate', good, bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `${bad}:3:12: licenses.unknown: expected one of fail | warn | allow, got "maybe"\n` +
        `${bad}:4:1: extra: unknown key "extra" (expected one of: extends, mode, licenses, packages, actions, exceptions, paths, overrides, repository, vulnerabilities, malware, scorecard, supply-chain, governance, sbom)\n`,
    );
  });
});

describe('ospo-gatekeeper check --format markdown', () => {
  it('prints the same markdown summary the check run shows', async () => {
    const repo = new Repo();
    const first = repo.commit({ 'package-lock.json': npmLockfile({}, {}) });
    const second = repo.commit({ 'package-lock.json': npmLockfile({ 'gpl-lib': { version: '2.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^2.0.0' }) });
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', first, '--head', second, '--format', 'markdown']);
    expect(code).toBe(1);
    expect(stdout).toContain('### ❌ 1 problem to fix before merging');
    expect(stdout).toContain('gpl-lib');
    expect(stdout).toContain('GPL-3.0-only');
    rmSync(repo.dir, { recursive: true, force: true });
  });
});
