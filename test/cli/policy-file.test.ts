/** Issue 12: a policy file named on the command line is read only if it is a regular file, and never past 1 MiB. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, Repo } from '../helpers/git-repo.js';

const scratch = mkdtempSync(join(tmpdir(), 'ospo-policy-'));
const repo = new Repo();
repo.commit({ 'README.md': 'x\n' });
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  repo.remove();
});

const check = (policy: string) => cli(['check', '--dir', repo.dir, '--base', 'empty', '--policy', policy]);

describe('check --policy and validate', () => {
  it('refuse a character device (/dev/zero read for ever)', async () => {
    expect(await check('/dev/zero')).toEqual({ code: 2, stdout: '', stderr: 'ospo-gatekeeper: cannot read policy /dev/zero: it is a character device, not a regular file\n' });
    expect(await cli(['validate', '/dev/zero'])).toEqual({ code: 2, stdout: '', stderr: '/dev/zero: cannot read (it is a character device, not a regular file)\n' });
  });

  it('refuse a FIFO without waiting for a writer', async () => {
    const fifo = join(scratch, 'policy.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await check(fifo)).toMatchObject({ code: 2, stderr: `ospo-gatekeeper: cannot read policy ${fifo}: it is a FIFO (named pipe), not a regular file\n` });
    expect(await cli(['validate', fifo])).toMatchObject({ code: 2, stderr: `${fifo}: cannot read (it is a FIFO (named pipe), not a regular file)\n` });
  });

  it('refuse a directory', async () => {
    const dir = join(scratch, 'a-dir');
    mkdirSync(dir);
    expect(await check(dir)).toMatchObject({ code: 2, stderr: `ospo-gatekeeper: cannot read policy ${dir}: it is a directory, not a regular file\n` });
  });

  it('refuse a file over 1 MiB before reading it', async () => {
    const big = join(scratch, 'big.yml');
    writeFileSync(big, `#${'x'.repeat(1024 * 1024)}`);
    const message = 'the file is 1048577 bytes; a policy file may be at most 1048576 bytes (1 MiB)';
    expect(await check(big)).toMatchObject({ code: 2, stderr: `ospo-gatekeeper: cannot read policy ${big}: ${message}\n` });
    expect(await cli(['validate', big])).toMatchObject({ code: 2, stderr: `${big}: cannot read (${message})\n` });
    const limit = join(scratch, 'limit.yml');
    writeFileSync(limit, `#${'x'.repeat(1024 * 1024 - 2)}\n`);
    expect(await cli(['validate', limit])).toEqual({ code: 0, stdout: `${limit}: valid\n`, stderr: '' });
  });

  it('still report a missing file by its error code', async () => {
    expect(await check(join(scratch, 'nope.yml'))).toMatchObject({ code: 2, stderr: `ospo-gatekeeper: cannot read policy ${join(scratch, 'nope.yml')}: ENOENT\n` });
  });

  it('read a UTF-16 policy with its BOM, as the app and the git reader do', async () => {
    const utf16 = join(scratch, 'utf16.yml');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('licenses:\n  allow: [MIT]\n', 'utf16le')]));
    expect(await cli(['validate', utf16])).toEqual({ code: 0, stdout: `${utf16}: valid\n`, stderr: '' });
  });
});
