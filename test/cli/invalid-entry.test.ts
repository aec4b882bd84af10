import { afterAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import { cli, npmLockfile, Repo } from '../helpers/git-repo.js';

describe('a lockfile with one malformed entry', () => {
  const repo = new Repo();
  const base = repo.commit({ 'package-lock.json': npmLockfile({}, {}) }, 'base');
  // The lockfile is valid JSON; one entry is null (hand-edited or hostile), the other is fine.
  const lock = npmLockfile({ 'left-pad': { version: '1.3.0', license: 'MIT' } }, { 'left-pad': '^1.3.0', hidden: '^1.0.0' }).replace(
    '"node_modules/left-pad"',
    '"node_modules/hidden": null,\n    "node_modules/left-pad"',
  );
  const head = repo.commit({ 'package-lock.json': lock }, 'head');
  afterAll(() => repo.remove());

  it('fails on the bad entry and still reports the valid one', async () => {
    const { code, stdout } = await cli(['check', '--dir', repo.dir, '--base', base, '--head', head, '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'manifest/invalid-entry', severity: 'error', path: 'package-lock.json' }), expect.objectContaining({ rule: 'facts/unchecked', incomplete: true })]);
    expect(report.changes.map((change) => `${change.change} ${change.name}@${change.to}`)).toEqual(['added left-pad@1.3.0']);
  });
});
