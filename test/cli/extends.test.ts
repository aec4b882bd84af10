/** Issue 16, item 2 in the CLI: `extends` a local path (beside the file, on disk or at the base ref) or owner/repo:path with GITHUB_TOKEN. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { isolateNetwork } from '../app/helpers/harness.js';
import { cli, npmLockfile, Repo } from '../helpers/git-repo.js';

beforeAll(isolateNetwork);
afterEach(() => nock.cleanAll());

const scratch = mkdtempSync(join(tmpdir(), 'ospo-extends-'));
const repo = new Repo();
const base = repo.commit({
  '.github/ospo-gatekeeper.yml': 'extends: ../policies/base.yml\nlicenses:\n  unknown: warn\n',
  'policies/base.yml': 'extends: strict\nlicenses:\n  deny: [GPL-3.0-only]\n',
  'package-lock.json': npmLockfile({}, {}),
});
const head = repo.commit({ 'package-lock.json': npmLockfile({ 'gpl-lib': { version: '2.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^2.0.0' }) });
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  repo.remove();
});

const sourcesLine = (stdout: string) => /policy: (.*)$/m.exec(stdout)?.[1];

describe('extends in the CLI', () => {
  it('check: the committed policy extends a file beside it, read at the base ref (not the working tree)', async () => {
    // The working tree's copy would allow everything: it must not count.
    writeFileSync(join(repo.dir, 'policies/base.yml'), 'licenses:\n  allow: [GPL-3.0-only]\n');
    const result = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head]);
    expect(sourcesLine(result.stdout)).toBe('preset:strict + policies/base.yml + .github/ospo-gatekeeper.yml');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('gpl-lib');
  });

  it('check --policy: a local parent relative to the policy file, and one that is missing (exit 2, at its line)', async () => {
    mkdirSync(join(scratch, 'team'), { recursive: true });
    writeFileSync(join(scratch, 'shared.yml'), 'licenses:\n  allow: [MIT, GPL-3.0-only]\n');
    writeFileSync(join(scratch, 'team/policy.yml'), 'extends: ../shared.yml\n');
    const policy = join(scratch, 'team/policy.yml');
    const passed = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--policy', policy]);
    expect(sourcesLine(passed.stdout)).toBe(`${join(scratch, 'shared.yml')} + ${policy}`);
    expect(passed.code).toBe(0);

    writeFileSync(join(scratch, 'team/broken.yml'), 'mode: warn\nextends: ./nowhere.yml\n');
    const broken = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--policy', join(scratch, 'team/broken.yml')]);
    expect(broken).toEqual({
      code: 2,
      stdout: '',
      stderr: `ospo-gatekeeper: the policy is invalid:\n${join(scratch, 'team/broken.yml')}:2:1: extends: ${join(scratch, 'team/nowhere.yml')} could not be read: ENOENT\n`,
    });
  });

  it('validate: a local cycle is an error naming it; an invalid parent is named at the extends line', async () => {
    writeFileSync(join(scratch, 'a.yml'), 'extends: ./b.yml\n');
    writeFileSync(join(scratch, 'b.yml'), 'extends: ./a.yml\n');
    const cycle = await cli(['validate', 'a.yml'], {}, {}, scratch);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toBe('a.yml:1:1: extends: b.yml is invalid: b.yml:1:1: extends: a.yml makes a cycle: a.yml -> b.yml -> a.yml\nb.yml:1:1: extends: a.yml makes a cycle: a.yml -> b.yml -> a.yml\n');

    writeFileSync(join(scratch, 'bad-parent.yml'), 'licenses:\n  unknwon: fail\n');
    writeFileSync(join(scratch, 'child.yml'), 'extends: bad-parent.yml\n');
    const invalid = await cli(['validate', 'child.yml'], {}, {}, scratch);
    expect(invalid.code).toBe(2);
    const [first, second] = invalid.stderr.split('\n');
    expect(first).toMatch(/^child\.yml:1:1: extends: bad-parent\.yml is invalid: bad-parent\.yml:2:3: licenses\.unknwon: unknown key "unknwon"/);
    expect(second).toMatch(/^bad-parent\.yml:2:3: licenses\.unknwon: unknown key "unknwon"/);
  });

  it('owner/repo:path without GITHUB_TOKEN: an error saying it needs one', async () => {
    writeFileSync(join(scratch, 'remote.yml'), 'extends: acme/policies:base.yml@v1\n');
    const result = await cli(['validate', 'remote.yml'], {}, {}, scratch);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'remote.yml:1:1: extends: acme/policies:base.yml@v1 could not be read: reading it from GitHub needs GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise Server)\n',
    });
  });

  it('owner/repo:path with GITHUB_TOKEN: read through the contents API at the ref; a local path in it is refused', async () => {
    const api = 'https://ghes.example.test/api/v3';
    const content = (text: string) => ({ type: 'file', path: 'base.yml', sha: 'a'.repeat(40), size: text.length, encoding: 'base64', content: Buffer.from(text).toString('base64') });
    const scope = nock(api)
      .get('/repos/acme/policies/contents/base.yml')
      .query({ ref: 'v1' })
      .matchHeader('authorization', 'token ghp_test')
      .reply(200, content('licenses:\n  unknown: fail\n'))
      .get('/repos/acme/policies/contents/local.yml')
      .reply(200, content('extends: ./other.yml\n'));
    writeFileSync(join(scratch, 'remote.yml'), 'extends: acme/policies:base.yml@v1\n');
    const env = { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: api };
    expect(await cli(['validate', 'remote.yml'], env, {}, scratch)).toEqual({ code: 0, stdout: 'remote.yml: valid\n', stderr: '' });

    writeFileSync(join(scratch, 'remote-local.yml'), 'extends: acme/policies:local.yml\n');
    const refused = await cli(['validate', 'remote-local.yml'], env, {}, scratch);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('acme/policies:local.yml:1:1: extends: ./other.yml could not be read: acme/policies:local.yml is read from GitHub: the files it extends are named as owner/repo:path[@ref], not as a local path');
    expect(scope.isDone()).toBe(true);
  });
});
