/** The typical pull request used across the app tests: one npm project, a GPL package added. */
import { FakeGitHub, type FakeOptions } from './helpers/fake-github.js';
import { lineOf, project, sha, type Pkg } from './helpers/fixtures.js';

export const BASE = sha('base');
export const HEAD = sha('head');

export const basePackages: Pkg[] = [
  { name: 'left-pad', version: '1.3.0', license: 'MIT', direct: true },
  { name: 'tiny', version: '1.0.0', license: 'ISC' },
];
export const headPackages: Pkg[] = [
  ...basePackages,
  { name: 'gpl-thing', version: '3.0.0', license: 'GPL-3.0-only', direct: true },
  { name: 'mystery', version: '0.1.0', license: 'SEE LICENSE IN LICENSE.txt' }, // transitive, no SPDX license: a warning (unknown)
];

export const baseFiles: Record<string, string> = { 'README.md': '# demo\n', ...project(basePackages) };
export const headFiles: Record<string, string> = { 'README.md': '# demo\n', ...project(headPackages) };

export function typicalPull(overrides: Partial<FakeOptions> = {}): FakeGitHub {
  return new FakeGitHub({
    commits: { [BASE]: baseFiles, [HEAD]: headFiles },
    pull: { number: 7, headSha: HEAD, baseSha: BASE, baseRef: 'main', state: 'open' },
    ...overrides,
  }).start();
}

export const lines = {
  gplDeclared: lineOf(headFiles['package.json']!, '"gpl-thing"'),
  mysteryEntry: lineOf(headFiles['package-lock.json']!, '"node_modules/mystery"'),
};
