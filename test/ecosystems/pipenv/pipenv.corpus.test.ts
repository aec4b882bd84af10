import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { pipenv } from '../../../src/ecosystems/pipenv/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function extractSide(side: 'base' | 'head') {
  const result = pipenv.extract(
    ['Pipfile.lock', 'Pipfile'].map((path) => ({ path, content: readCorpus(`python/pypa-pipenv/${side}/${path}`) })),
  );
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

// Expected values derived independently with python3 + json/tomllib: every entry of `default` and
// `develop` with a "version" (== stripped; base's legacy-cgi has "version": "*", an unresolved
// requirement), set differences per PEP 503 name, versions on both sides paired in
// packaging.version.Version order (an unresolved requirement sorts first). Counts: default has 1
// entry, develop 102 / 101 besides the editable `pipenv` path entry; 29 / 30 of them are named in
// the matching Pipfile section ([packages] for default, [dev-packages] for develop).
describe('pipenv corpus: pypa/pipenv', () => {
  const base = extractSide('base');
  const head = extractSide('head');

  it('extracts both sections and skips the project itself (editable path ".")', () => {
    expect(base).toHaveLength(103);
    expect(head).toHaveLength(102);
    expect(head.filter((d) => d.scope === 'runtime').map((d) => d.name)).toEqual(['pytz']);
    expect(base.filter((d) => d.direct)).toHaveLength(29);
    expect(head.filter((d) => d.direct)).toHaveLength(30);
    expect(head.some((d) => d.name === 'pipenv')).toBe(false);
  });

  const expected: ChangeSummary = {
    added: ['pytest-rerunfailures@16.1', 'roman-numerals@4.1.0'],
    removed: ['backports-tarfile@1.2.0', 'flaky@3.8.1', 'importlib-resources@6.5.2'],
    upgraded: [
      'build@1.3.0->1.4.0', 'certifi@2025.11.12->2026.1.4', 'coverage@7.13.0->7.13.1', 'docutils@0.21.2->0.22.4',
      'filelock@3.20.0->3.20.3', 'identify@2.6.15->2.6.16', 'importlib-metadata@8.7.0->8.7.1', 'jaraco-context@6.0.1->6.1.0',
      'jaraco-functools@4.3.0->4.4.0', 'legacy-cgi@*->2.6.4', 'markdown-it-py@3.0.0->4.0.0', 'myst-parser@4.0.1->5.0.0',
      'nodeenv@1.9.1->1.10.0', 'packaging@25.0->26.0', 'pathspec@0.12.1->1.0.3', 'pycparser@2.23->3.0', 'rich@14.2.0->14.3.0',
      'setuptools@80.9.0->80.10.1', 'soupsieve@2.8->2.8.3', 'sphinx@8.1.3->9.1.0', 'tomli@2.3.0->2.4.0', 'urllib3@2.6.1->2.6.3',
      'virtualenv@20.35.4->20.36.1',
    ].sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('puts lines, scopes and declarations where grep -n finds them', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(byName.get('pytz')).toMatchObject({ version: '2025.2', line: 17, scope: 'runtime', direct: true, declaredAt: { path: 'Pipfile', line: 40 } });
    expect(byName.get('alabaster')).toMatchObject({ line: 27, scope: 'development', direct: false });
    expect(byName.get('pytest-rerunfailures')).toMatchObject({ line: 1052, direct: true, declaredAt: { path: 'Pipfile', line: 36 } });
    expect(byName.get('sphinx')).toMatchObject({ line: 1225, direct: true, declaredAt: { path: 'Pipfile', line: 10 } });
    expect(byName.get('roman-numerals')).toMatchObject({ line: 1176, direct: false, scope: 'development' });
  });

  describe('through the pipeline (evaluateChange over Pipfile.lock and Pipfile)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('python/pypa-pipenv');
    });

    it('reports the same change set, legacy-cgi upgraded from its unresolved base requirement', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'pipenv', manifest: 'Pipfile.lock' })).toEqual(expected);
      // Base's `"version": "*"` has no exact version: no `from`, its requirement kept as previousRequirement.
      const legacyCgi = report.changes.find((record) => record.name === 'legacy-cgi');
      expect(legacyCgi).toMatchObject({ change: 'upgraded', to: '2.6.4', previousRequirement: '*', scope: 'development', direct: true });
      expect(legacyCgi?.from).toBeUndefined();
    });

    it('records lines, scopes and direct flags of changes where grep -n finds them', () => {
      expect(report.changes.find((record) => record.name === 'pytest-rerunfailures')).toMatchObject({ change: 'added', to: '16.1', line: 1052, direct: true });
      expect(report.changes.find((record) => record.name === 'sphinx')).toMatchObject({ change: 'upgraded', from: '8.1.3', to: '9.1.0', line: 1225, direct: true });
      expect(report.changes.find((record) => record.name === 'roman-numerals')).toMatchObject({ change: 'added', line: 1176, direct: false, scope: 'development' });
    });
  });
});
