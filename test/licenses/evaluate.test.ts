import { describe, expect, it } from '@jest/globals';
import { parseLicense } from '../../src/licenses/expression.js';
import { evaluateLicense, sameLicense } from '../../src/licenses/evaluate.js';
import { licenseEntryProblem } from '../../src/licenses/lists.js';

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

  it('reads curated non-SPDX spellings and says what was declared', () => {
    expect(parseLicense('Apache 2.0')).toMatchObject({ known: true, expression: 'Apache-2.0', declared: 'Apache 2.0' });
    expect(parseLicense('MIT/Apache 2.0')).toMatchObject({ known: true, expression: 'MIT OR Apache-2.0', declared: 'MIT/Apache 2.0' });
  });

  it('sets no declared text for strict SPDX, whatever the case of the ids', () => {
    for (const text of ['MIT', 'mit', 'GPL-2.0+', '(MIT OR Apache-2.0)', 'LicenseRef-acme', 'GPL-2.0-with-classpath-exception']) {
      const parsed = parseLicense(text);
      expect(parsed.known && 'declared' in parsed).toBe(false);
    }
  });

  it.each([
    ['', 'no license declared'],
    ['UNLICENSED', 'UNLICENSED: the author grants no license to use it'],
    ['SEE LICENSE IN LICENSE.md', 'license is only given in a file (SEE LICENSE IN LICENSE.md)'],
    ['NOASSERTION', 'no SPDX license (NOASSERTION)'],
    ['proprietary', 'no SPDX license (proprietary)'],
  ])('%j is unknown: %s', (raw, reason) => {
    expect(parseLicense(raw)).toEqual({ known: false, reason });
  });

  it('says which word of an invalid text is wrong', () => {
    expect(parseLicense('Do What You Want v9 ((')).toEqual({ known: false, reason: 'not a valid SPDX expression (Do What You Want v9 ((): "Do" is not an SPDX license id' });
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
  it('does not allow a LicenseRef the allow list does not name, and allows one it names', () => {
    expect(evaluateLicense('LicenseRef-acme', permissiveAllowed)).toEqual({
      verdict: 'denied',
      because: 'not-allowed',
      expression: 'LicenseRef-acme',
      terms: ['LicenseRef-acme'],
      reason: 'LicenseRef-acme is a custom license the policy does not name',
    });
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
  it('calls an unclassified LicenseRef unknown under a deny-only policy', () => {
    expect(evaluateLicense('LicenseRef-acme', gplDenied)).toEqual({ verdict: 'unknown', expression: 'LicenseRef-acme', reason: 'LicenseRef-acme is a custom license the policy does not name' });
  });
  it('says unknown, not allowed, for unknown texts whatever the lists', () => {
    expect(evaluateLicense('UNLICENSED', gplDenied)).toEqual({ verdict: 'unknown', reason: 'UNLICENSED: the author grants no license to use it' });
    expect(evaluateLicense(undefined, gplDenied).verdict).toBe('unknown');
  });
});

describe('evaluateLicense: declared text and caching', () => {
  it('carries the declared text into every verdict', () => {
    expect(evaluateLicense('Apache 2.0', permissiveAllowed)).toEqual({ verdict: 'allowed', expression: 'Apache-2.0', declared: 'Apache 2.0' });
    expect(evaluateLicense('GPLv3+', gplDenied)).toEqual({
      verdict: 'denied',
      because: 'denied',
      expression: 'GPL-3.0-or-later',
      terms: ['GPL-3.0-or-later'],
      declared: 'GPLv3+',
    });
    expect(evaluateLicense('MIT/LicenseRef-x', gplDenied)).toEqual({ verdict: 'allowed', expression: 'MIT OR LicenseRef-x', declared: 'MIT/LicenseRef-x' });
    expect(evaluateLicense('LicenseRef-x/LicenseRef-y', gplDenied)).toMatchObject({ verdict: 'unknown', declared: 'LicenseRef-x/LicenseRef-y' });
  });
  it('returns the cached verdict for the same lists object and text, and judges other lists afresh', () => {
    const lists = { allow: ['MIT'] };
    const first = evaluateLicense('MIT OR GPL-3.0-only', lists);
    expect(evaluateLicense('MIT OR GPL-3.0-only', lists)).toBe(first);
    expect(evaluateLicense('MIT OR GPL-3.0-only', { allow: ['ISC'] }).verdict).toBe('denied');
  });
  it('fails loudly on a list entry that is not a single license, instead of matching nothing', () => {
    expect(() => evaluateLicense('MIT', { deny: ['GPLv3'] })).toThrow('licenses list entry "GPLv3" is not a single SPDX license id');
    expect(() => evaluateLicense('MIT', { allow: ['MIT OR ISC'] })).toThrow('is not a single SPDX license id');
  });
});

describe('sameLicense', () => {
  it('compares normalised expressions', () => {
    expect(sameLicense('GPL-2.0', 'GPL-2.0-only')).toBe(true);
    expect(sameLicense('(MIT)', 'MIT')).toBe(true);
    expect(sameLicense('MIT', 'BUSL-1.1')).toBe(false);
    expect(sameLicense(undefined, 'MIT')).toBe(false);
  });
  it('reads table spellings, case and operand order before comparing', () => {
    expect(sameLicense('Apache 2.0', 'Apache-2.0')).toBe(true);
    expect(sameLicense('mit', 'MIT')).toBe(true);
    expect(sameLicense('LicenseRef-Acme', 'licenseref-acme')).toBe(true);
    expect(sameLicense('MIT OR Apache-2.0', 'Apache-2.0 OR MIT')).toBe(true);
    expect(sameLicense('MIT/Apache-2.0', '(Apache-2.0 OR MIT)')).toBe(true);
    expect(sameLicense('(MIT OR ISC) AND Zlib', 'MIT AND Zlib OR ISC AND Zlib')).toBe(true);
  });
  it('tells apart licenses that differ only in operator, version or exception', () => {
    expect(sameLicense('MIT OR Apache-2.0', 'MIT AND Apache-2.0')).toBe(false);
    expect(sameLicense('GPL-2.0-only', 'GPL-2.0-or-later')).toBe(false);
    expect(sameLicense('GPL-2.0-only', 'GPL-2.0-only WITH Classpath-exception-2.0')).toBe(false);
    expect(sameLicense('BSD', 'BSD-3-Clause')).toBe(false);
  });
  it('compares two unknown texts as written, ignoring case and surrounding space', () => {
    expect(sameLicense('Custom', ' custom ')).toBe(true);
    expect(sameLicense('BSD', 'GPL')).toBe(false);
  });
});

describe('licenseEntryProblem (for the policy schema)', () => {
  it.each(['MIT', 'mit', 'GPL-2.0-or-later', 'GPL-2.0+', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-Acme', 'DocumentRef-x'])('accepts the single license %j', (entry) => {
    expect(licenseEntryProblem(entry)).toBeUndefined();
  });
  it.each([
    ['MIT OR ISC', '"MIT OR ISC" is an expression; list single licenses (one per entry)'],
    ['GPLv3', '"GPLv3" is not an SPDX license id: "GPLv3" says GPL 3.0 but not whether later versions are allowed: write GPL-3.0-only or GPL-3.0-or-later'],
    ['Apache 2.0', '"Apache 2.0" is not an SPDX license id: write Apache-2.0'],
    ['MIT/ISC', '"MIT/ISC" is an expression; list single licenses (one per entry)'],
    ['Foo', '"Foo" is not an SPDX license id'],
    ['UNLICENSED', '"UNLICENSED" is not an SPDX license id: UNLICENSED: the author grants no license to use it'],
    ['MIT WITH Apache-2.0', '"MIT WITH Apache-2.0" is not an SPDX license id: Apache-2.0 is a license, not a license exception: WITH takes an id from the SPDX exceptions list (e.g. Classpath-exception-2.0)'],
  ])('rejects %j', (entry, problem) => {
    expect(licenseEntryProblem(entry)).toBe(problem);
  });
});
