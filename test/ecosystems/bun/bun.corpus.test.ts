import { describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { bun } from '../../../src/ecosystems/bun/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import { expectIdentitySetsUnchanged } from '../../deps/identity.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function side(ref: 'base' | 'head'): Dependency[] {
  const result = bun.extract([
    { path: 'package.json', content: readCorpus(`bun/honojs-hono/${ref}/package.json`) },
    { path: 'bun.lock', content: readCorpus(`bun/honojs-hono/${ref}/bun.lock`) },
  ]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

/**
 * Holds the expected name@version sets (display names, as the lockfile writes them) on the diff of
 * the extracted sides and on the Report of the pipeline (evaluateChange) over the whole pair.
 */
async function expectChangeSets(expected: ChangeSummary) {
  const [base, head] = [side('base'), side('head')];
  const diff = diffCollected(base, head);
  expectIdentitySetsUnchanged(base, head, diff);
  expect(summarizeChanges(diff, (dependency) => dependency.name)).toEqual(expected);
  const report = await evaluateCorpusPair('bun/honojs-hono');
  expect(summarizeRecords(report.changes, { ecosystem: 'bun', manifest: 'bun.lock', nameOf: (record) => record.name })).toEqual(expected);
}

// Expected values derived independently with python3: trailing commas stripped with a regex, then
// json.loads; the first element (`name@version`) of every `packages` value, split at the first `@`
// after position 0 (all are registry versions here). Who depends on each: the workspaces
// declaring it and the packages whose dependencies (and non-optional peers) resolve to its
// install path, nearest enclosing path first. Then per name, the pairing rule: a new version
// pairs with the base version that lost most of the dependents it gained, then the nearest;
// leftovers by nearest version (test/deps/pairing-reference.py). Distinct name@version counts:
// base 965, head 966.
describe('bun corpus (honojs/hono, bun.lock lockfileVersion 1)', () => {
  // Seven upgrades start from a version the head keeps for other dependents: eslint moved for
  // eslint-utils, regexpp, @eslint/js and cross-spawn; espree and acorn-jsx for acorn;
  // @eslint/eslintrc for js-yaml; publint for picocolors.
  it('exact change sets, on the extracted sides and through the pipeline', async () => {
    await expectChangeSets({
      added: [
        '@eslint/config-helpers@0.4.2', '@humanfs/core@0.19.1', '@humanfs/node@0.16.7', '@publint/pack@0.1.2', 'package-manager-detector@1.6.0',
      ],
      removed: [
        'eslint-visitor-keys@4.0.0', 'fs.realpath@1.0.0', 'glob@8.1.0', 'ignore-walk@5.0.1', 'inflight@1.0.6', 'is-path-inside@3.0.3',
        'minimatch@5.1.6', 'npm-bundled@2.0.1', 'npm-normalize-package-bin@2.0.0', 'npm-packlist@5.1.3', 'text-table@0.2.0',
      ],
      upgraded: [
        '@eslint-community/eslint-utils@4.4.0->4.9.0', '@eslint-community/regexpp@4.11.1->4.12.2', '@eslint/config-array@0.18.0->0.21.1',
        '@eslint/core@0.6.0->0.17.0', '@eslint/eslintrc@3.1.0->3.3.3', '@eslint/js@9.11.1->9.39.1', '@eslint/object-schema@2.1.4->2.1.7',
        '@eslint/plugin-kit@0.2.0->0.4.1', '@humanwhocodes/retry@0.3.0->0.4.3', 'acorn@8.12.1->8.15.0', 'cross-spawn@7.0.3->7.0.6',
        'editorconfig-checker@6.1.0->6.1.1', 'eslint-scope@8.0.2->8.4.0', 'eslint@9.11.1->9.39.1', 'espree@10.1.0->10.4.0', 'js-yaml@4.1.0->4.1.1',
        'picocolors@1.1.0->1.1.1', 'prettier@2.8.8->3.7.4', 'publint@0.1.16->0.3.15',
      ],
      downgraded: [],
    });
  });

  // Checked by hand with grep on the base files.
  it('lines, scopes and direct flags', () => {
    const base = side('base');
    expect(base).toHaveLength(965);
    const find = (purl: string) => base.find((d) => d.purl === purl);
    // `    "eslint": ["eslint@9.11.1", ...` line 787; package.json line 670 (devDependencies).
    expect(find('pkg:npm/eslint@9.11.1')).toMatchObject({ line: 787, direct: true, scope: 'development', declaredAt: { path: 'package.json', line: 670 } });
    expect(find('pkg:npm/prettier@2.8.8')).toMatchObject({ line: 1237, direct: true, declaredAt: { line: 677 } });
    // Transitive (cross-spawn is not in package.json); the project declares devDependencies only.
    expect(find('pkg:npm/cross-spawn@7.0.3')).toMatchObject({ line: 665, direct: false, scope: 'development' });
    expect(base.filter((d) => d.direct)).toHaveLength(27);
    expect(base.every((d) => d.scope === 'development')).toBe(true);
  });
});
