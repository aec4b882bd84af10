/**
 * Issue 12, git paths in the CLI: a path with a newline, or bytes that are not UTF-8, is read by
 * object id and shown as it is (escaped where it is not UTF-8); never skipped, never another
 * file's contents, and two paths never fold into one.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/evaluation/report.js';
import { gitPathText } from '../../src/local/git.js';
import { cli, npmLockfile, Repo } from '../helpers/git-repo.js';

const GPL = npmLockfile({ 'gpl-lib': { version: '1.0.0', license: 'GPL-3.0-only' } }, { 'gpl-lib': '^1.0.0' });
const MIT = npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' } }, { 'left-pad': '^1.0.0' });
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

const repos: Repo[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'ospo-paths-'));
const POLICY = join(scratch, 'deny-gpl.yml');
writeFileSync(POLICY, 'licenses:\n  deny: [GPL-3.0-only]\n');
afterAll(() => {
  repos.forEach((repo) => repo.remove());
  rmSync(scratch, { recursive: true, force: true });
});

/** A repository whose commits write files at byte paths (the Repo helper takes text paths only). */
function repoWith(): { repo: Repo; commit: (files: [Buffer, string][]) => string } {
  const repo = new Repo();
  repos.push(repo);
  const commit = (files: [Buffer, string][]) => {
    for (const [path, content] of files) {
      const full = bytes(`${repo.dir}/`, [...path]);
      const slash = full.lastIndexOf(0x2f);
      mkdirSync(full.subarray(0, slash), { recursive: true });
      writeFileSync(full, content);
    }
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'change');
    return repo.git('rev-parse', 'HEAD');
  };
  return { repo, commit };
}

async function checkJson(repo: Repo, args: string[]): Promise<{ code: number; report: Report }> {
  const { code, stdout } = await cli(['check', '--dir', repo.dir, '--format', 'json', '--policy', POLICY, ...args]);
  return { code, report: JSON.parse(stdout) as Report };
}

const denied = (report: Report) => report.findings.filter((finding) => finding.rule === 'license/denied').map((finding) => [finding.path, finding.name]);

describe('gitPathText', () => {
  it.each([
    ['plain ASCII', bytes('a/package-lock.json'), 'a/package-lock.json'],
    ['UTF-8 as it is', bytes('café/x'), 'café/x'],
    ['a newline as it is', bytes('a\nb/x'), 'a\nb/x'],
    ['a Latin-1 byte escaped', bytes('caf', [0xe9], '/x'), 'caf\\xe9/x'],
    ['a UTF-8 character next to a bad byte kept', bytes([0xc3, 0xa9, 0xff]), 'é\\xff'],
    ['a truncated sequence escaped byte by byte', bytes('a', [0xe2, 0x82]), 'a\\xe2\\x82'],
    ['an encoded surrogate escaped', bytes([0xed, 0xa0, 0x80]), '\\xed\\xa0\\x80'],
    ['a backslash doubled when the path has escapes', bytes('a\\', [0xff]), 'a\\\\\\xff'],
    ['a backslash as it is in a UTF-8 path', bytes('a\\xff'), 'a\\xff'],
  ])('%s', (_, input, expected) => {
    expect(gitPathText(input)).toBe(expected);
  });

  it('keeps different byte paths different (a backslash-x name and a real byte)', () => {
    expect(gitPathText(bytes('a\\xff', [0xfe]))).not.toBe(gitPathText(bytes('a', [0xff, 0xfe])));
  });
});

