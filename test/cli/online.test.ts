import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { runCli } from '../../src/cli.js';
import type { Report } from '../../src/evaluation/report.js';

const REGISTRY = 'https://registry.example.test';
const DEPS_DEV = 'https://depsdev.example.test';

/** A lockfile v1 (no licenses recorded): the CLI must ask the registry named by OSPO_NPM_REGISTRY. */
const LOCK_V1 = (version: string) =>
  `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies: { 'relicensed-lib': { version } } }, null, 2)}\n`;

describe('check with license lookups (registry mocked)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ospo-online-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]).toString().trim();
  let base = '';
  let head = '';
  beforeAll(() => {
    nock.disableNetConnect();
    git('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'package.json'), '{\n  "name": "app",\n  "dependencies": {\n    "relicensed-lib": "^1.0.0"\n  }\n}\n');
    writeFileSync(join(dir, 'package-lock.json'), LOCK_V1('1.0.0'));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    base = git('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'package-lock.json'), LOCK_V1('1.1.0'));
    git('commit', '-q', '-am', 'upgrade');
    head = git('rev-parse', 'HEAD');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (env: NodeJS.ProcessEnv) => {
    let stdout = '';
    const code = await runCli(['check', '--dir', dir, '--base', base, '--head', head, '--format', 'json'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { OSPO_NPM_REGISTRY: REGISTRY, OSPO_DEPSDEV_URL: DEPS_DEV, ...env },
      isTty: false,
      cwd: dir,
    });
    return { code, report: JSON.parse(stdout) as Report };
  };

  it('looks up both versions and reports the license change on upgrade', async () => {
    nock(REGISTRY).get('/relicensed-lib/1.0.0').reply(200, { license: 'Apache-2.0' });
    nock(REGISTRY).get('/relicensed-lib/1.1.0').reply(200, { license: 'BUSL-1.1' });
    const { code, report } = await run({});
    expect(code).toBe(1);
    expect(report.changes).toEqual([expect.objectContaining({ change: 'upgraded', name: 'relicensed-lib', from: '1.0.0', to: '1.1.0', license: 'BUSL-1.1', previousLicense: 'Apache-2.0' })]);
    expect(report.findings.map((f) => [f.rule, f.severity, f.path, f.line])).toEqual([
      ['license/denied', 'error', 'package.json', 4],
      ['license/changed', 'warning', 'package.json', 4],
    ]);
  });

  it('turns a registry outage into unknown licenses and a neutral conclusion, never a pass', async () => {
    nock(REGISTRY).get(/.*/).times(2).reply(503, 'down');
    nock(DEPS_DEV).get(/.*/).times(2).reply(503, 'down');
    const { code, report } = await run({});
    expect(code).toBe(0); // unknown licenses only warn under the permissive preset
    expect(report.conclusion).toBe('neutral');
    expect(report.findings.map((f) => f.rule).sort()).toEqual(['license/unknown', 'metadata/unavailable', 'metadata/unavailable']);
  });

  it('asks nothing with --offline', async () => {
    const { report } = await run({ OSPO_OFFLINE: '1' });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'license/unknown', message: 'relicensed-lib@1.1.0 has no license we can identify: the file records no license, and offline nothing was looked up' }),
    ]);
  });
});
