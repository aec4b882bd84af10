import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { poetry } from '../../../src/ecosystems/poetry/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function extractSide(side: 'base' | 'head') {
  const result = poetry.extract(
    ['poetry.lock', 'pyproject.toml'].map((path) => ({ path, content: readCorpus(`python/python-poetry-poetry/${side}/${path}`) })),
  );
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

// Expected values derived independently with python3 + tomllib: the (PEP 503 name, version) set
// of `[[package]]` in each poetry.lock, set differences per name, versions on both sides paired
// in packaging.version.Version order. Counts: len(package) = 78 / 77; packages whose `groups`
// include "main" = 53 / 52; packages named in [project] dependencies or a
// [tool.poetry.group.*.dependencies] table = 38 / 35.
describe('poetry corpus: python-poetry/poetry', () => {
  const base = extractSide('base');
  const head = extractSide('head');

  it('extracts every locked package with the scope its groups record', () => {
    expect(base).toHaveLength(78);
    expect(head).toHaveLength(77);
    expect(base.filter((d) => d.scope === 'runtime')).toHaveLength(53);
    expect(head.filter((d) => d.scope === 'runtime')).toHaveLength(52);
    expect(base.filter((d) => d.direct)).toHaveLength(38);
    expect(head.filter((d) => d.direct)).toHaveLength(35);
  });

  const expected: ChangeSummary = {
    added: ['librt@0.7.3', 'responses@0.25.8'],
    removed: ['httpretty@1.1.4', 'setuptools@80.9.0', 'sniffio@1.3.1'],
    upgraded: [
      'anyio@4.10.0->4.12.0', 'cachecontrol@0.14.3->0.14.4', 'certifi@2025.8.3->2025.11.12', 'cffi@1.17.1->2.0.0',
      'cfgv@3.4.0->3.5.0', 'charset-normalizer@3.4.3->3.4.4', 'coverage@7.10.6->7.12.0', 'cryptography@43.0.3->46.0.3',
      'exceptiongroup@1.3.0->1.3.1', 'execnet@2.1.1->2.1.2', 'filelock@3.19.1->3.20.0', 'findpython@0.7.0->0.7.1',
      'identify@2.6.13->2.6.15', 'idna@3.10->3.11', 'iniconfig@2.1.0->2.3.0', 'keyring@25.6.0->25.7.0', 'msgpack@1.1.1->1.1.2',
      'mypy@1.17.1->1.19.0', 'pbs-installer@2025.9.2->2025.12.5', 'platformdirs@4.4.0->4.5.1', 'pre-commit@4.3.0->4.5.0',
      'psutil@7.0.0->7.1.3', 'pycparser@2.22->2.23', 'pytest-cov@6.2.1->7.0.0', 'pytest-mock@3.15.0->3.15.1',
      'pytest-randomly@3.16.0->4.0.1', 'pytest@8.4.2->9.0.2', 'pyyaml@6.0.2->6.0.3', 'rapidfuzz@3.13.0->3.14.3',
      'secretstorage@3.3.3->3.5.0', 'tomli@2.2.1->2.3.0', 'trove-classifiers@2025.8.26.11->2025.12.1.14',
      'types-requests@2.32.4.20250809->2.32.4.20250913', 'urllib3@2.2.3->2.6.0', 'virtualenv@20.34.0->20.35.4',
      'xattr@1.2.0->1.3.0', 'zstandard@0.24.0->0.25.0',
    ].sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('puts lines, scopes and declarations where grep -n finds them', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(byName.get('anyio')).toMatchObject({ line: 3, scope: 'runtime', direct: false });
    expect(byName.get('requests')).toMatchObject({ version: '2.32.5', line: 1746, scope: 'runtime', direct: true, declaredAt: { path: 'pyproject.toml', line: 20 } });
    expect(byName.get('pre-commit')).toMatchObject({ line: 1348, scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 70 } });
    expect(byName.get('pytest-xdist')).toMatchObject({ line: 1532, scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 81 } });
    expect(byName.get('poetry-core')).toMatchObject({ direct: true, declaredAt: { path: 'pyproject.toml', line: 7 } });
    expect(byName.get('cfgv')).toMatchObject({ line: 195, scope: 'development', direct: false });
    expect(byName.get('librt')).toMatchObject({ line: 968, scope: 'development', direct: false });
  });

  describe('through the pipeline (evaluateChange over poetry.lock and pyproject.toml)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('python/python-poetry-poetry');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'poetry', manifest: 'poetry.lock' })).toEqual(expected);
    });

    it('records lines, scopes and direct flags of changes where grep -n finds them', () => {
      expect(report.changes.find((record) => record.name === 'pre-commit')).toMatchObject({ change: 'upgraded', from: '4.3.0', to: '4.5.0', line: 1348, scope: 'development', direct: true });
      expect(report.changes.find((record) => record.name === 'librt')).toMatchObject({ change: 'added', line: 968, scope: 'development', direct: false });
      expect(report.changes.find((record) => record.name === 'anyio')).toMatchObject({ change: 'upgraded', line: 3, scope: 'runtime', direct: false });
    });
  });
});
