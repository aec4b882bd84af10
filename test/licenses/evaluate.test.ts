import { describe, expect, it } from '@jest/globals';
import { parseLicense } from '../../src/licenses/expression.js';
import { evaluateLicense, sameLicense } from '../../src/licenses/evaluate.js';

const gplDenied = { deny: ['GPL-2.0-only', 'GPL-3.0-only', 'GPL-3.0-or-later', 'GPL-2.0-or-later'] };
const permissiveAllowed = { allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC'] };

describe('parseLicense', () => {
  it('normalises deprecated ids and the + suffix', () => {
    expect(parseLicense('GPL-2.0')).toMatchObject({ known: true, expression: 'GPL-2.0-only' });
    expect(parseLicense('GPL-2.0+')).toMatchObject({ known: true, expression: 'GPL-2.0-or-later' });
    expect(parseLicense('LGPL-2.1')).toMatchObject({ known: true, expression: 'LGPL-2.1-only' });
    expect(parseLicense('GPL-2.0-with-classpath-exception')).toMatchObject({
      known: true,
      expression: 'GPL-2.0-only WITH Classpath-exception-2.0',
    });
    expect(parseLicense('Apache-1.0+')).toMatchObject({ known: true, expression: 'Apache-1.0+' });
  });

  it('expands expressions into alternatives of terms', () => {
    const parsed = parseLicense('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(parsed.known && parsed.alternatives).toEqual([
      [{ license: 'MIT' }, { license: 'BSD-3-Clause' }],
      [{ license: 'Apache-2.0' }, { license: 'BSD-3-Clause' }],
    ]);
  });

  it('corrects common non-SPDX spellings and says so', () => {
    expect(parseLicense('Apache 2.0')).toMatchObject({ known: true, expression: 'Apache-2.0', correctedFrom: 'Apache 2.0' });
    expect(parseLicense('MIT/Apache 2.0')).toMatchObject({ known: true, expression: 'MIT OR Apache-2.0' });
  });

  it.each([
    ['', 'no license declared'],
    ['UNLICENSED', 'UNLICENSED: the author grants no license to use it'],
    ['SEE LICENSE IN LICENSE.md', 'license is only given in a file (SEE LICENSE IN LICENSE.md)'],
    ['NOASSERTION', 'no SPDX license (NOASSERTION)'],
    ['proprietary', 'no SPDX license (proprietary)'],
    ['Do What You Want v9 ((', 'not a valid SPDX expression (Do What You Want v9 (()'],
  ])('%j is unknown: %s', (raw, reason) => {
    expect(parseLicense(raw)).toEqual({ known: false, reason });
  });

  it('treats a missing license as unknown, and never reads UNLICENSED as the Unlicense', () => {
    expect(parseLicense(undefined)).toEqual({ known: false, reason: 'no license found' });
    expect(parseLicense('UNLICENSED').known).toBe(false);
  });
});

describe('evaluateLicense: allow list', () => {
  it('passes A OR B when either side is allowed', () => {
    expect(evaluateLicense('MIT OR GPL-3.0-only', permissiveAllowed).verdict).toBe('allowed');
  });
  it('passes A AND B only when both are allowed', () => {
    expect(evaluateLicense('MIT AND Apache-2.0', permissiveAllowed).verdict).toBe('allowed');
    expect(evaluateLicense('MIT AND GPL-3.0-only', permissiveAllowed)).toEqual({
      verdict: 'denied',
      because: 'not-allowed',
      expression: 'MIT AND GPL-3.0-only',
      terms: ['GPL-3.0-only'],
    });
  });
  it('matches a license with an exception against the bare license', () => {
    expect(evaluateLicense('Apache-2.0 WITH LLVM-exception', permissiveAllowed).verdict).toBe('allowed');
  });
  it('does not let a WITH entry cover the bare license', () => {
    expect(evaluateLicense('GPL-2.0-only', { allow: ['GPL-2.0-only WITH Classpath-exception-2.0'] }).verdict).toBe('denied');
  });
  it('reads deprecated ids before judging', () => {
    expect(evaluateLicense('GPL-2.0', { allow: ['GPL-2.0-only'] }).verdict).toBe('allowed');
  });
  it('calls an unclassified LicenseRef unknown, and allows one the list names', () => {
    expect(evaluateLicense('LicenseRef-acme', permissiveAllowed)).toMatchObject({ verdict: 'unknown' });
    expect(evaluateLicense('LicenseRef-acme', { allow: ['LicenseRef-acme'] }).verdict).toBe('allowed');
    expect(evaluateLicense('MIT OR LicenseRef-acme', permissiveAllowed).verdict).toBe('allowed');
  });
});

describe('evaluateLicense: deny list', () => {
  it('passes MIT OR GPL when GPL is denied (one way out is enough)', () => {
    expect(evaluateLicense('MIT OR GPL-3.0-only', gplDenied).verdict).toBe('allowed');
  });
  it('denies MIT AND GPL when GPL is denied', () => {
    expect(evaluateLicense('MIT AND GPL-3.0-only', gplDenied)).toEqual({
      verdict: 'denied',
      because: 'denied',
      expression: 'MIT AND GPL-3.0-only',
      terms: ['GPL-3.0-only'],
    });
  });
  it('denies when every alternative uses a denied license', () => {
    expect(evaluateLicense('GPL-2.0-only OR GPL-3.0-only', gplDenied).verdict).toBe('denied');
  });
  it('denies a deprecated id of a denied license, and or-later forms', () => {
    expect(evaluateLicense('GPL-3.0', gplDenied).verdict).toBe('denied');
    expect(evaluateLicense('GPL-2.0+', gplDenied).verdict).toBe('denied');
  });
  it('denies a license WITH an exception when the bare license is denied, unless the exact form is allowed', () => {
    const classpath = 'GPL-2.0-only WITH Classpath-exception-2.0';
    expect(evaluateLicense(classpath, gplDenied).verdict).toBe('denied');
    expect(evaluateLicense(classpath, { ...gplDenied, allow: [classpath, 'MIT'] }).verdict).toBe('allowed');
  });
  it('says unknown, not allowed, for unknown texts whatever the lists', () => {
    expect(evaluateLicense('UNLICENSED', gplDenied)).toEqual({ verdict: 'unknown', reason: 'UNLICENSED: the author grants no license to use it' });
    expect(evaluateLicense(undefined, gplDenied).verdict).toBe('unknown');
  });
});

describe('sameLicense', () => {
  it('compares normalised expressions', () => {
    expect(sameLicense('GPL-2.0', 'GPL-2.0-only')).toBe(true);
    expect(sameLicense('(MIT)', 'MIT')).toBe(true);
    expect(sameLicense('MIT', 'BUSL-1.1')).toBe(false);
    expect(sameLicense(undefined, 'MIT')).toBe(false);
  });
});
