import { describe, expect, it } from '@jest/globals';
import { requiredFilesRule } from '../../src/settings/rules/required-files.js';
import { known, notKnown } from '../../src/settings/snapshot.js';
import { files, repositoryPolicyOf, settingsOf } from './fixtures.js';

const policy = repositoryPolicyOf('repository:\n  required-files: [LICENSE, SECURITY.md, CODE_OF_CONDUCT.md, CONTRIBUTING.md, CODEOWNERS]\n');
const byCheck = (results: ReturnType<typeof requiredFilesRule.check>) => Object.fromEntries(results.map((result) => [result.check, `${result.verdict}: ${result.found}`]));

describe('settings/required-files', () => {
  it('finds each file where GitHub looks: LICENSE in the root, the others in the root, .github/ or docs/, any usual extension and case', () => {
    const settings = settingsOf({
      files: files(['LICENSE.txt', 1000], ['.github/SECURITY.md', 200], ['docs/code_of_conduct.md', 300], ['CONTRIBUTING', 50], ['.github/CODEOWNERS', 20]),
      codeownersErrors: known([]),
    });
    expect(byCheck(requiredFilesRule.check(settings, policy))).toEqual({
      LICENSE: 'pass: found at LICENSE.txt',
      'SECURITY.md': 'pass: found at .github/SECURITY.md',
      'CODE_OF_CONDUCT.md': 'pass: found at docs/code_of_conduct.md',
      'CONTRIBUTING.md': 'pass: found at CONTRIBUTING',
      CODEOWNERS: 'pass: found at .github/CODEOWNERS',
      '.github/CODEOWNERS is valid': 'pass: no errors',
    });
  });

  it('does not count a LICENSE outside the root (GitHub does not) and fails an empty file', () => {
    const settings = settingsOf({ files: files(['docs/LICENSE', 1000], ['SECURITY.md', 0]) });
    const results = byCheck(requiredFilesRule.check(settings, repositoryPolicyOf('repository:\n  required-files: [LICENSE, SECURITY.md]\n')));
    expect(results.LICENSE).toBe('fail: no LICENSE in the root');
    expect(results['SECURITY.md']).toBe('fail: SECURITY.md is empty');
  });

  it("falls back to the organization's .github repository for community-health files only", () => {
    const settings = settingsOf({ orgDefaults: files(['SECURITY.md', 120], ['LICENSE', 1000], ['CODEOWNERS', 10]) });
    const results = byCheck(requiredFilesRule.check(settings, policy));
    expect(results['SECURITY.md']).toBe('pass: the organization default applies: acme/.github/SECURITY.md');
    expect(results.LICENSE).toBe('fail: no LICENSE in the root');
    expect(results.CODEOWNERS).toBe('fail: no CODEOWNERS in the root, .github/, docs/');
    expect(results['CONTRIBUTING.md']).toBe('fail: no CONTRIBUTING.md in the root, .github/, docs/, and acme/.github has none to fall back on');
  });

  it('is not verifiable when the org default could not be read, or the files could not be listed', () => {
    const orgHidden = byCheck(requiredFilesRule.check(settingsOf({ orgDefaults: notKnown('GitHub answered 403') }), repositoryPolicyOf('repository:\n  required-files: [SECURITY.md, LICENSE]\n')));
    expect(orgHidden['SECURITY.md']).toBe('not-verifiable: no SECURITY.md in the root, .github/, docs/; the organization default (acme/.github) could not be read: GitHub answered 403');
    expect(orgHidden.LICENSE).toBe('fail: no LICENSE in the root'); // no fallback: the org repository does not matter
    const unlisted = requiredFilesRule.check(settingsOf({ files: notKnown('the tree is truncated') }), policy);
    expect(new Set(unlisted.map((result) => result.verdict))).toEqual(new Set(['not-verifiable']));
  });

  it('fails a CODEOWNERS file GitHub reports errors in, listing them by line', () => {
    const settings = settingsOf({
      files: files(['CODEOWNERS', 40]),
      codeownersErrors: known([{ line: 3, column: 7, kind: 'Unknown owner', source: '*.js @ghost\n', suggestion: null, message: 'Unknown owner on line 3: make sure @ghost exists and has write access to the repository\n\n  *.js @ghost\n       ^', path: 'CODEOWNERS' }]),
    });
    const results = byCheck(requiredFilesRule.check(settings, repositoryPolicyOf('repository:\n  required-files: [CODEOWNERS]\n')));
    expect(results['CODEOWNERS is valid']).toBe('fail: 1 error: line 3: Unknown owner on line 3: make sure @ghost exists and has write access to the repository');
  });

  it('looks up any other entry as a path from the root, exactly', () => {
    const settings = settingsOf({ files: files(['docs/ADR.md', 10], ['NOTICE', 5]) });
    const results = byCheck(requiredFilesRule.check(settings, repositoryPolicyOf('repository:\n  required-files: [docs/ADR.md, NOTICE, docs/missing.md]\n')));
    expect(results).toEqual({ 'docs/ADR.md': 'pass: found at docs/ADR.md', NOTICE: 'pass: found at NOTICE', 'docs/missing.md': 'fail: docs/missing.md does not exist' });
  });
});
