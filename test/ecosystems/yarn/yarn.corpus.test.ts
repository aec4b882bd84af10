import { describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { yarn } from '../../../src/ecosystems/yarn/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from '../../deps/identity.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function side(slug: string, ref: 'base' | 'head'): Dependency[] {
  const result = yarn.extract([
    { path: 'package.json', content: readCorpus(`yarn/${slug}/${ref}/package.json`) },
    { path: 'yarn.lock', content: readCorpus(`yarn/${slug}/${ref}/yarn.lock`) },
  ]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

/**
 * Holds the expected name@version sets (display names, as the lockfile writes them) on the diff of
 * the extracted sides and on the Report of the pipeline (evaluateChange) over the whole pair.
 */
async function expectChangeSets(slug: string, expected: ChangeSummary) {
  const [base, head] = [side(slug, 'base'), side(slug, 'head')];
  const diff = diffCollected(base, head);
  expectIdentitySetsUnchanged(base, head, diff);
  expect(summarizeChanges(diff, (dependency) => dependency.name)).toEqual(expected);
  const report = await evaluateCorpusPair(`yarn/${slug}`);
  expect(summarizeRecords(report.changes, { ecosystem: 'yarn', manifest: 'yarn.lock', nameOf: (record) => record.name })).toEqual(expected);
}

// Expected values derived independently with a small python3 script, not from our output:
// classic: split the file on blank lines, take the first descriptor of each header (real name of
// an `alias@npm:real@range`), skip file:/link: ranges, read `  version "x"`; berry: every
// `  resolution: "..."` line, patch: unwrapped with urllib.parse.unquote, keep `npm:` ones. Who
// depends on each: the root package.json's declarations, berry's workspace entries and every
// entry's `name range` dependencies, looked up by descriptor. Then per name, the pairing rule
// (test/deps/pairing-reference.py): by lost-and-gained dependents first, then nearest version;
// leftovers are removed/added. Here every pair is from a version the head no longer has.
// Distinct name@version counts per side (webpack 1375/1369, prettier 1063/1051) match the
// extraction below.
describe('yarn corpus', () => {
  it('webpack (classic v1): exact change sets, on the extracted sides and through the pipeline', async () => {
    await expectChangeSets('webpack-webpack-classic', {
      added: ['@borewit/text-codec@0.2.2', '@tokenizer/inflate@0.4.1', 'is-in-ssh@1.0.0', 'powershell-utils@0.1.0', 'uint8array-extras@1.5.0', 'wsl-utils@0.3.1'],
      removed: [
        'abort-controller@3.0.0', 'base64-js@1.5.1', 'buffer@6.0.3', 'event-target-shim@5.0.1', 'get-stdin@9.0.0', 'peek-readable@5.4.2',
        'prettier@3.8.1', 'process@0.11.10', 'readable-stream@4.7.0', 'readable-web-to-node-stream@3.0.4', 'safe-buffer@5.2.1', 'string_decoder@1.3.0',
      ],
      upgraded: [
        'default-browser@5.2.1->5.5.0', 'file-type@18.7.0->21.3.4', 'follow-redirects@1.15.11->1.16.0', 'meow@12.1.1->14.1.0', 'open-cli@8.0.0->9.0.0',
        'open@10.1.2->11.0.0', 'prettier@3.8.2->3.8.3', 'strtok3@7.1.1->10.3.5', 'tempy@3.1.0->3.2.0', 'token-types@5.0.1->6.1.2',
      ],
      downgraded: [],
    });
  });

  it('webpack (classic v1): sizes, lines, scopes and direct flags', async () => {
    const base = side('webpack-webpack-classic', 'base');
    expect(base).toHaveLength(1375);
    const find = (purl: string) => base.find((d) => d.purl === purl);
    // `grep -n '^"@actions/core@' base/yarn.lock` -> 5; not in package.json, reached from devDependencies only.
    expect(find('pkg:npm/%40actions/core@3.0.0')).toMatchObject({ line: 5, direct: false, scope: 'development' });
    // package.json line 99: "enhanced-resolve": "^5.20.0" under dependencies; header line 4096.
    expect(find('pkg:npm/enhanced-resolve@5.20.1')).toMatchObject({ line: 4096, direct: true, scope: 'runtime', declaredAt: { path: 'package.json', line: 99 } });
    // package.json line 171: "prettier": "^3.8.2" under devDependencies -> `prettier@^3.8.2:` (line 8306);
    // prettier@3.8.1 (`prettier@^3.2.5:`) is someone else's dependency, not direct.
    expect(find('pkg:npm/prettier@3.8.2')).toMatchObject({ line: 8306, direct: true, scope: 'development', declaredAt: { path: 'package.json', line: 171 } });
    expect(find('pkg:npm/prettier@3.8.1')).toMatchObject({ line: 8301, direct: false });
    // Removed in head: the pipeline records it at its base line.
    const report = await evaluateCorpusPair('yarn/webpack-webpack-classic');
    expect(report.changes.find((record) => record.change === 'removed' && record.name === 'prettier')).toMatchObject({ from: '3.8.1', line: 8301, direct: false });
    // package.json declares 24 dependencies + 88 devDependencies.
    expect(base.filter((d) => d.direct)).toHaveLength(112);
  });

  it('prettier (berry): exact change sets, on the extracted sides and through the pipeline', async () => {
    await expectChangeSets('prettier-prettier-berry', {
      added: ['yuku-ast@0.7.0'],
      removed: [
        '@babel/code-frame@7.0.0', '@babel/highlight@7.25.9', 'ansi-regex@4.1.1', 'ansi-styles@3.2.1', 'chalk@2.4.2', 'color-convert@1.9.3',
        'color-name@1.1.3', 'escape-string-regexp@1.0.5', 'eslint-formatter-friendly@7.0.0', 'has-flag@3.0.0', 'strip-ansi@5.2.0',
        'supports-color@5.5.0', 'text-table@0.2.0',
      ],
      upgraded: [
        '@yuku-parser/binding-darwin-arm64@0.6.5->0.7.0', '@yuku-parser/binding-darwin-x64@0.6.5->0.7.0', '@yuku-parser/binding-freebsd-x64@0.6.5->0.7.0',
        '@yuku-parser/binding-linux-arm-gnu@0.6.5->0.7.0', '@yuku-parser/binding-linux-arm-musl@0.6.5->0.7.0',
        '@yuku-parser/binding-linux-arm64-gnu@0.6.5->0.7.0', '@yuku-parser/binding-linux-arm64-musl@0.6.5->0.7.0',
        '@yuku-parser/binding-linux-x64-gnu@0.6.5->0.7.0', '@yuku-parser/binding-linux-x64-musl@0.6.5->0.7.0',
        '@yuku-parser/binding-win32-arm64@0.6.5->0.7.0', '@yuku-parser/binding-win32-x64@0.6.5->0.7.0', '@yuku-parser/wasm@0.6.5->0.7.0',
        '@yuku-toolchain/types@0.5.43->0.7.0', 'yuku-parser@0.6.5->0.7.0',
      ],
      downgraded: [],
    });
  });

  it('prettier (berry): workspace skipped, patches unwrapped, lines and scopes', () => {
    const base = side('prettier-prettier-berry', 'base');
    expect(base).toHaveLength(1063);
    expect(base.some((d) => d.name === 'prettier' && d.version === '0.0.0-use.local')).toBe(false);
    // typescript@npm:6.0.3 (line 9586) and its builtin patch (line 9596) are one package.
    expect(base.filter((d) => d.name === 'typescript')).toEqual([
      expect.objectContaining({ version: '6.0.3', line: 9586, direct: true, scope: 'runtime', declaredAt: { path: 'package.json', line: 127 } }),
    ]);
    // "@angular/compiler": "22.0.7" under dependencies (package.json line 45), header line 8.
    expect(base.find((d) => d.name === '@angular/compiler')).toMatchObject({ line: 8, direct: true, scope: 'runtime' });
    // trim is pinned by `resolutions` (descriptor rewritten): still found through its name.
    expect(base.find((d) => d.name === 'trim')).toMatchObject({ version: '1.0.1', line: 9498, direct: false });
    // 91 dependencies + 60 devDependencies in package.json.
    expect(base.filter((d) => d.direct)).toHaveLength(151);
    expect(base.filter((d) => d.scope === 'unknown')).toEqual([]);
  });
});
