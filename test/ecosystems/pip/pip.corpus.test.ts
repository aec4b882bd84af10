import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { pip } from '../../../src/ecosystems/pip/index.js';
import { projectContextOf } from '../../../src/ecosystems/registry.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

/** `name@version` with the PEP 503 name the purl carries. */
function extractSide(slug: string, side: 'base' | 'head', files: [string, string][]) {
  const result = pip.extract(files.map(([corpusName, path]) => ({ path, content: readCorpus(`python/${slug}/${side}/${corpusName}`) })));
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

// Expected sets derived independently with python3: for each side, every line matching
// re.match(r'^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?===?([^\s;\\]+)', line) gives
// (PEP 503 name, version); added/removed are the set differences per name, and versions present
// on both sides pair in packaging.version.Version order into upgrades/downgrades.
describe('pip corpus: sigstore-python requirements.txt (pip-compile --generate-hashes)', () => {
  const files: [string, string][] = [['requirements.txt', 'requirements.txt'], ['requirements.in', 'requirements.in']];
  const base = extractSide('sigstore-sigstore-python-requirements', 'base', files);
  const head = extractSide('sigstore-sigstore-python-requirements', 'head', files);

  it('extracts every pinned package', () => {
    expect(base).toHaveLength(37);
    expect(head).toHaveLength(39);
  });

  const expected: ChangeSummary = {
    added: ['platformdirs@4.2.2', 'pyasn1@0.6.0', 'rfc8785@0.1.2'],
    removed: ['appdirs@1.4.4'],
    upgraded: [
      'certifi@2023.11.17->2024.2.2', 'email-validator@2.1.0.post1->2.1.1', 'grpclib@0.4.6->0.4.7', 'multidict@6.0.4->6.0.5',
      'pycparser@2.21->2.22', 'pydantic-core@2.14.5->2.18.2', 'pydantic@2.5.2->2.7.1', 'pygments@2.17.2->2.18.0',
      'python-dateutil@2.8.2->2.9.0.post0', 'securesystemslib@0.31.0->1.0.0', 'sigstore-protobuf-specs@0.2.2->0.3.2',
      'sigstore-rekor-types@0.0.11->0.0.13', 'sigstore@2.1.5->3.0.0', 'tuf@3.1.1->5.0.0', 'typing-extensions@4.9.0->4.11.0',
      'urllib3@2.1.0->2.2.1', 'zipp@3.17.0->3.18.2',
    ].sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('marks only what requirements.in asks for as direct, with lines checked by hand (grep -n)', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(head.filter((d) => d.direct).map((d) => d.name)).toEqual(['sigstore']);
    expect(byName.get('sigstore')).toMatchObject({ line: 473, declaredAt: { path: 'requirements.in', line: 1 }, scope: 'runtime' });
    expect(byName.get('pydantic')).toMatchObject({ version: '2.7.1', line: 350, direct: false });
    expect(byName.get('platformdirs')).toMatchObject({ line: 338, direct: false, purl: 'pkg:pypi/platformdirs@4.2.2' });
  });

  describe('through the pipeline (evaluateChange over requirements.txt and requirements.in)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('python/sigstore-sigstore-python-requirements');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'pip', manifest: 'requirements.txt' })).toEqual(expected);
    });

    it('records lines and direct flags of changes (grep -n)', () => {
      expect(report.changes.find((record) => record.name === 'sigstore')).toMatchObject({ change: 'upgraded', from: '2.1.5', to: '3.0.0', line: 473, direct: true, scope: 'runtime' });
      expect(report.changes.find((record) => record.name === 'pydantic')).toMatchObject({ change: 'upgraded', to: '2.7.1', line: 350, direct: false });
      expect(report.changes.find((record) => record.name === 'platformdirs')).toMatchObject({ change: 'added', line: 338, direct: false, purl: 'pkg:pypi/platformdirs@4.2.2' });
    });
  });
});

describe('pip corpus: warehouse requirements/main.txt with main.in', () => {
  const files: [string, string][] = [['main.txt', 'requirements/main.txt'], ['main.in', 'requirements/main.in']];
  const base = extractSide('pypi-warehouse-requirements', 'base', files);
  const head = extractSide('pypi-warehouse-requirements', 'head', files);

  it('is owned and grouped as one project', () => {
    const paths = files.map(([, path]) => path);
    expect(paths.every((path) => pip.owns(path))).toBe(true);
    expect(pip.projects?.(paths, paths, projectContextOf(pip))).toEqual([{ root: 'requirements', paths: ['requirements/main.txt', 'requirements/main.in'] }]);
  });

  const expected: ChangeSummary = {
    added: ['comrak@0.0.12', 'pydantic-settings@2.14.1', 'python-dotenv@1.2.2'],
    removed: ['cmarkgfm@2025.10.22'],
    upgraded: [
      'disposable-email-domains@0.0.198->0.0.199', 'jsonschema-path@0.3.4->0.4.6', 'openapi-core@0.22.0->0.23.1',
      'openapi-schema-validator@0.6.3->0.8.1', 'openapi-spec-validator@0.7.2->0.8.5', 'pathable@0.4.4->0.5.0',
      'pyramid-openapi3@0.21.0->0.22.0', 'readme-renderer@44.0->45.0', 'referencing@0.36.2->0.37.0',
    ],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(base).toHaveLength(183);
    expect(head).toHaveLength(185);
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('reads direct-ness from `# via -r requirements/main.in` (80 lines in main.in, one package each)', () => {
    // grep -c . main.in = 80 requirement lines, each a different package.
    expect(head.filter((d) => d.direct)).toHaveLength(80);
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(byName.get('alembic')).toMatchObject({ version: '1.18.4', line: 7, direct: true, declaredAt: { path: 'requirements/main.in', line: 1 } });
    expect(byName.get('celery')).toMatchObject({ version: '5.6.3', line: 204, direct: true, declaredAt: { path: 'requirements/main.in', line: 9 } });
    expect(byName.get('amqp')).toMatchObject({ line: 17, direct: false, scope: 'runtime' });
    expect(byName.get('comrak')).toMatchObject({ line: 501, direct: false });
    expect(byName.get('setuptools')).toMatchObject({ version: '81.0.0', line: 2754, direct: false });
  });

  describe('through the pipeline (evaluateChange, both files at their upstream paths)', () => {
    const pair = 'python/pypi-warehouse-requirements';
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair(pair, { at: Object.fromEntries(files) });
    });

    it('reports the same change set, in requirements/main.txt', () => {
      expect(report.manifests).toEqual([{ path: 'requirements/main.txt', ecosystem: 'pip', packages: 185 }]);
      expect(summarizeRecords(report.changes, { ecosystem: 'pip', manifest: 'requirements/main.txt' })).toEqual(expected);
    });

    it('records lines and direct flags of changes (grep -n)', () => {
      expect(report.changes.find((record) => record.name === 'comrak')).toMatchObject({ change: 'added', to: '0.0.12', line: 501, direct: false });
    });

    it('reads nothing when the files lie flat, as the corpus keeps them: no ecosystem owns main.txt', async () => {
      const flat = await evaluateCorpusPair(pair);
      expect([flat.manifests, flat.changes]).toEqual([[], []]);
    });
  });
});
