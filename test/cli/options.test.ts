import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { Report } from '../../src/evaluation/report.js';
import { CACHE_VARIABLES } from '../../src/metadata/cache-config.js';
import { METADATA_VARIABLES } from '../../src/metadata/config.js';
import { cli, npmLockfile, packageJson, Repo } from '../helpers/git-repo.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** Every variable the CLI reads, by name (METADATA_VARIABLES may say `A (alias B)`). */
const VARIABLES = ['OSPO_NOW', 'NO_COLOR', ...[...METADATA_VARIABLES, ...CACHE_VARIABLES].flatMap(([name]) => name.match(/[A-Z][A-Z_]+[A-Z]/g) ?? [])];

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j prints the commands and exits 0', async (args) => {
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ospo-gatekeeper <command> [options]');
    expect(stdout).toContain('check     judge the dependency changes');
  });

  it.each([[['check', '--help']], [['check', '-h']], [['check', '--dir', '/nonexistent', '-h']]])('%j prints the check options and exits 0', async (args) => {
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ospo-gatekeeper check [--dir PATH]');
    expect(stdout).toContain('--fail-on neutral');
  });

  it('prints validate help', async () => {
    expect(await cli(['validate', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: ospo-gatekeeper validate FILE...') });
    expect(await cli(['validate', '-h'])).toMatchObject({ code: 0 });
  });

  it.each([[['--version']], [['-V']]])('%j prints the version', async (args) => {
    expect(await cli(args)).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  });

  it('lists every environment variable in --help and in the README', async () => {
    const { stdout } = await cli(['check', '--help']);
    expect(VARIABLES.length).toBeGreaterThanOrEqual(8);
    for (const name of VARIABLES) {
      expect(stdout).toContain(name);
      expect(README).toContain(`\`${name}`);
    }
  });

  it('prints usage on stderr and exits 2 without a command', async () => {
    expect(await cli([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('Usage: ospo-gatekeeper <command>') });
  });
});

describe('environment and option errors exit 2 with one line', () => {
  const repo = new Repo();
  beforeAll(() => {
    repo.commit({ 'package.json': packageJson({}) });
  });
  afterAll(() => repo.remove());

  it.each([
    [{ OSPO_DEPSDEV_URL: 'not-a-url' }, 'ospo-gatekeeper: OSPO_DEPSDEV_URL=not-a-url is not a URL (expected like https://mirror.example.com)\n'],
    [{ OSPO_METADATA_TIMEOUT_MS: '-5' }, 'ospo-gatekeeper: OSPO_METADATA_TIMEOUT_MS=-5 must be a positive whole number of milliseconds\n'],
    [{ OSPO_NOW: 'yesterday' }, 'ospo-gatekeeper: OSPO_NOW is not an ISO date: yesterday\n'],
  ])('%j', async (env, stderr) => {
    expect(await cli(['check', '--dir', repo.dir], env)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('rejects --fail-on with anything but neutral, and a --dir that is not a folder', async () => {
    expect(await cli(['check', '--dir', repo.dir, '--fail-on', 'warning'])).toMatchObject({ code: 2, stderr: 'ospo-gatekeeper: --fail-on takes "neutral" (got warning)\n' });
    expect(await cli(['check', '--dir', join(repo.dir, 'package.json')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not a directory\n$/) });
    expect(await cli(['check', '--dir', join(repo.dir, 'nope')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/does not exist\n$/) });
  });
});

describe('check --dir inside a larger checkout', () => {
  const repo = new Repo();
  beforeAll(() => {
    repo.commit({
      '.github/ospo-gatekeeper.yml': 'licenses:\n  deny: [GPL-3.0-only, BUSL-1.1]\n',
      'package.json': packageJson({ 'gpl-lib': '^1.0.0' }),
      'package-lock.json': npmLockfile({ 'gpl-lib': { version: '1.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^1.0.0' }),
      'crates/index/package.json': packageJson({ 'left-pad': '^1.0.0', 'bsl-lib': '^1.0.0' }),
      'crates/index/package-lock.json': npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' }, 'bsl-lib': { version: '2.0.0', license: 'BUSL-1.1' } }, { 'left-pad': '^1.0.0', 'bsl-lib': '^1.0.0' }),
    });
  });
  afterAll(() => repo.remove());

  it('evaluates exactly that subtree, paths shown from the repository root, under the root policy', async () => {
    const { code, stdout } = await cli(['check', '--dir', join(repo.dir, 'crates/index'), '--base', 'empty', '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.manifests).toEqual([{ path: 'crates/index/package-lock.json', ecosystem: 'npm', packages: 2 }]);
    expect(report.changes.map((change) => `${change.manifest} ${change.name}@${change.to}`)).toEqual(['crates/index/package-lock.json bsl-lib@2.0.0', 'crates/index/package-lock.json left-pad@1.3.0']);
    // The root policy denies BUSL-1.1; the GPL package at the root is outside the subtree.
    expect(report.findings.map((finding) => [finding.rule, finding.purl, finding.path])).toEqual([
      ['license/denied', 'pkg:npm/bsl-lib@2.0.0', 'crates/index/package.json'],
      ['facts/unchecked', undefined, undefined], // offline: vulnerabilities and deprecation not looked up
    ]);
    expect(code).toBe(1);
  });

  it('works from a relative --dir and says which subtree it read', async () => {
    const { stdout } = await cli(['check', '--dir', 'crates/index', '--base', 'empty'], {}, {}, repo.dir);
    expect(stdout).toContain('· only crates/index/ ·');
    expect(stdout).not.toContain('gpl-lib');
  });
});

describe('paths git can hold but text can not', () => {
  const repo = new Repo();
  beforeAll(() => {
    const gpl = npmLockfile({ 'gpl-lib': { version: '1.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^1.0.0' });
    const mit = npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' } }, { 'left-pad': '^1.0.0' });
    // A folder name with a newline used to shift every later file of `git cat-file --batch` by one.
    mkdirSync(join(repo.dir, 'a\nb'));
    writeFileSync(join(repo.dir, 'a\nb', 'package-lock.json'), gpl);
    mkdirSync(join(repo.dir, 'z'));
    writeFileSync(join(repo.dir, 'z', 'package-lock.json'), mit);
    // A folder name that is not UTF-8 (Latin-1 `café`) used to be reported missing and skipped;
    // it is shown with the odd byte escaped (U+FFFD made different names one: test/cli/git-paths.test.ts).
    const latin1 = Buffer.concat([Buffer.from(`${repo.dir}/caf`), Buffer.from([0xe9])]);
    mkdirSync(latin1);
    writeFileSync(Buffer.concat([latin1, Buffer.from('/package-lock.json')]), gpl);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'odd paths');
  });
  afterAll(() => repo.remove());

  it('reads every file by object id: both GPL lockfiles are found and nothing is attributed to the wrong file', async () => {
    const policy = join(repo.dir, 'policy.yml');
    writeFileSync(policy, 'licenses:\n  deny: [GPL-3.0-only]\n');
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', 'empty', '--format', 'json', '--policy', policy]);
    const report = JSON.parse(stdout) as Report;
    expect(code).toBe(1);
    const byManifest = report.changes.map((change) => [change.manifest, change.name]).sort();
    expect(byManifest).toEqual([
      ['a\nb/package-lock.json', 'gpl-lib'],
      ['caf\\xe9/package-lock.json', 'gpl-lib'],
      ['z/package-lock.json', 'left-pad'],
    ]);
    expect(report.findings.filter((finding) => finding.rule === 'license/denied')).toHaveLength(2);
  });
});

describe('GitHub Actions in the CLI', () => {
  const repo = new Repo();
  const OLD = '1111111111111111111111111111111111111111';
  const NEW = '2222222222222222222222222222222222222222';
  const workflow = (sha: string, tag: string) => `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${sha} # ${tag}\n`;
  let base = '';
  let head = '';
  beforeAll(() => {
    nock.disableNetConnect();
    base = repo.commit({ '.github/workflows/ci.yml': workflow(OLD, 'v4.1.0') });
    head = repo.commit({ '.github/workflows/ci.yml': workflow(NEW, 'v4.2.2') });
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    repo.remove();
  });

  it('shows SHAs short with their tags, and says the licenses were not checked without a token', async () => {
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head], { OSPO_OFFLINE: '', OSPO_NPM_REGISTRY_URL: 'https://r.test', OSPO_DEPSDEV_URL: 'https://d.test' });
    expect(code).toBe(0);
    expect(stdout).toContain('NEUTRAL');
    expect(stdout).toContain('1 license not checked: no GITHUB_TOKEN to ask the GitHub API');
    expect(stdout).toMatch(/↑ upgraded {2}actions\/checkout {2}1111111 \(v4\.1\.0\) → 2222222 \(v4\.2\.2\)/);
    expect(stdout).not.toContain(NEW);
  });

  it('reads the action license from the GitHub API with GITHUB_TOKEN, at the pinned commit', async () => {
    const api = nock('https://api.github.test', { reqheaders: { authorization: 'Bearer abc' } })
      .get('/repos/actions/checkout/license').query({ ref: NEW }).reply(200, { license: { spdx_id: 'MIT' } })
      .get('/repos/actions/checkout/license').query({ ref: OLD }).reply(200, { license: { spdx_id: 'MIT' } });
    // OSV is asked for the action's vulnerabilities at the commit: it knows none.
    const osv = nock('https://osv.test')
      .post('/v1/querybatch', (body: { queries: { package: { ecosystem: string; name: string } }[] }) => body.queries.every((query) => query.package.ecosystem === 'GitHub Actions' && query.package.name === 'actions/checkout'))
      .reply(200, { results: [{}, {}] });
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--format', 'json'], {
      OSPO_OFFLINE: '',
      GITHUB_TOKEN: 'abc',
      OSPO_GITHUB_API_URL: 'https://api.github.test',
      OSPO_OSV_URL: 'https://osv.test',
    });
    expect(osv.isDone()).toBe(true);
    const report = JSON.parse(stdout) as Report;
    expect(api.isDone()).toBe(true);
    expect(code).toBe(0);
    expect(report.conclusion).toBe('success');
    expect(report.changes).toEqual([
      expect.objectContaining({ change: 'upgraded', name: 'actions/checkout', from: OLD, to: NEW, fromTag: 'v4.1.0', toTag: 'v4.2.2', license: 'MIT', licenseSource: 'GitHub API (https://api.github.test)' }),
    ]);
  });

  it('fails a tag pin under actions.pin: sha', async () => {
    const pinned = new Repo();
    try {
      pinned.commit({ '.github/ospo-gatekeeper.yml': 'actions:\n  pin: sha\n' });
      const before = pinned.commit({ '.github/workflows/ci.yml': workflow(OLD, 'v4.1.0') });
      const after = pinned.commit({ '.github/workflows/ci.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' });
      const { code, stdout } = await cli(['check', '--dir', pinned.dir, '--base', before, '--head', after, '--format', 'json']);
      expect(code).toBe(1);
      expect((JSON.parse(stdout) as Report).findings).toEqual([
        expect.objectContaining({ rule: 'actions/unpinned', severity: 'error', path: '.github/workflows/ci.yml', line: 6 }),
        expect.objectContaining({ rule: 'license/unchecked' }),
        expect.objectContaining({ rule: 'facts/unchecked' }),
      ]);
    } finally {
      pinned.remove();
    }
  });
});

describe('progress and SARIF provenance', () => {
  const repo = new Repo();
  let base = '';
  let head = '';
  const lockV1 = (version: string) => `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies: { slow: { version } } }, null, 2)}\n`;
  beforeAll(() => {
    nock.disableNetConnect();
    base = repo.commit({ 'package.json': packageJson({ slow: '^1.0.0' }), 'package-lock.json': lockV1('1.0.0') });
    head = repo.commit({ 'package-lock.json': lockV1('1.1.0') });
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/app.git');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    repo.remove();
  });

  it('shows lookup progress on a terminal stderr once lookups take over a second, then clears it', async () => {
    nock('https://r.test').get('/slow/1.0.0').delay(1100).reply(200, { license: 'MIT' }).get('/slow/1.1.0').reply(200, { license: 'MIT' });
    const { code, stderr } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head], { OSPO_OFFLINE: '', OSPO_NPM_REGISTRY_URL: 'https://r.test' }, { stderr: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^(\rlooking up licenses: [12]\/2)+\r\u001b\[K$/);
  });

  it('prints no progress when stderr is not a terminal', async () => {
    nock('https://r.test').get('/slow/1.0.0').delay(1100).reply(200, { license: 'MIT' }).get('/slow/1.1.0').reply(200, { license: 'MIT' });
    const { stderr } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head], { OSPO_OFFLINE: '', OSPO_NPM_REGISTRY_URL: 'https://r.test' });
    expect(stderr).toBe('');
  });

  it('names the repository from the origin remote in SARIF', async () => {
    const { stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--format', 'sarif']);
    const sarif = JSON.parse(stdout) as { runs: { versionControlProvenance?: { repositoryUri: string; revisionId: string }[] }[] };
    expect(sarif.runs[0]?.versionControlProvenance).toEqual([{ repositoryUri: 'https://github.com/acme/app', revisionId: head }]);
  });
});

describe('licenses read through the normalisation table, in the outputs', () => {
  const repo = new Repo();
  beforeAll(() => {
    repo.commit({
      'package.json': packageJson({ spelled: '^1.0.0' }),
      'package-lock.json': npmLockfile({ spelled: { version: '1.0.0', license: 'Apache 2.0' } }, { spelled: '^1.0.0' }),
    });
  });
  afterAll(() => repo.remove());

  it('gives the SPDX reading as license and the text as declaredLicense in JSON, both in text and markdown', async () => {
    const json = JSON.parse((await cli(['check', '--dir', repo.dir, '--base', 'empty', '--format', 'json'])).stdout) as Report;
    expect(json.changes).toEqual([expect.objectContaining({ name: 'spelled', license: 'Apache-2.0', declaredLicense: 'Apache 2.0', licenseSource: 'package-lock.json' })]);
    expect((await cli(['check', '--dir', repo.dir, '--base', 'empty'])).stdout).toContain('spelled  1.0.0  Apache-2.0 (declared "Apache 2.0")');
    expect((await cli(['check', '--dir', repo.dir, '--base', 'empty', '--format', 'markdown'])).stdout).toContain('| Apache-2.0 (declared "Apache 2.0") |');
  });
});
