import { describe, expect, it } from '@jest/globals';
import { isAmbiguousName } from '../../src/licenses/ambiguous.js';
import { parseLicense } from '../../src/licenses/expression.js';
import { normalisationEntries, spellingKey } from '../../src/licenses/normalisation.js';
import { parseExpression } from '../../src/licenses/parser.js';
import { presetNames } from '../../src/policy/presets.js';

const entries = [...normalisationEntries()];

/** Names that do not say which license they mean; none may ever be in the table. */
const AMBIGUOUS_NAMES = [
  'BSD', 'BSD License', 'BSD-like', 'BSD-style', 'GPL', 'GPLv2', 'GPLv3', 'GPL-2', 'GPL-3', 'GPL v3', 'GNU GPL', 'GNU GPL v3',
  'GNU General Public License', 'GNU General Public License v2 (GPLv2)', 'GNU General Public License v3 (GPLv3)',
  'LGPL', 'LGPLv2', 'LGPLv2.1', 'LGPLv3', 'GNU LGPL', 'GNU Lesser General Public License v3 (LGPLv3)',
  'GNU Library or Lesser General Public License (LGPL)', 'AGPL', 'AGPLv3', 'GNU Affero General Public License v3',
  'Apache', 'Apache License', 'Apache Software License', 'ASL', 'MIT-style', 'MIT style', 'MIT-like', 'MIT/X11',
  'MPL', 'Mozilla Public License', 'EPL', 'Eclipse Public License', 'CDDL', 'EUPL', 'Artistic', 'Artistic License',
  'CC', 'Creative Commons', 'CC-BY', 'CC BY-SA', 'Public Domain', 'PSF', 'Python Software Foundation License',
  'GFDL', 'GNU Free Documentation License', 'OFL',
];

describe('policies/license-normalisation.yml', () => {
  it('is a small curated table', () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(entries.length).toBeLessThanOrEqual(80);
  });

  it.each(entries)('%j maps to the valid SPDX expression %j', (spelling, expression) => {
    const parsed = parseExpression(expression);
    expect(parsed.ok && !parsed.lowerCaseOperator).toBe(true);
    // Written as the SPDX list spells it, so the file reads as what it produces.
    expect(parseLicense(expression)).toMatchObject({ known: true, expression });
    expect(parseLicense(spelling)).toEqual({ known: true, expression, alternatives: expect.any(Array), declared: spelling });
  });

  it.each(entries)('%j is not itself an ambiguous family name', (spelling) => {
    expect(isAmbiguousName(spelling)).toBe(false);
  });

  it.each(entries)('%j is not valid SPDX already (the table only reads what SPDX cannot)', (spelling) => {
    expect(parseExpression(spelling).ok).toBe(false);
  });

  it('holds each spelling once, after case and whitespace are normalised', () => {
    const keys = entries.map(([spelling]) => spellingKey(spelling));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(AMBIGUOUS_NAMES)('%j is ambiguous, not in the table, and unknown with a hint', (name) => {
    expect(isAmbiguousName(name)).toBe(true);
    expect(entries.some(([spelling]) => spellingKey(spelling) === spellingKey(name))).toBe(false);
    const parsed = parseLicense(name);
    expect(parsed.known).toBe(false);
    expect(!parsed.known && parsed.reason).toMatch(/does not say|says .* but not|like (MIT|BSD)|two names|is not a license/);
  });

  it('is a data file, not a preset a policy could extend', () => {
    expect(presetNames()).not.toContain('license-normalisation');
    expect(presetNames()).not.toContain('license-categories');
  });
});
