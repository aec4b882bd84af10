/**
 * The license decision table: raw text, lists, the verdict the rules demand, and why. Every
 * expected verdict is derived from the SPDX spec and the policy semantics in
 * src/licenses/evaluate.ts and lists.ts (read the `why`), never from running the code.
 * Category contents are those of policies/license-categories.yml.
 */
import { licenseCategories } from '../../src/policy/presets.js';

/** As src/policy/load.ts expandCategories: a category name becomes its ids, anything else stays. */
function expand(...entries: string[]): string[] {
  const categories = licenseCategories();
  return [...new Set(entries.flatMap((entry) => categories.get(entry) ?? [entry]))];
}

export const LISTS = {
  none: {},
  permissive: { allow: expand('permissive') },
  short: { allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC'] },
  lowerCase: { allow: ['mit', 'apache-2.0', 'LicenseRef-Acme-Internal'] },
  allowCustom: { allow: ['MIT', 'licenseref-acme-internal'] },
  denyCopyleft: { deny: expand('copyleft') },
  denyStrong: { deny: expand('strong-copyleft') },
  denyNetwork: { deny: expand('network-copyleft') },
  denyGpl2Only: { deny: ['GPL-2.0-only'] },
  denyGplOnly: { deny: ['GPL-2.0-only', 'GPL-3.0-only'] },
  denyGpl2OrLater: { deny: ['GPL-2.0-or-later'] },
  denyLgpl21Only: { deny: ['LGPL-2.1-only'] },
  denyApache1: { deny: ['Apache-1.0', 'Apache-1.1'] },
  denyWith: { deny: ['GPL-2.0-only WITH Classpath-exception-2.0'] },
  denyCustom: { deny: ['LicenseRef-Evil', ...expand('strong-copyleft')] },
  allowGpl3: { allow: ['MIT', 'GPL-3.0-only'] },
  allowOrLaterEntry: { allow: ['GPL-2.0-or-later'] },
  allowGpl3DenyGpl2: { allow: ['GPL-3.0-only'], deny: ['GPL-2.0-only'] },
  overlapGpl3: { allow: ['GPL-3.0-only'], deny: ['GPL-3.0-only'] },
  both: { allow: expand('permissive', 'weak-copyleft'), deny: expand('strong-copyleft', 'network-copyleft') },
  classpath: { allow: ['MIT', 'GPL-2.0-only WITH Classpath-exception-2.0'], deny: expand('strong-copyleft') },
  classpathOrLater: { allow: ['GPL-2.0-or-later WITH Classpath-exception-2.0'], deny: expand('strong-copyleft') },
} as const;

export type ListName = keyof typeof LISTS;

export interface Case {
  raw: string | undefined;
  lists: ListName;
  verdict: 'allowed' | 'denied' | 'unknown';
  why: string;
  expression?: string;
  because?: 'denied' | 'not-allowed';
  terms?: string[];
  declared?: string;
  /** A part of the reason that must be there (the hint, the syntax error). */
  reason?: string;
}

const c = (raw: string | undefined, lists: ListName, verdict: Case['verdict'], why: string, more: Partial<Case> = {}): Case => ({ raw, lists, verdict, why, ...more });

const VALID_UNDER_ALLOW: Case[] = [
  c('MIT', 'permissive', 'allowed', 'a listed id'),
  c('mit', 'permissive', 'allowed', 'ids match case-insensitively (Annex D); printed in the list case', { expression: 'MIT' }),
  c('Apache-2.0', 'permissive', 'allowed', 'a listed id'),
  c('apache-2.0', 'permissive', 'allowed', 'case-insensitive id', { expression: 'Apache-2.0' }),
  c('bsd-3-clause', 'permissive', 'allowed', 'case-insensitive id', { expression: 'BSD-3-Clause' }),
  c('zlib', 'permissive', 'allowed', 'case-insensitive id', { expression: 'Zlib' }),
  c('ISC', 'permissive', 'allowed', 'a listed id'),
  c('0BSD', 'permissive', 'allowed', 'public-domain is part of permissive'),
  c('Unlicense', 'permissive', 'allowed', 'public-domain is part of permissive'),
  c('WTFPL', 'permissive', 'allowed', 'public-domain is part of permissive'),
  c('CC0-1.0', 'permissive', 'allowed', 'public-domain is part of permissive'),
  c('Python-2.0', 'permissive', 'allowed', 'a listed id'),
  c('BlueOak-1.0.0', 'permissive', 'allowed', 'a listed id'),
  c('MIT-0', 'permissive', 'allowed', 'a listed id'),
  c('X11', 'permissive', 'allowed', 'a listed id'),
  c('((MIT))', 'permissive', 'allowed', 'redundant parentheses are valid SPDX', { expression: 'MIT' }),
  c('(MIT OR Apache-2.0)', 'permissive', 'allowed', 'both alternatives allowed', { expression: 'MIT OR Apache-2.0' }),
  c('Apache-2.0 OR MIT', 'permissive', 'allowed', 'either alternative is enough'),
  c('BSD-3-Clause AND MIT', 'permissive', 'allowed', 'AND: both terms allowed'),
  c('(MIT AND Zlib)', 'permissive', 'allowed', 'AND: both terms allowed', { expression: 'MIT AND Zlib' }),
  c('(BSD-2-Clause OR MIT OR Apache-2.0)', 'permissive', 'allowed', 'any alternative allowed'),
  c('(MIT OR CC0-1.0)', 'permissive', 'allowed', 'any alternative allowed'),
  c('(MIT OR GPL-3.0-or-later)', 'permissive', 'allowed', 'OR: one allowed side is a way out'),
  c('(MPL-2.0 OR Apache-2.0)', 'permissive', 'allowed', 'OR: Apache-2.0 is a way out'),
  c('(BSD-3-Clause OR GPL-2.0)', 'permissive', 'allowed', 'OR: BSD-3-Clause is a way out', { expression: 'BSD-3-Clause OR GPL-2.0-only' }),
  c('MIT OR (Apache-2.0 AND GPL-2.0-only)', 'permissive', 'allowed', 'OR binds loosest: MIT alone is an alternative'),
  c('MIT AND (Apache-2.0 OR GPL-2.0-only)', 'permissive', 'allowed', 'MIT AND Apache-2.0 is an alternative'),
  c('Apache-2.0 WITH LLVM-exception', 'permissive', 'allowed', 'a WITH term is covered by the bare license'),
  c('Apache-2.0 WITH llvm-exception', 'permissive', 'allowed', 'exception ids match case-insensitively', { expression: 'Apache-2.0 WITH LLVM-exception' }),
  c('MIT WITH Classpath-exception-2.0', 'permissive', 'allowed', 'SPDX does not limit which license an exception follows; the bare entry covers it'),
  c('GPL-3.0-only', 'permissive', 'denied', 'not in the allow list', { because: 'not-allowed', terms: ['GPL-3.0-only'] }),
  c('MIT AND GPL-3.0-only', 'permissive', 'denied', 'AND: every term must be allowed', { because: 'not-allowed', terms: ['GPL-3.0-only'], expression: 'MIT AND GPL-3.0-only' }),
  c('(MIT OR Apache-2.0) AND GPL-2.0-only', 'permissive', 'denied', 'every alternative includes GPL-2.0-only', { because: 'not-allowed', terms: ['GPL-2.0-only'] }),
  c('MPL-2.0', 'permissive', 'denied', 'weak copyleft is not in permissive', { because: 'not-allowed' }),
  c('Apache-1.0', 'permissive', 'denied', 'permissive holds Apache-1.1 and Apache-2.0, not Apache-1.0', { because: 'not-allowed' }),
  c('CC-BY-SA-4.0', 'permissive', 'denied', 'strong copyleft is not in permissive', { because: 'not-allowed' }),
  c('SSPL-1.0', 'permissive', 'denied', 'source-available is not in permissive', { because: 'not-allowed' }),
  c('BUSL-1.1', 'permissive', 'denied', 'source-available is not in permissive', { because: 'not-allowed' }),
  c('Elastic-2.0', 'permissive', 'denied', 'source-available is not in permissive', { because: 'not-allowed' }),
  c('GPL-2.0', 'permissive', 'denied', 'deprecated GPL-2.0 is GPL-2.0-only, not allowed', { because: 'not-allowed', expression: 'GPL-2.0-only' }),
  c('EPL-2.0 OR GPL-2.0 WITH Classpath-exception-2.0', 'permissive', 'denied', 'neither alternative is permissive', { because: 'not-allowed', expression: 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0', terms: ['EPL-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'] }),
  c('GPL-2.0-only WITH Classpath-exception-2.0', 'permissive', 'denied', 'the bare license is not allowed, so neither is it with an exception', { because: 'not-allowed' }),
  c('BSD-2-Clause', 'short', 'denied', 'not in the short allow list', { because: 'not-allowed' }),
  c('MIT OR GPL-3.0-only', 'short', 'allowed', 'OR: MIT is a way out'),
  c('MIT AND Apache-2.0', 'short', 'allowed', 'AND: both allowed'),
  c('Apache-2.0 WITH LLVM-exception', 'short', 'allowed', 'bare entry covers the WITH term'),
  c('MIT', 'lowerCase', 'allowed', 'an entry written in lower case matches (Annex D)'),
  c('Apache-2.0', 'lowerCase', 'allowed', 'an entry written in lower case matches'),
  c('ISC', 'lowerCase', 'denied', 'not in the list, whatever its case', { because: 'not-allowed' }),
];

const SYNTAX_ERRORS: Case[] = [
  c('MIT AND', 'permissive', 'unknown', 'dangling AND: not SPDX, not a pass', { reason: 'AND needs a license on both sides' }),
  c('MIT OR', 'permissive', 'unknown', 'dangling OR', { reason: 'OR needs a license on both sides' }),
  c('MIT OR', 'denyCopyleft', 'unknown', 'an invalid text is unknown whatever the lists'),
  c('AND MIT', 'permissive', 'unknown', 'leading operator'),
  c('OR', 'none', 'unknown', 'an operator alone'),
  c('(MIT OR Apache-2.0', 'permissive', 'unknown', 'unbalanced parentheses', { reason: 'never closed' }),
  c('MIT OR Apache-2.0)', 'permissive', 'unknown', 'unbalanced parentheses', { reason: 'no matching' }),
  c('()', 'permissive', 'unknown', 'empty parentheses'),
  c('MIT Apache-2.0', 'permissive', 'unknown', 'two ids without an operator: AND or OR?', { reason: 'without AND or OR' }),
  c('MIT AND AND Apache-2.0', 'permissive', 'unknown', 'doubled operator'),
  c('MIT OR OR Apache-2.0', 'permissive', 'unknown', 'doubled operator'),
  c('MIT AND (Apache-2.0 OR)', 'permissive', 'unknown', 'dangling operator inside parentheses'),
  c('MIT WITH', 'permissive', 'unknown', 'WITH without an exception'),
  c('WITH LLVM-exception', 'permissive', 'unknown', 'WITH without a license'),
  c('(MIT) WITH LLVM-exception', 'permissive', 'unknown', 'WITH applies to a single license, not a parenthesised expression'),
  c('MIT WITH LLVM-exception WITH Classpath-exception-2.0', 'permissive', 'unknown', 'one exception per license'),
  c('MIT,', 'permissive', 'unknown', 'stray punctuation'),
  c('MIT, Apache-2.0', 'permissive', 'unknown', 'a comma does not say AND or OR', { reason: 'a comma does not say' }),
  c('MIT AND NOASSERTION', 'none', 'unknown', 'NOASSERTION is not a license id inside an expression'),
  c('Apache-2.0 and Foo', 'permissive', 'unknown', 'Foo is not an id, so the lower-case "and" makes the text ambiguous'),
  c('BSD or Apache', 'permissive', 'unknown', 'prose operator between family names', { reason: '"BSD" does not say which BSD license' }),
  c('BSD or Apache', 'denyCopyleft', 'unknown', 'prose operator between family names, deny list too'),
  c('MIT-style or BSD', 'none', 'unknown', 'prose operator between vague names', { reason: 'like MIT' }),
  c('MIT or BSD', 'permissive', 'unknown', 'lower-case or with an invalid side is not read, even though MIT would pass', { reason: '"BSD"' }),
  c('GPLv2 or MIT', 'permissive', 'unknown', 'an invalid text is unknown even when one side would pass'),
  c('LicenseRef-', 'permissive', 'unknown', 'a LicenseRef without a name is malformed'),
  // Lower-case operators between valid operands: the rule we chose (parser.ts) reads them, and says so.
  c('mit or apache-2.0', 'permissive', 'allowed', 'lower-case or between two valid ids has one reading; declared text kept', { expression: 'MIT OR Apache-2.0', declared: 'mit or apache-2.0' }),
  c('MIT and GPL-3.0-only', 'permissive', 'denied', 'lower-case and between valid ids is AND', { because: 'not-allowed', declared: 'MIT and GPL-3.0-only' }),
  c('MIT or GPL-3.0-only', 'denyStrong', 'allowed', 'lower-case or between valid ids is OR: MIT is a way out', { declared: 'MIT or GPL-3.0-only' }),
  c('GPL-2.0 with Classpath-exception-2.0', 'classpath', 'allowed', 'lower-case with before a valid exception; the exact WITH entry allows it', { expression: 'GPL-2.0-only WITH Classpath-exception-2.0', declared: 'GPL-2.0 with Classpath-exception-2.0' }),
];

const EXCEPTIONS: Case[] = [
  c('MIT WITH Apache-2.0', 'permissive', 'unknown', 'WITH takes an exception id; Apache-2.0 is a license', { reason: 'is a license, not a license exception' }),
  c('GPL-2.0-only WITH Foo-exception', 'denyCopyleft', 'unknown', 'Foo-exception is not on the SPDX exceptions list', { reason: 'not an SPDX license exception' }),
  c('GPL-2.0-only WITH Foo-exception', 'permissive', 'unknown', 'an unknown exception is unknown, not denied'),
  c('LLVM-exception', 'permissive', 'unknown', 'an exception alone is not a license', { reason: 'goes after WITH' }),
  c('GPL-2.0-only WITH LLVM-exception', 'denyStrong', 'denied', 'a bare deny entry covers the license with any exception', { because: 'denied' }),
  c('GPL-2.0-only WITH Classpath-exception-2.0', 'denyStrong', 'denied', 'a bare deny entry covers the WITH term', { because: 'denied' }),
  c('GPL-2.0-only WITH Classpath-exception-2.0', 'classpath', 'allowed', 'an exact WITH allow entry beats a bare deny'),
  c('GPL-2.0 WITH Classpath-exception-2.0', 'classpath', 'allowed', 'deprecated GPL-2.0 is GPL-2.0-only; exact WITH entry', { expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }),
  c('GPL-2.0-with-classpath-exception', 'classpath', 'allowed', 'the deprecated id is the WITH expression', { expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }),
  c('GPL-2.0-only', 'classpath', 'denied', 'a WITH entry does not cover the bare license', { because: 'denied' }),
  c('GPL-2.0-only WITH GCC-exception-2.0', 'classpath', 'denied', 'the exact entry is for another exception; the bare deny applies', { because: 'denied' }),
  c('MIT OR GPL-2.0-only', 'classpath', 'allowed', 'MIT is a way out'),
  c('GPL-2.0-only WITH Classpath-exception-2.0', 'denyWith', 'denied', 'exactly the denied WITH term', { because: 'denied' }),
  c('GPL-2.0-only', 'denyWith', 'denied', 'a deny of X WITH E also denies bare X: the bare license asks at least as much', { because: 'denied' }),
  c('GPL-2.0-only WITH GCC-exception-2.0', 'denyWith', 'allowed', 'deny-only: another exception is not the denied term'),
  c('GPL-3.0-only', 'denyWith', 'allowed', 'deny-only: another license'),
  c('GPL-2.0-or-later WITH Classpath-exception-2.0', 'classpathOrLater', 'allowed', 'an exact WITH allow entry for the or-later term beats the bare deny of each of its versions'),
  c('GPL-2.0+ WITH Classpath-exception-2.0', 'classpathOrLater', 'allowed', 'GPL-2.0+ is GPL-2.0-or-later: the same exact entry', { expression: 'GPL-2.0-or-later WITH Classpath-exception-2.0' }),
  c('GPL-2.0-only WITH Classpath-exception-2.0', 'classpathOrLater', 'denied', 'the or-later entry allows only itself; the bare deny covers this version', { because: 'denied' }),
  c('GPL-2.0-or-later WITH Classpath-exception-2.0', 'denyGpl2Only', 'allowed', 'may be used under GPL-3.0-only WITH the exception, not denied'),
  c('EPL-2.0 OR GPL-2.0 WITH Classpath-exception-2.0', 'denyStrong', 'allowed', 'EPL-2.0 is weak copyleft, not denied: a way out'),
  c('EPL-2.0 OR GPL-2.0 WITH Classpath-exception-2.0', 'denyCopyleft', 'denied', 'both alternatives use a denied license', { because: 'denied', terms: ['EPL-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'] }),
  c('EPL-2.0 OR GPL-2.0 WITH Classpath-exception-2.0', 'both', 'allowed', 'EPL-2.0 is allowed (weak copyleft)'),
];

const AMBIGUOUS: Case[] = [
  c('BSD', 'permissive', 'unknown', 'which BSD? never guessed', { reason: '"BSD" does not say which BSD license: write BSD-2-Clause, BSD-3-Clause' }),
  c('BSD', 'denyCopyleft', 'unknown', 'ambiguous under a deny list too'),
  c('BSD License', 'permissive', 'unknown', 'the PyPI classifier does not say which BSD', { reason: 'which BSD license' }),
  c('BSD-like', 'permissive', 'unknown', 'like BSD is not BSD', { reason: 'like BSD' }),
  c('BSD-style', 'permissive', 'unknown', 'like BSD is not BSD', { reason: 'like BSD' }),
  c('MIT-style', 'permissive', 'unknown', 'like MIT is not MIT', { reason: 'like MIT' }),
  c('MIT style', 'permissive', 'unknown', 'like MIT is not MIT', { reason: 'like MIT' }),
  c('GPL', 'denyCopyleft', 'unknown', 'which GPL version, -only or -or-later?', { reason: 'GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only, GPL-3.0-or-later' }),
  c('GPLv3', 'denyStrong', 'unknown', 'GPL-3.0-only or GPL-3.0-or-later?', { reason: 'write GPL-3.0-only or GPL-3.0-or-later' }),
  c('GPLv2', 'none', 'unknown', 'GPL-2.0-only or GPL-2.0-or-later?', { reason: 'write GPL-2.0-only or GPL-2.0-or-later' }),
  c('GPL-3', 'denyStrong', 'unknown', 'GPL-3 is not an id; -only or -or-later?', { reason: 'GPL-3.0-only or GPL-3.0-or-later' }),
  c('GNU GPL', 'permissive', 'unknown', 'no version', { reason: 'GPL-3.0-only' }),
  c('GNU General Public License', 'permissive', 'unknown', 'no version', { reason: 'which GPL version' }),
  c('GNU General Public License v3 (GPLv3)', 'permissive', 'unknown', 'PyPI classifier without "or later"', { reason: 'GPL-3.0-only or GPL-3.0-or-later' }),
  c('LGPL', 'none', 'unknown', 'no version', { reason: 'LGPL-2.1-only' }),
  c('LGPLv2.1', 'permissive', 'unknown', 'LGPL-2.1-only or -or-later?', { reason: 'LGPL-2.1-only or LGPL-2.1-or-later' }),
  c('GNU Lesser General Public License v3 (LGPLv3)', 'both', 'unknown', 'PyPI classifier without "or later"', { reason: 'LGPL-3.0-only or LGPL-3.0-or-later' }),
  c('AGPL', 'denyNetwork', 'unknown', 'no version', { reason: 'AGPL-3.0-only' }),
  c('Apache', 'permissive', 'unknown', 'which Apache version?', { reason: 'Apache-2.0' }),
  c('Apache License', 'permissive', 'unknown', 'which Apache version?', { reason: 'Apache-2.0' }),
  c('Apache Software License', 'permissive', 'unknown', 'the PyPI classifier has no version', { reason: 'Apache-2.0' }),
  c('MPL', 'both', 'unknown', 'which MPL version?', { reason: 'MPL-2.0' }),
  c('EPL', 'both', 'unknown', 'which EPL version?', { reason: 'EPL-2.0' }),
  c('CC', 'permissive', 'unknown', 'which Creative Commons license?', { reason: 'Creative Commons' }),
  c('Creative Commons', 'permissive', 'unknown', 'which Creative Commons license?', { reason: 'CC0-1.0' }),
  c('CC-BY', 'permissive', 'unknown', 'CC-BY without a version is not an id', { reason: 'Creative Commons' }),
  c('Artistic', 'permissive', 'unknown', 'which Artistic version?', { reason: 'Artistic-2.0' }),
  c('Public Domain', 'permissive', 'unknown', 'public domain is not a license', { reason: 'CC0-1.0 or Unlicense' }),
  c('MIT/X11', 'permissive', 'unknown', 'two names for one license: / does not mean OR here', { reason: 'MIT or X11' }),
  c('GPL-2.0 or later', 'denyGpl2Only', 'unknown', 'prose "or later" is not read; the hint gives the id', { reason: 'write GPL-2.0-or-later' }),
  c('Dual License', 'permissive', 'unknown', 'says nothing about which licenses'),
  c('BSD/MIT', 'permissive', 'unknown', 'the / reading needs every side to be a license', { reason: 'which BSD license' }),
];

const TABLE: Case[] = [
  c('Apache 2.0', 'permissive', 'allowed', 'table spelling, one license', { expression: 'Apache-2.0', declared: 'Apache 2.0' }),
  c('apache 2.0', 'permissive', 'allowed', 'the table matches case-insensitively', { expression: 'Apache-2.0', declared: 'apache 2.0' }),
  c('Apache  License,   Version 2.0', 'permissive', 'allowed', 'the table matches with whitespace normalised', { expression: 'Apache-2.0' }),
  c('Apache License, Version 2.0', 'permissive', 'allowed', 'real npm spelling (corpus)', { expression: 'Apache-2.0', declared: 'Apache License, Version 2.0' }),
  c('The Apache Software License, Version 2.0', 'permissive', 'allowed', 'the Maven POM name', { expression: 'Apache-2.0' }),
  c('Apache-2', 'permissive', 'allowed', 'table spelling', { expression: 'Apache-2.0' }),
  c('Apache License 2.0', 'permissive', 'allowed', 'table spelling', { expression: 'Apache-2.0' }),
  c('BSD-3', 'permissive', 'allowed', 'BSD with its clause count', { expression: 'BSD-3-Clause', declared: 'BSD-3' }),
  c('MIT License', 'permissive', 'allowed', 'the SPDX full name of MIT', { expression: 'MIT' }),
  c('The MIT License', 'permissive', 'allowed', 'the SPDX full name of MIT', { expression: 'MIT' }),
  c('ISC License', 'permissive', 'allowed', 'the SPDX full name of ISC', { expression: 'ISC' }),
  c('New BSD License', 'permissive', 'allowed', 'New BSD is the 3-clause license', { expression: 'BSD-3-Clause' }),
  c('Simplified BSD License', 'short', 'denied', 'read as BSD-2-Clause, which the short list does not allow', { because: 'not-allowed', expression: 'BSD-2-Clause', declared: 'Simplified BSD License' }),
  c('CC0', 'permissive', 'allowed', 'CC0 has one version', { expression: 'CC0-1.0' }),
  c('GPLv3+', 'denyStrong', 'denied', 'GPLv3+ is GPL-3.0-or-later; its only version is denied', { expression: 'GPL-3.0-or-later', declared: 'GPLv3+', because: 'denied' }),
  c('GPLv2+', 'denyGpl2Only', 'allowed', 'GPL-2.0-or-later may be used under GPL-3.0-only', { expression: 'GPL-2.0-or-later', declared: 'GPLv2+' }),
  c('Mozilla Public License 2.0 (MPL 2.0)', 'both', 'allowed', 'PyPI classifier for MPL-2.0 (weak copyleft, allowed)', { expression: 'MPL-2.0' }),
  c('Eclipse Public License - v 2.0', 'denyCopyleft', 'denied', 'the Maven name for EPL-2.0, which copyleft holds', { expression: 'EPL-2.0', because: 'denied' }),
  c('zlib/libpng', 'permissive', 'allowed', "OSI's name for Zlib: the table wins over the / reading", { expression: 'Zlib', declared: 'zlib/libpng' }),
  c('Apache 2.0 License', 'permissive', 'unknown', 'not in the table: nothing fuzzier than case and whitespace'),
  c('Apache 2.0.', 'permissive', 'unknown', 'a trailing period is not in the table'),
  c('Apache2.0', 'permissive', 'unknown', 'not in the table (Apache2 is)'),
  c('MIT Licensed', 'permissive', 'unknown', 'not in the table'),
];

const SLASH: Case[] = [
  c('MIT/Apache-2.0', 'permissive', 'allowed', 'the Cargo convention: / between ids means OR', { expression: 'MIT OR Apache-2.0', declared: 'MIT/Apache-2.0' }),
  c('Apache-2.0/MIT', 'permissive', 'allowed', '/ means OR', { expression: 'Apache-2.0 OR MIT' }),
  c('MIT / Apache-2.0', 'permissive', 'allowed', '/ with spaces', { expression: 'MIT OR Apache-2.0' }),
  c('MIT/Apache 2.0', 'permissive', 'allowed', 'a side may be a table spelling', { expression: 'MIT OR Apache-2.0', declared: 'MIT/Apache 2.0' }),
  c('Unlicense/MIT', 'permissive', 'allowed', '/ means OR', { expression: 'Unlicense OR MIT' }),
  c('GPL-3.0/MIT', 'denyStrong', 'allowed', 'OR: MIT is a way out', { expression: 'GPL-3.0-only OR MIT' }),
  c('GPL-2.0/GPL-3.0', 'denyStrong', 'denied', 'both alternatives denied', { because: 'denied' }),
  c('MIT/', 'permissive', 'unknown', 'an empty side'),
  c('MIT/Foo', 'permissive', 'unknown', 'Foo is not a license'),
  c('MIT/Apache-2.0 AND BSD-3-Clause', 'permissive', 'unknown', 'the / convention is only for a list of single licenses'),
];

const CUSTOM: Case[] = [
  c('LicenseRef-Acme-Internal', 'lowerCase', 'allowed', 'named by the allow list'),
  c('licenseref-acme-internal', 'lowerCase', 'allowed', 'LicenseRef- ids match case-insensitively'),
  c('LicenseRef-acme-internal', 'allowCustom', 'allowed', 'a lower-case entry names it'),
  c('LicenseRef-Other', 'permissive', 'denied', 'a custom license the allow list does not name is not allowed', { because: 'not-allowed', reason: 'custom license the policy does not name' }),
  c('LicenseRef-Other', 'denyStrong', 'unknown', 'deny-only: nobody classified this custom license', { reason: 'custom license the policy does not name' }),
  c('LicenseRef-Evil', 'denyCustom', 'denied', 'named by the deny list', { because: 'denied' }),
  c('licenseref-evil', 'denyCustom', 'denied', 'named by the deny list, any case', { because: 'denied' }),
  c('MIT OR LicenseRef-Other', 'permissive', 'allowed', 'MIT is a way out'),
  c('MIT AND LicenseRef-Other', 'permissive', 'denied', 'AND: the custom license is not allowed', { because: 'not-allowed', terms: ['LicenseRef-Other'] }),
  c('MIT AND LicenseRef-Other', 'denyStrong', 'unknown', 'deny-only: blocked only by an unclassified custom license'),
  c('GPL-3.0-only AND LicenseRef-Other', 'denyStrong', 'denied', 'a denied term decides; the unknown one cannot rescue it', { because: 'denied' }),
  c('GPL-3.0-only OR LicenseRef-Other', 'denyStrong', 'unknown', 'the only way out is unclassified'),
  c('DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', 'permissive', 'denied', 'a custom license from another document, not named', { because: 'not-allowed' }),
  c('LicenseRef-x', 'none', 'unknown', 'no lists: a custom license is still unclassified'),
];

const OR_LATER: Case[] = [
  c('GPL-2.0-or-later', 'denyGpl2Only', 'allowed', 'may be used under GPL-3.0-only, which is not denied'),
  c('GPL-2.0-or-later', 'denyStrong', 'denied', 'strong-copyleft denies every version it may be used under', { because: 'denied', reason: 'GPL-2.0-only or GPL-3.0-only' }),
  c('GPL-2.0-or-later', 'denyGplOnly', 'denied', 'every existing version (2.0, 3.0) is denied', { because: 'denied' }),
  c('GPL-2.0+', 'denyGpl2Only', 'allowed', '+ is or-later: GPL-3.0 is a way out', { expression: 'GPL-2.0-or-later' }),
  c('GPL-2.0+', 'denyGplOnly', 'denied', 'every existing version denied', { expression: 'GPL-2.0-or-later' }),
  c('GPL-2.0+', 'denyStrong', 'denied', 'every version denied'),
  c('gpl-2.0+', 'denyGpl2Only', 'allowed', 'lower-case deprecated id with +', { expression: 'GPL-2.0-or-later' }),
  c('GPL-2.0-only+', 'denyGplOnly', 'denied', '-only+ is or-later; every version denied', { expression: 'GPL-2.0-or-later' }),
  c('GPL-3.0-or-later', 'denyGplOnly', 'denied', 'GPL-3.0 is the only later version, denied'),
  c('GPL-3.0+', 'denyGpl2Only', 'allowed', 'GPL-3.0 is not denied'),
  c('GPL-1.0+', 'denyGplOnly', 'allowed', 'may be used under GPL-1.0-only, not denied'),
  c('GPL-1.0-or-later', 'denyStrong', 'denied', 'strong-copyleft holds GPL-1.0, 2.0 and 3.0 -only'),
  c('LGPL-2.1+', 'denyLgpl21Only', 'allowed', 'may be used under LGPL-3.0-only', { expression: 'LGPL-2.1-or-later' }),
  c('LGPL-2.1+', 'denyCopyleft', 'denied', 'weak-copyleft denies LGPL-2.1 and 3.0'),
  c('LGPL-2.1-or-later', 'denyStrong', 'allowed', 'LGPL is not strong copyleft'),
  c('LGPL-2.0-or-later', 'denyLgpl21Only', 'allowed', 'LGPL-2.0 and 3.0 are not denied'),
  c('AGPL-3.0-or-later', 'denyNetwork', 'denied', 'its only version is denied'),
  c('AGPL-1.0-or-later', 'denyNetwork', 'denied', 'AGPL-1.0-only and AGPL-3.0-only are both network copyleft'),
  c('AGPL-3.0+', 'denyNetwork', 'denied', '+ on a deprecated id', { expression: 'AGPL-3.0-or-later' }),
  c('GFDL-1.2-or-later', 'denyStrong', 'denied', 'strong-copyleft holds every GFDL version it may be used under (1.2 and 1.3)'),
  c('GFDL-1.3-or-later', 'denyStrong', 'denied', 'its only version is denied'),
  c('GFDL-1.3+', 'denyStrong', 'denied', '+ on a deprecated id', { expression: 'GFDL-1.3-or-later' }),
  c('Apache-1.0+', 'denyApache1', 'allowed', 'may be used under Apache-2.0', { expression: 'Apache-1.0+' }),
  c('Apache-1.1+', 'denyApache1', 'allowed', 'may be used under Apache-2.0'),
  c('Apache-1.0', 'denyApache1', 'denied', 'exactly denied', { because: 'denied' }),
  c('GPL-2.0-only', 'denyGpl2Only', 'denied', 'exactly denied'),
  c('GPL-3.0-only', 'denyGpl2Only', 'allowed', 'another version'),
  c('GPL-3.0-only', 'denyGpl2OrLater', 'denied', 'a deny entry -or-later denies every version it covers'),
  c('GPL-2.0-only', 'denyGpl2OrLater', 'denied', 'a deny entry -or-later denies its own version'),
  c('GPL-1.0-only', 'denyGpl2OrLater', 'allowed', 'GPL-1.0 is earlier than the entry'),
  c('GPL-1.0-or-later', 'denyGpl2OrLater', 'allowed', 'may be used under GPL-1.0-only'),
  c('GPL-2.0-or-later', 'allowGpl3', 'allowed', 'allowed under GPL-3.0-only, which the list allows'),
  c('GPL-2.0+', 'allowGpl3', 'allowed', 'allowed under GPL-3.0-only'),
  c('GPL-3.0-or-later', 'allowGpl3', 'allowed', 'allowed under GPL-3.0-only'),
  c('GPL-2.0-only', 'allowGpl3', 'denied', 'GPL-2.0 only: no allowed version', { because: 'not-allowed' }),
  c('GPL-3.0-only', 'allowOrLaterEntry', 'denied', 'accepting code usable under GPL-2.0 is not accepting GPL-3.0-only code', { because: 'not-allowed' }),
  c('GPL-2.0-only', 'allowOrLaterEntry', 'denied', 'an or-later entry allows only the or-later term', { because: 'not-allowed' }),
  c('GPL-2.0+', 'allowOrLaterEntry', 'allowed', 'the entry names this very term'),
  c('GPL-2.0-or-later WITH Classpath-exception-2.0', 'allowOrLaterEntry', 'allowed', 'the bare entry covers the WITH term'),
  c('Apache-1.0+', 'permissive', 'allowed', 'may be used under Apache-1.1 or Apache-2.0'),
  c('LGPL-2.1+', 'both', 'allowed', 'weak copyleft is allowed'),
  c('GPL-2.0-or-later', 'both', 'denied', 'every version is strong copyleft, denied', { because: 'denied' }),
  c('GPL-2.0-or-later', 'allowGpl3DenyGpl2', 'allowed', 'GPL-3.0-only is allowed and not denied'),
  c('GPL-2.0-or-later', 'overlapGpl3', 'denied', 'a version both allowed and denied is no way out; GPL-2.0 is not allowed', { because: 'not-allowed' }),
];

const BOTH_AND_NONE: Case[] = [
  c('MIT', 'both', 'allowed', 'permissive is allowed'),
  c('GPL-3.0-only', 'both', 'denied', 'strong copyleft is denied', { because: 'denied' }),
  c('LGPL-3.0-only', 'both', 'allowed', 'weak copyleft is allowed'),
  c('SSPL-1.0', 'both', 'denied', 'in neither list: not allowed', { because: 'not-allowed' }),
  c('MIT OR GPL-3.0-only', 'both', 'allowed', 'MIT is a way out'),
  c('MPL-2.0 AND GPL-2.0-only', 'both', 'denied', 'AND with a denied term', { because: 'denied', terms: ['GPL-2.0-only'] }),
  c('AGPL-3.0-only', 'both', 'denied', 'network copyleft denied', { because: 'denied' }),
  c('MIT', 'none', 'allowed', 'no lists: a known license passes'),
  c('SSPL-1.0', 'none', 'allowed', 'no lists restrict it'),
];

const NOT_A_LICENSE: Case[] = [
  c('SEE LICENSE IN LICENSE', 'permissive', 'unknown', 'the license is only in a file', { reason: 'only given in a file' }),
  c('UNLICENSED', 'denyStrong', 'unknown', 'npm: no license granted', { reason: 'grants no license' }),
  c('unlicensed', 'permissive', 'unknown', 'npm UNLICENSED in any case'),
  c('Unlicense', 'denyStrong', 'allowed', 'the Unlicense is an SPDX id, not UNLICENSED'),
  c('Custom: https://example.com/license', 'permissive', 'unknown', 'a link is not a license id', { reason: 'link' }),
  c('NOASSERTION', 'none', 'unknown', 'SPDX NOASSERTION says nothing', { reason: 'no SPDX license' }),
  c('NONE', 'none', 'unknown', 'no license', { reason: 'no SPDX license' }),
  c('proprietary', 'none', 'unknown', 'not open source', { reason: 'no SPDX license' }),
  c('', 'permissive', 'unknown', 'empty', { reason: 'no license declared' }),
  c('   ', 'permissive', 'unknown', 'blank', { reason: 'no license declared' }),
  c(undefined, 'permissive', 'unknown', 'no license found', { reason: 'no license found' }),
  c('Do What You Want v9 ((', 'none', 'unknown', 'prose with parentheses', { reason: 'not a valid SPDX expression (Do What You Want v9 (()' }),
];

const DEPRECATED: Case[] = [
  c('GPL-2.0', 'denyGpl2Only', 'denied', 'deprecated GPL-2.0 is GPL-2.0-only', { expression: 'GPL-2.0-only', because: 'denied' }),
  c('GPL-3.0', 'denyStrong', 'denied', 'deprecated GPL-3.0 is GPL-3.0-only', { expression: 'GPL-3.0-only' }),
  c('LGPL-2.1', 'permissive', 'denied', 'deprecated LGPL-2.1 is LGPL-2.1-only', { expression: 'LGPL-2.1-only', because: 'not-allowed' }),
  c('AGPL-3.0', 'denyNetwork', 'denied', 'deprecated AGPL-3.0 is AGPL-3.0-only', { expression: 'AGPL-3.0-only' }),
  c('GPL-2.0-with-classpath-exception', 'denyStrong', 'denied', 'the deprecated id is GPL-2.0-only WITH Classpath: bare deny covers it', { expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }),
];

/** The table by the rule it exercises. */
export const CASE_GROUPS: Readonly<Record<string, readonly Case[]>> = {
  'valid SPDX under allow lists': VALID_UNDER_ALLOW,
  'syntax errors and operators': SYNTAX_ERRORS,
  'WITH and exceptions': EXCEPTIONS,
  'ambiguous family names': AMBIGUOUS,
  'normalisation table': TABLE,
  'the / convention': SLASH,
  'custom LicenseRef ids': CUSTOM,
  '-or-later and +': OR_LATER,
  'both lists, no lists': BOTH_AND_NONE,
  'not a license': NOT_A_LICENSE,
  'deprecated ids': DEPRECATED,
};

export const CASES: readonly Case[] = Object.values(CASE_GROUPS).flat();
