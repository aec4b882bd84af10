/**
 * pnpm `requiresBuild`: v5 and v6 entries say which packages run install scripts; v9 dropped the
 * field. The lockfiles are small and written here; which entries carry `requiresBuild: true` is
 * read off the text beside each expectation.
 */
import { describe, expect, it } from '@jest/globals';
import { pnpm } from '../../../src/ecosystems/pnpm/index.js';

const extract = (lines: readonly string[]) => pnpm.extract([{ path: 'pnpm-lock.yaml', content: `${lines.join('\n')}\n` }]);

/** name@version -> installScripts as text (`undefined` included: toEqual would skip an undefined value), for every dependency read. */
function installScriptsByPackage(result: ReturnType<typeof extract>): Record<string, string> {
  expect(result.problems).toEqual([]);
  return Object.fromEntries(result.dependencies.map((d) => [`${d.name}@${d.version}`, String(d.installScripts)]));
}

const V5 = [
  'lockfileVersion: 5.4',
  '',
  'specifiers:',
  '  esbuild: ^0.15.18',
  '  fsevents: ~2.3.2',
  '  left-pad: ^1.3.0',
  '  typescript: ^4.8.4',
  '',
  'dependencies:',
  '  esbuild: 0.15.18',
  '  left-pad: 1.3.0',
  '',
  'optionalDependencies:',
  '  fsevents: 2.3.2',
  '',
  'devDependencies:',
  '  typescript: 4.8.4',
  '',
  'packages:',
  '',
  '  /esbuild/0.15.18:',
  '    resolution: {integrity: sha512-a}',
  "    engines: {node: '>=12'}",
  '    hasBin: true',
  '    requiresBuild: true',
  '    dev: false',
  '',
  '  /fsevents/2.3.2:',
  '    resolution: {integrity: sha512-b}',
  '    os: [darwin]',
  '    requiresBuild: true',
  '    dev: false',
  '    optional: true',
  '',
  '  /left-pad/1.3.0:',
  '    resolution: {integrity: sha512-c}',
  '    requiresBuild: false',
  '    dev: false',
  '',
  '  /typescript/4.8.4:',
  '    resolution: {integrity: sha512-d}',
  '    hasBin: true',
  '    dev: true',
];

const V6 = [
  "lockfileVersion: '6.0'",
  '',
  'dependencies:',
  '  left-pad:',
  '    specifier: ^1.3.0',
  '    version: 1.3.0',
  '  sharp:',
  '    specifier: ^0.33.5',
  '    version: 0.33.5',
  '',
  'devDependencies:',
  "  '@swc/core':",
  '    specifier: ^1.3.0',
  '    version: 1.3.0(@swc/helpers@0.5.0)',
  "  '@swc/helpers':",
  '    specifier: ^0.5.0',
  '    version: 0.5.0',
  '',
  'packages:',
  '',
  '  /@swc/core@1.3.0(@swc/helpers@0.5.0):',
  '    resolution: {integrity: sha512-e}',
  '    hasBin: true',
  '    requiresBuild: true',
  '    peerDependencies:',
  "      '@swc/helpers': ^0.5.0",
  '    dependencies:',
  "      '@swc/helpers': 0.5.0",
  '    dev: true',
  '',
  '  /@swc/helpers@0.5.0:',
  '    resolution: {integrity: sha512-f}',
  '    dev: true',
  '',
  '  /detect-libc@2.0.3:',
  '    resolution: {integrity: sha512-g}',
  '    dev: false',
  '',
  '  /left-pad@1.3.0:',
  '    resolution: {integrity: sha512-h}',
  '    dev: false',
  '',
  '  /sharp@0.33.5:',
  '    resolution: {integrity: sha512-i}',
  '    requiresBuild: true',
  '    dependencies:',
  '      detect-libc: 2.0.3',
  '    dev: false',
];

describe('pnpm install scripts (requiresBuild)', () => {
  it('lockfileVersion 5.4: true on the entries with requiresBuild: true only (not false, not hasBin)', () => {
    expect(installScriptsByPackage(extract(V5))).toEqual({
      'esbuild@0.15.18': 'true',
      'fsevents@2.3.2': 'true',
      'left-pad@1.3.0': 'undefined',
      'typescript@4.8.4': 'undefined',
    });
  });

  it('lockfileVersion 6.0: true on the entries with requiresBuild: true, peer-suffixed keys included', () => {
    expect(installScriptsByPackage(extract(V6))).toEqual({
      '@swc/core@1.3.0': 'true',
      '@swc/helpers@0.5.0': 'undefined',
      'detect-libc@2.0.3': 'undefined',
      'left-pad@1.3.0': 'undefined',
      'sharp@0.33.5': 'true',
    });
  });

  it('lockfileVersion 9.0 does not say (pnpm 9 dropped the field): undefined, never false', () => {
    const v9 = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      sharp:',
      '        specifier: ^0.33.5',
      '        version: 0.33.5',
      'packages:',
      '  sharp@0.33.5:',
      '    resolution: {integrity: sha512-i}',
      'snapshots:',
      '  sharp@0.33.5: {}',
    ];
    const result = extract(v9);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([expect.objectContaining({ name: 'sharp', version: '0.33.5' })]);
    expect(result.dependencies[0]).not.toHaveProperty('installScripts');
  });

  it('a requiresBuild that is neither true nor false is an invalid entry at its line; the rest is read', () => {
    // Line 21 is `  /esbuild/0.15.18:`; its requiresBuild (line 25) becomes `maybe`.
    const lines = V5.map((line, index) => (index === 24 ? '    requiresBuild: maybe' : line));
    const result = extract(lines);
    expect(result.problems).toEqual([
      { path: 'pnpm-lock.yaml', line: 21, kind: 'invalid-entry', message: '"packages" › "/esbuild/0.15.18" › "requiresBuild" is "maybe", expected one of "true", "false"' },
      // esbuild was not read, so what the root lists (line 10, under `dependencies:`) is missing too.
      { path: 'pnpm-lock.yaml', line: 10, kind: 'invalid-entry', message: '"dependencies" › "esbuild" resolves to /esbuild/0.15.18, which is not in "packages": the lockfile is incomplete' },
    ]);
    expect(result.dependencies.map((d) => `${d.name}@${d.version}:${String(d.installScripts)}`).sort()).toEqual([
      'fsevents@2.3.2:true',
      'left-pad@1.3.0:undefined',
      'typescript@4.8.4:undefined',
    ]);
  });
});