describe('check on odd paths', () => {
  it('judges a lockfile changed under a folder with a newline, with its own contents', async () => {
    const { repo, commit } = repoWith();
    const base = commit([[bytes('a\nb/package-lock.json'), MIT], [bytes('a/package-lock.json'), MIT], [bytes('c/package-lock.json'), MIT]]);
    commit([[bytes('a\nb/package-lock.json'), GPL]]);
    const { code, report } = await checkJson(repo, ['--base', base]);
    expect(code).toBe(1);
    expect(denied(report)).toEqual([['a\nb/package-lock.json', 'gpl-lib']]);
    expect(report.changes.map((change) => [change.change, change.manifest, change.name])).toEqual([
      ['added', 'a\nb/package-lock.json', 'gpl-lib'],
      ['removed', 'a\nb/package-lock.json', 'left-pad'],
    ]);
  });

  it('judges a lockfile changed under a folder that is not UTF-8, shown escaped', async () => {
    const { repo, commit } = repoWith();
    const base = commit([[bytes('caf', [0xe9], '/package-lock.json'), MIT]]);
    commit([[bytes('caf', [0xe9], '/package-lock.json'), GPL]]);
    const { code, report } = await checkJson(repo, ['--base', base]);
    expect(code).toBe(1);
    expect(denied(report)).toEqual([['caf\\xe9/package-lock.json', 'gpl-lib']]);
  });

  it('reads two folders whose names differ only in a byte that is not UTF-8 as two (U+FFFD made them one)', async () => {
    const { repo, commit } = repoWith();
    commit([[bytes('caf', [0xe8], '/package-lock.json'), GPL], [bytes('caf', [0xe9], '/package-lock.json'), MIT]]);
    const { code, report } = await checkJson(repo, ['--base', 'empty']);
    expect(code).toBe(1);
    expect(denied(report)).toEqual([['caf\\xe8/package-lock.json', 'gpl-lib']]);
    expect(report.manifests.map((manifest) => manifest.path).sort()).toEqual(['caf\\xe8/package-lock.json', 'caf\\xe9/package-lock.json']);
  });

  it('stops with exit 2 when a folder is named like another one escaped: one of them would go unread', async () => {
    const { repo, commit } = repoWith();
    commit([[bytes('caf', [0xe9], '/package-lock.json'), GPL], [bytes('caf\\xe9/package-lock.json'), MIT]]);
    const { code, stderr } = await cli(['check', '--dir', repo.dir, '--base', 'empty', '--policy', POLICY]);
    expect(code).toBe(2);
    expect(stderr).toContain('show as the same path, caf\\xe9/package-lock.json (a name that is not UTF-8, escaped, and one written that way); rename one of them');
  });

  it('narrows --dir to a folder with a backslash in its name', async () => {
    const { repo, commit } = repoWith();
    commit([[bytes('we\\ird/package-lock.json'), GPL], [bytes('other/package-lock.json'), GPL]]);
    const { code, stdout } = await cli(['check', '--dir', join(repo.dir, 'we\\ird'), '--base', 'empty', '--format', 'json', '--policy', POLICY]);
    expect(code).toBe(1);
    expect(denied(JSON.parse(stdout) as Report)).toEqual([['we\\ird/package-lock.json', 'gpl-lib']]);
  });
});

describe('the policy file at the base ref', () => {
  it('is an error when it is a symbolic link, not "no policy"', async () => {
    const repo = new Repo();
    repos.push(repo);
    mkdirSync(join(repo.dir, '.github'));
    writeFileSync(join(repo.dir, 'shared.yml'), 'licenses:\n  deny: [GPL-3.0-only]\n');
    symlinkSync('../shared.yml', join(repo.dir, '.github', 'ospo-gatekeeper.yml'));
    const base = repo.commit({ 'README.md': 'x\n' });
    repo.commit({ 'package-lock.json': GPL });
    const { code, stderr } = await cli(['check', '--dir', repo.dir, '--base', base]);
    expect(code).toBe(2);
    expect(stderr).toBe(`ospo-gatekeeper: the policy is invalid:\n.github/ospo-gatekeeper.yml: the policy file is a symbolic link at ${base.slice(0, 12)}, not a regular file\n`);
  });

  it('is not read when it is over 1 MiB', async () => {
    const repo = new Repo();
    repos.push(repo);
    // Valid YAML (one long comment), so only its size can refuse it.
    const base = repo.commit({ '.github/ospo-gatekeeper.yml': `#${'x'.repeat(1024 * 1024)}` });
    repo.commit({ 'package-lock.json': MIT });
    const { code, stderr } = await cli(['check', '--dir', repo.dir, '--base', base]);
    expect(code).toBe(2);
    expect(stderr).toBe('ospo-gatekeeper: the policy is invalid:\n.github/ospo-gatekeeper.yml: the file is 1048577 bytes; a policy file may be at most 1048576 bytes (1 MiB)\n');
  });
});
