import { describe, expect, it } from '@jest/globals';
import { parseLicense } from '../../src/licenses/expression.js';
import { parseExpression } from '../../src/licenses/parser.js';
import { versionsOf } from '../../src/licenses/spdx-data.js';
import { licenseCategories } from '../../src/policy/presets.js';

const expressionOf = (text: string) => {
  const parsed = parseLicense(text);
  return parsed.known ? parsed.expression : `unknown: ${parsed.reason}`;
};

describe('parseExpression: precedence and normal form', () => {
  it('binds WITH tighter than AND, and AND tighter than OR (SPDX Annex D)', () => {
    const parsed = parseLicense('MIT OR Apache-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0');
    expect(parsed.known && parsed.alternatives).toEqual([
      [{ license: 'MIT' }],
      [{ license: 'Apache-2.0' }, { license: 'GPL-2.0-only', exception: 'Classpath-exception-2.0' }],
    ]);
  });

  it('prints operators in upper case, ids in the list case, and parentheses only where needed', () => {
    expect(expressionOf('mit or (apache-2.0 or isc)')).toBe('MIT OR Apache-2.0 OR ISC');
    expect(expressionOf('(MIT OR ISC) AND Zlib')).toBe('(MIT OR ISC) AND Zlib');
    expect(expressionOf('MIT AND (ISC AND Zlib)')).toBe('MIT AND ISC AND Zlib');
    expect(expressionOf('gpl-2.0-only with classpath-exception-2.0')).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
  });

  it('expands AND over OR into every combination', () => {
    const parsed = parseLicense('(MIT OR ISC) AND (Zlib OR 0BSD)');
    expect(parsed.known && parsed.alternatives.length).toBe(4);
  });

  it('keeps the author part of a LicenseRef as written and puts the prefixes in SPDX case', () => {
    expect(expressionOf('licenseref-Acme')).toBe('LicenseRef-Acme');
    expect(expressionOf('documentref-tool:licenseref-x')).toBe('DocumentRef-tool:LicenseRef-x');
  });

  it('reports lower-case operators so the caller can show the declared text', () => {
    expect(parseExpression('MIT OR ISC')).toMatchObject({ ok: true, lowerCaseOperator: false });
    expect(parseExpression('MIT or ISC')).toMatchObject({ ok: true, lowerCaseOperator: true });
    expect(parseExpression('mit')).toMatchObject({ ok: true, lowerCaseOperator: false });
  });
});

describe('parseExpression: errors', () => {
  it.each([
    ['', 'the expression is empty'],
    ['MIT AND', 'AND needs a license on both sides'],
    ['OR MIT', 'OR needs a license on both sides'],
    ['(MIT', 'a "(" is never closed'],
    ['MIT)', 'a ")" has no matching "("'],
    ['MIT ISC', '"ISC" follows a complete expression without AND or OR'],
    ['MIT WITH', 'WITH needs a license exception after it'],
    ['(MIT) WITH LLVM-exception', 'WITH applies to a single license, not to a parenthesised expression'],
    ['MIT WITH MIT', 'MIT is a license, not a license exception: WITH takes an id from the SPDX exceptions list (e.g. Classpath-exception-2.0)'],
    ['MIT WITH Foo-exception', '"Foo-exception" is not an SPDX license exception'],
    ['Classpath-exception-2.0', 'Classpath-exception-2.0 is a license exception, not a license: it goes after WITH'],
    ['GPL-2.0-with-classpath-exception WITH LLVM-exception', 'GPL-2.0-with-classpath-exception already includes an exception (Classpath-exception-2.0)'],
    ['MIT WITH AdditionRef-x', 'custom additions (AdditionRef-x) are not supported: name the license in a policy exception instead'],
    ['LicenseRef-a_b', '"LicenseRef-a_b" is not a well-formed custom license id (LicenseRef-<letters, digits, . and ->)'],
    ['Foo', '"Foo" is not an SPDX license id'],
  ])('%j: %s', (text, error) => {
    expect(parseExpression(text)).toEqual({ ok: false, error });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(10_000)}MIT${')'.repeat(10_000)}`;
    expect(parseExpression(deep)).toEqual({ ok: false, error: 'parentheses nest deeper than 64 levels' });
    expect(parseExpression(`${'('.repeat(20)}MIT${')'.repeat(20)}`).ok).toBe(true);
  });

  it('calls an expression with more alternatives than any real license unknown, rather than expanding it', () => {
    // 11 groups of (A OR B) joined by AND: 2^11 = 2048 alternatives, over the limit of 1024.
    const text = Array.from({ length: 11 }, () => '(MIT OR ISC)').join(' AND ');
    expect(parseLicense(text)).toEqual({ known: false, reason: 'the expression has too many alternatives to judge (2048)' });
  });
});

describe('versionsOf', () => {
  it.each([
    ['GPL-2.0-or-later', ['GPL-2.0-only', 'GPL-3.0-only']],
    ['GPL-1.0-or-later', ['GPL-1.0-only', 'GPL-2.0-only', 'GPL-3.0-only']],
    ['GPL-3.0-or-later', ['GPL-3.0-only']],
    ['LGPL-2.0-or-later', ['LGPL-2.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only']],
    ['LGPL-2.1-or-later', ['LGPL-2.1-only', 'LGPL-3.0-only']],
    ['AGPL-1.0-or-later', ['AGPL-1.0-only', 'AGPL-3.0-only']],
    ['GFDL-1.2-invariants-or-later', ['GFDL-1.2-invariants-only', 'GFDL-1.3-invariants-only']],
    ['Apache-1.0+', ['Apache-1.0', 'Apache-1.1', 'Apache-2.0']],
    ['MPL-1.1+', ['MPL-1.1', 'MPL-2.0']],
    ['LPPL-1.3a+', ['LPPL-1.3a', 'LPPL-1.3c']],
    ['MIT+', ['MIT']],
    ['GPL-2.0-only', ['GPL-2.0-only']],
  ])('%s may be used under %j', (license, versions) => {
    // Expected versions read off the SPDX license list (spdx-license-ids), not from the code.
    expect(versionsOf({ license }).map((version) => version.license)).toEqual(versions);
  });

  it('keeps the exception on every version', () => {
    expect(versionsOf({ license: 'GPL-2.0-or-later', exception: 'Classpath-exception-2.0' })).toEqual([
      { license: 'GPL-2.0-only', exception: 'Classpath-exception-2.0' },
      { license: 'GPL-3.0-only', exception: 'Classpath-exception-2.0' },
    ]);
  });
});

describe('license categories', () => {
  it('name only valid, current SPDX ids (a typo there would silently deny or allow nothing)', () => {
    for (const [category, ids] of licenseCategories()) {
      for (const id of ids) expect(`${category}: ${expressionOf(id)}`).toBe(`${category}: ${id}`);
    }
  });
});
