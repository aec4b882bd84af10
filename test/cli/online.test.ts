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
const OSV = 'https://osv.example.test';
const CLEARLY_DEFINED = 'https://clearlydefined.example.test';

/** deps.dev has none of the versions asked (each request echoed, no `version`): the next source is asked. */
function depsDevKnowsNothing(): void {
  nock(DEPS_DEV)
    .post('/v3alpha/versionbatch')
    .reply(200, (_uri, body) => ({ responses: (body as { requests: unknown[] }).requests.map((request) => ({ request })) }));
}

/** OSV knows no vulnerability of any package asked (an empty result per query, in order). */
function osvFindsNothing(): void {
  nock(OSV)
    .post('/v1/querybatch')
    .reply(200, (_uri, body) => ({ results: (body as { queries: unknown[] }).queries.map(() => ({})) }));
}

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

  const run = async (env: NodeJS.ProcessEnv, extra: string[] = []) => {
    let stdout = '';
    const code = await runCli(['check', '--dir', dir, '--base', base, '--head', head, '--format', 'json', ...extra], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      env: { OSPO_NPM_REGISTRY: REGISTRY, OSPO_DEPSDEV_URL: DEPS_DEV, OSPO_OSV_URL: OSV, OSPO_CLEARLYDEFINED_URL: CLEARLY_DEFINED, ...env },
      isTty: false,
      cwd: dir,
    });
    return { code, report: JSON.parse(stdout) as Report };
  };

  it('looks up both versions (deps.dev, ClearlyDefined, then the registry) and reports the license change on upgrade', async () => {
    depsDevKnowsNothing();
    osvFindsNothing();
    nock(CLEARLY_DEFINED).post('/definitions').reply(200, {});
    nock(REGISTRY).get('/relicensed-lib/1.0.0').reply(200, { license: 'Apache-2.0' });
    nock(REGISTRY).get('/relicensed-lib/1.1.0').reply(200, { license: 'BUSL-1.1' });
    const { code, report } = await run({});
    expect(code).toBe(1);
    expect(report.changes).toEqual([
      expect.objectContaining({ change: 'upgraded', name: 'relicensed-lib', from: '1.0.0', to: '1.1.0', license: 'BUSL-1.1', previousLicense: 'Apache-2.0', licenseSource: `npm registry (${REGISTRY})` }),
    ]);
    expect(report.changes[0]?.licenseUnchecked).toBeUndefined();
    expect(report.findings.map((f) => [f.rule, f.severity, f.path, f.line])).toEqual([
      ['license/denied', 'error', 'package.json', 4],
      ['license/changed', 'warning', 'package.json', 4],
    ]);
  });

  it('keeps what it looked up on disk (OSPO_CACHE_DIR): a second run asks nothing, offline too', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ospo-cache-'));
    try {
      depsDevKnowsNothing();
      osvFindsNothing();
      nock(CLEARLY_DEFINED).post('/definitions').reply(200, {});
      nock(REGISTRY).get('/relicensed-lib/1.0.0').reply(200, { license: 'Apache-2.0' }).get('/relicensed-lib/1.1.0').reply(200, { license: 'BUSL-1.1' });
      const first = await run({ OSPO_CACHE_DIR: cacheDir });
      expect(nock.pendingMocks()).toEqual([]);
      // No interceptor is left and the network is off: any request would fail the run.
      const second = await run({ OSPO_CACHE_DIR: cacheDir });
      expect(second.report).toEqual(first.report);
      expect(second.report.changes[0]).toMatchObject({ license: 'BUSL-1.1', previousLicense: 'Apache-2.0', licenseSource: `npm registry (${REGISTRY})` });
      const offline = await run({ OSPO_CACHE_DIR: cacheDir, OSPO_OFFLINE: '1' });
      expect(offline.report.conclusion).toBe('failure');
      expect(offline.report.findings.map((finding) => finding.rule)).toEqual(['license/denied', 'license/changed']);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('turns a registry outage into licenses not checked and a neutral conclusion, never a pass', async () => {
    // deps.dev fails (503, tried again after Retry-After: 0), ClearlyDefined and the registry too: nothing says the license.
    nock(DEPS_DEV).post('/v3alpha/versionbatch').times(3).reply(503, 'down', { 'retry-after': '0' });
    nock(CLEARLY_DEFINED).post('/definitions').times(3).reply(503, 'down', { 'retry-after': '0' });
    nock(REGISTRY).get(/.*/).times(2).reply(503, 'down');
    osvFindsNothing();
    const { code, report } = await run({});
    expect(code).toBe(0); // neutral exits 0 unless --fail-on neutral
    expect(report.conclusion).toBe('neutral');
    // The first source that failed names the reason; deprecation is deps.dev's alone.
    const depsDevDown = `deps.dev (${DEPS_DEV}) failed (HTTP 503)`;
    expect(report.conclusionReason).toBe(`1 license not checked: ${depsDevDown}; deprecation not checked for 1 package: ${depsDevDown}`);
    expect(report.changes).toEqual([expect.objectContaining({ name: 'relicensed-lib', to: '1.1.0', licenseUnchecked: depsDevDown })]);
    expect(report.changes[0]?.license).toBeUndefined();
    expect(report.findings.map((f) => [f.rule, f.message]).sort()).toEqual([
      ['facts/unchecked', `deprecation not checked for 1 package: ${depsDevDown} — relicensed-lib@1.1.0`],
      ['license/unchecked', `1 license not checked: ${depsDevDown} — relicensed-lib@1.1.0`],
      ['metadata/unavailable', `ClearlyDefined (${CLEARLY_DEFINED}) failed for 2 packages (HTTP 503)`],
      ['metadata/unavailable', `deps.dev (${DEPS_DEV}) failed for 2 packages (HTTP 503)`],
      ['metadata/unavailable', `npm registry (${REGISTRY}) failed for 2 packages (HTTP 503)`],
    ]);
  });

  it('asks nothing with --offline, and says the licenses were not checked', async () => {
    const { code, report } = await run({ OSPO_OFFLINE: '1' });
    expect(code).toBe(0);
    expect(report).toMatchObject({ conclusion: 'neutral', conclusionReason: '1 license not checked: offline; vulnerabilities and deprecation not checked for 1 package: offline' });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'license/unchecked', severity: 'warning', message: '1 license not checked: offline — relicensed-lib@1.1.0' }),
      expect.objectContaining({ rule: 'facts/unchecked', severity: 'warning', message: 'vulnerabilities and deprecation not checked for 1 package: offline — relicensed-lib@1.1.0' }),
    ]);
    expect(report.changes).toEqual([expect.objectContaining({ name: 'relicensed-lib', licenseUnchecked: 'offline' })]);
  });

  it('says "not checked" in the text table, not "license unknown", for a license never looked up', async () => {
    let stdout = '';
    await runCli(['check', '--dir', dir, '--base', base, '--head', head], { stdout: (text) => (stdout += text), stderr: () => undefined, env: { OSPO_OFFLINE: '1' }, isTty: false, cwd: dir });
    expect(stdout).toMatch(/↑ upgraded {2}relicensed-lib {2}1\.0\.0 → 1\.1\.0 {2}not checked {2}runtime, direct/);
    expect(stdout).not.toContain('license unknown');
  });

  it('exits 1 on a neutral conclusion with --fail-on neutral', async () => {
    const { code } = await run({ OSPO_OFFLINE: '1' }, ['--fail-on', 'neutral']);
    expect(code).toBe(1);
  });
});
