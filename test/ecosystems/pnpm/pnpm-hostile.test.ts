/**
 * Issue 12, pnpm: malformed and hostile lockfiles are findings at their line, never a silent
 * pass, an internal error or a blow-up. Inputs are small and written here; each expected line is
 * counted by hand in the text beside it.
 */
import { describe, expect, it } from '@jest/globals';
import { pnpm } from '../../../src/ecosystems/pnpm/index.js';

const pkg = JSON.stringify({ name: 'x', dependencies: { 'gpl-thing': '^1.0.0', 'left-pad': '^1.3.0' } });
const extract = (content: string) => pnpm.extract([{ path: 'pnpm-lock.yaml', content }, { path: 'package.json', content: pkg }]);
const names = (result: ReturnType<typeof extract>) => result.dependencies.map((d) => `${d.name}@${d.version}`).sort();

const IMPORTERS = [
  "lockfileVersion: '9.0'", //                       1
  '', //                                             2
  'importers:', //                                   3
  '', //                                             4
  '  .:', //                                         5
  '    dependencies:', //                            6
  '      gpl-thing:', //                             7
  '        specifier: ^1.0.0', //                    8
  '        version: 1.0.0', //                       9
  '      left-pad:', //                              10
  '        specifier: ^1.3.0', //                    11
  '        version: 1.3.0', //                       12
  '', //                                             13
];

describe('pnpm: sections and entries are checked', () => {
  it('`packages` as a list is a whole-file problem at its line', () => {
    const content = [...IMPORTERS, 'packages:', '  - gpl-thing@1.0.0', '  - left-pad@1.3.0', ''].join('\n');
    const result = extract(content);
    expect(result.problems).toEqual([{ path: 'pnpm-lock.yaml', line: 14, message: '"packages" is a list, expected a map' }]);
    expect(result.dependencies).toEqual([]);
  });

  it('a file cut short before `packages` is a whole-file problem, not "no dependencies"', () => {
    const result = extract(IMPORTERS.join('\n'));
    expect(result.problems).toEqual([{ path: 'pnpm-lock.yaml', line: 12, message: 'no "packages" section, yet the importers list 2 packages: the lockfile is cut short' }]);
  });

  it('what an importer lists and `packages` lacks is an invalid entry at the importer line; the rest is read', () => {
    const content = [...IMPORTERS, 'packages:', '', '  left-pad@1.3.0:', '    resolution: {integrity: sha512-x}', ''].join('\n');
    const result = extract(content);
    expect(result.problems).toEqual([
      {
        path: 'pnpm-lock.yaml',
        line: 7,
        kind: 'invalid-entry',
        message: '"importers" › "." › "dependencies" › "gpl-thing" resolves to gpl-thing@1.0.0, which is not in "packages": the lockfile is incomplete',
      },
    ]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it('a packages entry that is empty (null) or a list is an invalid entry at its line', () => {
    const content = [...IMPORTERS, 'packages:', '', '  gpl-thing@1.0.0:', '', '  left-pad@1.3.0:', '    resolution: {integrity: sha512-x}', '', '  tiny@1.0.0: [a]', ''].join('\n');
    const result = extract(content);
    expect(result.problems).toEqual([
      { path: 'pnpm-lock.yaml', line: 16, kind: 'invalid-entry', message: '"packages" › "gpl-thing@1.0.0" is null, expected a map' },
      { path: 'pnpm-lock.yaml', line: 21, kind: 'invalid-entry', message: '"packages" › "tiny@1.0.0" is a list, expected a map' },
      // gpl-thing@1.0.0 was not read, so what the importer lists is missing too: said where it is listed.
      expect.objectContaining({ line: 7, kind: 'invalid-entry' }),
    ]);
    expect(names(result)).toEqual(['left-pad@1.3.0']);
  });

  it('an importer dependency written as a list is an invalid entry at its line', () => {
    const content = [...IMPORTERS.slice(0, 9), '      left-pad: [1.3.0]', '', 'packages:', '', '  gpl-thing@1.0.0:', '    resolution: {integrity: sha512-x}', ''].join('\n');
    const result = extract(content);
    expect(result.problems).toEqual([
      { path: 'pnpm-lock.yaml', line: 10, kind: 'invalid-entry', message: '"importers" › "." › "dependencies" › "left-pad" is a list, expected a map' },
    ]);
    expect(names(result)).toEqual(['gpl-thing@1.0.0']);
  });
});

describe('pnpm: names are data, BOM, aliases, size', () => {
  it('a name holding `$(...)` is a name, not a peer suffix', () => {
    const content = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      gpl$(x)thing:',
      '        specifier: ^1.0.0',
      '        version: 1.0.0(react@18.2.0)',
      'packages:',
      '  gpl$(x)thing@1.0.0:',
      '    resolution: {integrity: sha512-x}',
      'snapshots:',
      '  gpl$(x)thing@1.0.0(react@18.2.0): {}',
      '',
    ].join('\n');
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'gpl$(x)thing', version: '1.0.0', line: 9, direct: true, requiredBy: ['workspace:.'] })]);
  });

  it('a lockfile with a BOM reads as without it', () => {
    const content = [...IMPORTERS, 'packages:', '', '  gpl-thing@1.0.0:', '    resolution: {integrity: sha512-x}', '', '  left-pad@1.3.0:', '    resolution: {integrity: sha512-y}', ''].join('\n');
    const result = extract(`\uFEFF${content}`);
    expect(result.problems).toEqual([]);
    expect(names(result)).toEqual(['gpl-thing@1.0.0', 'left-pad@1.3.0']);
  });

  it('anchors and aliases (a few bytes that would multiply every walk) are refused', () => {
    const listed = Array.from({ length: 50 }, (_, i) => `      p${i}:\n        specifier: ^1.0.0\n        version: 1.0.0`).join('\n');
    const importers = Array.from({ length: 50 }, (_, i) => `  w${i}:\n    dependencies: *deps`).join('\n');
    const content = `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: &deps\n${listed}\n${importers}\n`;
    expect(extract(content).problems).toEqual([{ path: 'pnpm-lock.yaml', line: 4, message: 'uses YAML anchors and aliases (&name, *name), which lockfiles never contain' }]);
  });

  it('a duplicated key is a syntax error at its line', () => {
    const content = [...IMPORTERS, 'packages:', '  left-pad@1.3.0:', '    resolution: {integrity: sha512-x}', '  left-pad@1.3.0:', '    resolution: {integrity: sha512-y}', ''].join('\n');
    expect(extract(content).problems).toEqual([expect.objectContaining({ line: 17, message: 'invalid YAML: duplicated mapping key' })]);
  });

  it('reads thousands of packages, each at its own line (the duplicate-key check is one lookup per key)', () => {
    const count = 5000;
    const lines = ["lockfileVersion: '9.0'", 'packages:'];
    for (let i = 0; i < count; i++) lines.push(`  p${i}@1.0.${i}:`, `    resolution: {integrity: sha512-${i}}`);
    const result = pnpm.extract([{ path: 'pnpm-lock.yaml', content: `${lines.join('\n')}\n` }]);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toHaveLength(count);
    // Entry i's key is on line 3 + 2i.
    expect(result.dependencies.find((d) => d.name === 'p4321')).toMatchObject({ version: '1.0.4321', line: 3 + 2 * 4321 });
  });
});
