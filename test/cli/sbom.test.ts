import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, npmLockfile, packageJson, Repo } from '../helpers/git-repo.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { timestamp: string; component: { version: string }; tools: { components: { name: string; version: string }[] } };
  components: { purl: string; scope?: string }[];
}

describe('ospo-gatekeeper sbom', () => {
  const repo = new Repo();
  const out = mkdtempSync(join(tmpdir(), 'ospo-sbom-out-'));
  let first = '';
  let second = '';
  beforeAll(() => {
    first = repo.commit({
      'package.json': packageJson({ 'left-pad': '^1.0.0' }),
      'package-lock.json': npmLockfile({ 'left-pad': { version: '1.0.0', license: 'MIT' } }, { 'left-pad': '^1.0.0' }),
    });
    second = repo.commit({
      'package.json': packageJson({ 'left-pad': '^1.0.0' }),
      'package-lock.json': npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' }, tester: { version: '2.0.0', license: 'ISC', dev: true } }, { 'left-pad': '^1.0.0' }),
    });
  });
  afterAll(() => {
    repo.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes CycloneDX 1.6 of HEAD by default: every dependency, the commit, the tool version', async () => {
    const { code, stdout, stderr } = await cli(['sbom', '--dir', repo.dir]);
    expect(code).toBe(0);
    // offline: what was not looked up is said, not passed over
    expect(stderr).toBe('ospo-gatekeeper: note: vulnerabilities and deprecation not checked for 2 packages: offline\n');
    const bom = JSON.parse(stdout) as Bom;
    expect([bom.bomFormat, bom.specVersion]).toEqual(['CycloneDX', '1.6']);
    expect(bom.components.map((c) => [c.purl, c.scope])).toEqual([
      ['pkg:npm/left-pad@1.3.0', 'required'],
      ['pkg:npm/tester@2.0.0', 'excluded'],
    ]);
    expect(bom.metadata.component.version).toBe(second);
    expect(bom.metadata.tools.components).toEqual([{ type: 'application', name: 'ospo-gatekeeper', version: VERSION }]);
  });

  it('describes the commit --ref names, in SPDX with --format spdx', async () => {
    const { code, stdout } = await cli(['sbom', '--dir', repo.dir, '--ref', first, '--format', 'spdx']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as { spdxVersion: string; packages: { name: string; versionInfo: string }[] };
    expect(document.spdxVersion).toBe('SPDX-2.3');
    expect(document.packages.map((p) => [p.name, p.versionInfo])).toEqual([
      [join(repo.dir).split('/').at(-1), first],
      ['left-pad', '1.0.0'],
    ]);
  });

  it('is the same bytes twice with OSPO_NOW, dated that day at midnight UTC', async () => {
    const env = { OSPO_NOW: '2026-02-03T15:04:05Z' };
    const [a, b] = [await cli(['sbom', '--dir', repo.dir], env), await cli(['sbom', '--dir', repo.dir], env)];
    expect(a.stdout).toBe(b.stdout);
    expect((JSON.parse(a.stdout) as Bom).metadata.timestamp).toBe('2026-02-03T00:00:00.000Z');
    const [c, d] = [await cli(['sbom', '--dir', repo.dir, '--format', 'spdx'], env), await cli(['sbom', '--dir', repo.dir, '--format', 'spdx'], env)];
    expect(c.stdout).toBe(d.stdout);
    expect(c.stdout).toContain('"created": "2026-02-03T00:00:00Z"');
  });

  it('writes --output and nothing else: no output on stdout, no temporary file left', async () => {
    const target = join(out, 'sbom.json');
    const { code, stdout } = await cli(['sbom', '--dir', repo.dir, '--output', target], { OSPO_NOW: '2026-02-03' });
    expect([code, stdout]).toEqual([0, '']);
    expect(readdirSync(out)).toEqual(['sbom.json']);
    expect(readFileSync(target, 'utf8')).toBe((await cli(['sbom', '--dir', repo.dir], { OSPO_NOW: '2026-02-03' })).stdout);
  });

  it('exits 2 with one line for a bad ref, a bad format, an unwritable output', async () => {
    for (const args of [['--ref', 'no-such-ref'], ['--format', 'xml'], ['--output', join(out, 'missing', 'sbom.json')], ['--ref', 'empty']]) {
      const { code, stdout, stderr } = await cli(['sbom', '--dir', repo.dir, ...args]);
      expect([args, code, stdout]).toEqual([args, 2, '']);
      expect(stderr.trim().split('\n').filter((line) => !line.includes(': note: '))).toHaveLength(1);
    }
    expect((await cli(['sbom', '--dir', repo.dir, '--output', join(out, 'missing', 'sbom.json')])).stderr).toContain(`cannot write ${join(out, 'missing', 'sbom.json')}: ENOENT\n`);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('has its help, and is listed in the general one', async () => {
    const help = await cli(['sbom', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('go.sum is not read');
    expect(help.stdout).toContain('OSPO_NOW');
    expect((await cli(['help'])).stdout).toMatch(/^ {2}sbom {6}/m);
  });
});
