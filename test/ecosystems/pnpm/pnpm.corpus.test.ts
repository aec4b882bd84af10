import { describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { pnpm } from '../../../src/ecosystems/pnpm/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from '../../deps/identity.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function side(slug: string, ref: 'base' | 'head'): Dependency[] {
  const result = pnpm.extract([
    { path: 'package.json', content: readCorpus(`pnpm/${slug}/${ref}/package.json`) },
    { path: 'pnpm-lock.yaml', content: readCorpus(`pnpm/${slug}/${ref}/pnpm-lock.yaml`) },
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
  const report = await evaluateCorpusPair(`pnpm/${slug}`);
  expect(summarizeRecords(report.changes, { ecosystem: 'pnpm', manifest: 'pnpm-lock.yaml', nameOf: (record) => record.name })).toEqual(expected);
}

// Expected values derived independently with python3 + PyYAML (BaseLoader), not from our output:
// the keys of `packages`, matched with a regex per generation (5: `/name/version[_peers]`,
// 6: `/name@version[(peers)]`, 9: `name@version`), `name`/`version` fields when the entry has
// them, `file:` / `resolution.directory` entries dropped. Who depends on each: the importers
// listing it (`workspace:<path>`) and the packages whose `packages` (5, 6) or `snapshots` (9)
// entry lists it. Then per name, the pairing rule: a new version pairs with the base version
// that lost most of the dependents it gained, then the nearest; leftovers by nearest version
// (test/deps/pairing-reference.py). Distinct name@version counts per side: v5 1099/1102,
// v6 1187/1174, v9 1367/1359.
describe('pnpm corpus', () => {
  // From versions the head keeps for @babel/core (parser 7.19.6, types 7.19.4) and for
  // @microsoft/tsdoc-config (tsdoc 0.14.1): every other dependent moved to the new version.
  it('lockfileVersion 5.4: exact change sets, on the extracted sides and through the pipeline', async () => {
    expect(side('vitejs-vite-lockv5', 'base')).toHaveLength(1099);
    await expectChangeSets('vitejs-vite-lockv5', {
      added: ['shiki-processor@0.1.1'],
      removed: ['@babel/runtime@7.19.0'],
      upgraded: [
        '@algolia/autocomplete-core@1.7.1->1.7.2', '@algolia/autocomplete-preset-algolia@1.7.1->1.7.2', '@algolia/autocomplete-shared@1.7.1->1.7.2',
        '@babel/parser@7.19.6->7.20.0', '@babel/plugin-syntax-typescript@7.18.6->7.20.0', '@babel/plugin-transform-typescript@7.19.3->7.20.0',
        '@babel/runtime@7.19.4->7.20.0', '@babel/standalone@7.19.6->7.20.0', '@babel/types@7.19.4->7.20.0', '@docsearch/css@3.2.1->3.3.0',
        '@docsearch/js@3.2.1->3.3.0', '@docsearch/react@3.2.1->3.3.0', '@emotion/babel-plugin@11.10.2->11.10.5', '@emotion/cache@11.10.0->11.10.5',
        '@emotion/react@11.10.4->11.10.5', '@emotion/serialize@1.1.0->1.1.1', '@emotion/sheet@1.2.0->1.2.1',
        '@microsoft/api-extractor-model@7.25.1->7.25.2', '@microsoft/api-extractor@7.33.4->7.33.5', '@microsoft/tsdoc@0.14.1->0.14.2',
        '@types/semver@7.3.12->7.3.13', '@types/web-bluetooth@0.0.15->0.0.16', '@vueuse/core@9.3.0->9.4.0', '@vueuse/metadata@9.3.0->9.4.0',
        '@vueuse/shared@9.3.0->9.4.0', 'autoprefixer@10.4.12->10.4.13', 'caniuse-lite@1.0.30001409->1.0.30001427',
        'eslint-define-config@1.8.0->1.11.0', 'phoenix@1.6.14->1.6.15', 'pnpm@7.14.0->7.14.1', 'rollup-plugin-license@2.8.2->2.9.0',
        'stylis@4.0.13->4.1.3', 'vitepress@1.0.0-alpha.22->1.0.0-alpha.26',
      ],
      downgraded: [],
    });
  });

  it('lockfileVersion 6.0: exact change sets, on the extracted sides and through the pipeline', async () => {
    expect(side('vitejs-vite-lockv6', 'base')).toHaveLength(1187);
    await expectChangeSets('vitejs-vite-lockv6', {
      added: ['@conventional-changelog/git-client@1.0.0', 'find-up-simple@1.0.0', 'index-to-position@0.1.2', 'read-package-up@11.0.0', 'unicorn-magic@0.1.0'],
      removed: [
        'JSONStream@1.3.5', 'dargs@8.1.0', 'error-ex@1.3.2', 'find-up@6.3.0', 'is-arrayish@0.2.1', 'is-text-path@2.0.0', 'json-stringify-safe@5.0.1',
        'jsonparse@1.3.1', 'lines-and-columns@2.0.3', 'locate-path@7.2.0', 'meow@12.1.1', 'p-limit@4.0.0', 'p-locate@6.0.0', 'path-exists@5.0.0',
        'read-pkg-up@10.1.0', 'split2@4.2.0', 'text-extensions@2.4.0', 'through@2.3.8',
      ],
      upgraded: [
        '@types/normalize-package-data@2.4.1->2.4.4', 'conventional-changelog-angular@7.0.0->8.0.0', 'conventional-changelog-atom@4.0.0->5.0.0',
        'conventional-changelog-cli@4.1.0->5.0.0', 'conventional-changelog-codemirror@4.0.0->5.0.0', 'conventional-changelog-conventionalcommits@7.0.2->8.0.0',
        'conventional-changelog-core@7.0.0->8.0.0', 'conventional-changelog-ember@4.0.0->5.0.0', 'conventional-changelog-eslint@5.0.0->6.0.0',
        'conventional-changelog-express@4.0.0->5.0.0', 'conventional-changelog-jquery@5.0.0->6.0.0', 'conventional-changelog-jshint@4.0.0->5.0.0',
        'conventional-changelog-preset-loader@4.1.0->5.0.0', 'conventional-changelog-writer@7.0.1->8.0.0', 'conventional-changelog@5.1.0->6.0.0',
        'conventional-commits-filter@4.0.0->5.0.0', 'conventional-commits-parser@5.0.0->6.0.0', 'git-raw-commits@4.0.0->5.0.0', 'git-semver-tags@7.0.1->8.0.0',
        'parse-json@7.1.0->8.1.0', 'read-pkg@8.1.0->9.0.1', 'type-fest@4.4.0->4.18.1',
      ],
      downgraded: [],
    });
  });

  it('lockfileVersion 9.0: exact change sets, on the extracted sides and through the pipeline', async () => {
    expect(side('vitejs-vite-lockv9', 'base')).toHaveLength(1367);
    await expectChangeSets('vitejs-vite-lockv9', {
      added: ['@simple-libs/hosted-git-info@1.0.2'],
      removed: [
        'execa@8.0.1', 'get-stream@8.0.1', 'human-signals@5.0.0', 'is-stream@3.0.0', 'merge-stream@2.0.0', 'mimic-fn@4.0.0', 'npm-run-path@5.3.0',
        'onetime@6.0.0', 'strip-final-newline@3.0.0',
      ],
      upgraded: [
        '@conventional-changelog/git-client@2.5.1->2.7.0', '@simple-libs/stream-utils@1.1.0->1.2.0', '@vitejs/release-scripts@1.6.0->1.7.0',
        'brace-expansion@1.1.12->1.1.14', 'brace-expansion@2.0.2->2.1.0', 'conventional-changelog-conventionalcommits@9.1.0->9.3.1',
        'conventional-changelog-writer@8.2.0->8.4.0', 'conventional-changelog@7.1.1->7.2.0', 'conventional-commits-parser@6.2.1->6.4.0',
        'flatted@3.3.3->3.4.2', 'follow-redirects@1.15.11->1.16.0', 'handlebars@4.7.8->4.7.9', 'minimatch@9.0.5->9.0.9', 'path-to-regexp@8.3.0->8.4.2',
        'qs@6.14.1->6.15.1', 'yaml@2.8.2->2.8.3',
      ],
      downgraded: [],
    });
  });

  // Counted on the files, not from our output: `grep -c 'requiresBuild: true' <ref>/pnpm-lock.yaml`
  // gives v5 head 102, v6 head 150, v9 head 0 (pnpm 9 dropped the field); an awk over the entry keys
  // of those lines finds no name@version twice and no file: entry, so each line is one package.
  it('installScripts on exactly the packages whose entry says requiresBuild: true', () => {
    const withScripts = (slug: string) => side(slug, 'head').filter((d) => d.installScripts === true);
    expect(withScripts('vitejs-vite-lockv5')).toHaveLength(102);
    expect(withScripts('vitejs-vite-lockv6')).toHaveLength(150);
    expect(withScripts('vitejs-vite-lockv9')).toHaveLength(0);
    // `  /esbuild@0.19.11:` carries `requiresBuild: true` in the v6 head; `  /@babel/core@7.24.5:` does not.
    const v6 = side('vitejs-vite-lockv6', 'head');
    expect(v6.find((d) => d.purl === 'pkg:npm/esbuild@0.19.11')?.installScripts).toBe(true);
    expect(v6.find((d) => d.purl === 'pkg:npm/%40babel/core@7.24.5')?.installScripts).toBeUndefined();
  });

  // Checked by hand with grep / sed on the base files.
  it('lines, scopes and direct flags', () => {
    const v5 = side('vitejs-vite-lockv5', 'base');
    const find5 = (purl: string) => v5.find((d) => d.purl === purl);
    // `  /eslint/8.26.0:` line 5246, `dev: true`; root package.json devDependencies line 65.
    expect(find5('pkg:npm/eslint@8.26.0')).toMatchObject({ line: 5246, scope: 'development', direct: true, declaredAt: { path: 'package.json', line: 65 } });
    // `  /postcss/8.4.18:` line 7587, no dev flag (dev and prod); listed by the packages/vite importer.
    expect(find5('pkg:npm/postcss@8.4.18')).toMatchObject({ line: 7587, scope: 'runtime', direct: true });
    expect(find5('pkg:npm/postcss@8.4.18')?.declaredAt).toBeUndefined();
    expect(find5('pkg:npm/nanoid@3.3.4')).toMatchObject({ line: 6893, scope: 'runtime', direct: false });

    const v6 = side('vitejs-vite-lockv6', 'base');
    expect(v6.find((d) => d.purl === 'pkg:npm/eslint@8.57.0')).toMatchObject({ line: 6530, scope: 'development', direct: true, declaredAt: { line: 65 } });
    expect(v6.find((d) => d.purl === 'pkg:npm/postcss@8.4.38')).toMatchObject({ line: 9006, direct: true });

    const v9 = side('vitejs-vite-lockv9', 'base');
    const find9 = (purl: string) => v9.find((d) => d.purl === purl);
    // `  '@eslint/js@9.39.4':` line 2778; root devDependencies (package.json line 44).
    expect(find9('pkg:npm/%40eslint/js@9.39.4')).toMatchObject({ line: 2778, scope: 'development', direct: true, declaredAt: { path: 'package.json', line: 44 } });
    // packages/vite lists postcss under dependencies; its snapshot depends on nanoid 3.3.11.
    expect(find9('pkg:npm/postcss@8.5.10')).toMatchObject({ line: 7027, scope: 'runtime', direct: true });
    expect(find9('pkg:npm/nanoid@3.3.11')).toMatchObject({ line: 6665, scope: 'runtime', direct: false });
    // Workspace members (`link:`) are no packages.
    expect(v9.some((d) => d.name === 'vite')).toBe(false);
    expect(v9.every((d) => d.line !== undefined)).toBe(true);
  });
});
