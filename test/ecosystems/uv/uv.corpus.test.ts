import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { uv } from '../../../src/ecosystems/uv/index.js';
import type { Dependency } from '../../../src/ecosystems/types.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeChanges, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

function extractSide(slug: string, side: 'base' | 'head') {
  const result = uv.extract(['uv.lock', 'pyproject.toml'].map((path) => ({ path, content: readCorpus(`python/${slug}/${side}/${path}`) })));
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

const count = (deps: Dependency[]) => ({
  total: deps.length,
  runtime: deps.filter((d) => d.scope === 'runtime').length,
  development: deps.filter((d) => d.scope === 'development').length,
  unknown: deps.filter((d) => d.scope === 'unknown').length,
  direct: deps.filter((d) => d.direct).length,
});

// Expected values derived independently with python3 + tomllib: the (PEP 503 name, version) set of
// `[[package]]` entries whose source is not editable/virtual/directory and whose name is not in
// [manifest] members; set differences per name, versions on both sides paired in
// packaging.version.Version order. Scope counts from a separate python BFS over `dependencies`
// (+ the requested extras' `optional-dependencies`): runtime = reachable from the local packages'
// dependencies and optional-dependencies, development = reachable only from their
// dev-dependencies; direct = named by a local package's dependencies, extras or dev groups.
describe('uv corpus: fastapi/fastapi', () => {
  const base = extractSide('fastapi-fastapi-uv', 'base');
  const head = extractSide('fastapi-fastapi-uv', 'head');

  it('extracts every package with scope by graph walk', () => {
    expect(count(base)).toEqual({ total: 246, runtime: 45, development: 201, unknown: 0, direct: 57 });
    expect(count(head)).toEqual({ total: 246, runtime: 45, development: 201, unknown: 0, direct: 57 });
    expect(head.some((d) => d.name === 'fastapi')).toBe(false);
  });

  const expected: ChangeSummary = {
    added: ['jsonpath-python@1.1.5', 'pydantic-handlebars@0.1.0'],
    removed: ['invoke@2.2.1', 'rsa@4.9.1'],
    upgraded: [
      'boto3@1.42.43->1.42.94', 'botocore@1.42.43->1.42.94', 'fastmcp@3.2.0->3.2.4', 'google-auth@2.48.0->2.49.2',
      'google-genai@1.62.0->1.73.1', 'mistralai@1.9.11->2.4.1', 'nexus-rpc@1.2.0->1.4.0', 'openai@2.17.0->2.32.0',
      'pydantic-ai-slim@1.63.0->1.83.0', 'pydantic-ai@1.63.0->1.83.0', 'pydantic-evals@1.63.0->1.83.0',
      'pydantic-graph@1.63.0->1.83.0', 'temporalio@1.20.0->1.26.0',
    ].sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('puts lines, scopes and declarations where grep -n finds them', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(byName.get('starlette')).toMatchObject({ version: '1.0.0', line: 5134, scope: 'runtime', direct: true, declaredAt: { path: 'pyproject.toml', line: 45 } });
    expect(byName.get('pytest')).toMatchObject({ line: 4200, scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 173 } });
    expect(byName.get('a2wsgi')).toMatchObject({ line: 9, scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 179 } });
    // anyio is asked for by the tests group, and starlette needs it at run time.
    expect(byName.get('anyio')).toMatchObject({ line: 224, scope: 'runtime', direct: true, declaredAt: { path: 'pyproject.toml', line: 165 } });
    expect(byName.get('idna')).toMatchObject({ line: 2187, scope: 'runtime', direct: false });
    expect(byName.get('idna')?.declaredAt).toBeUndefined();
  });

  describe('through the pipeline (evaluateChange over uv.lock and pyproject.toml)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('python/fastapi-fastapi-uv');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'uv', manifest: 'uv.lock' })).toEqual(expected);
    });
  });
});

describe('uv corpus: modelcontextprotocol/python-sdk (workspace)', () => {
  const base = extractSide('modelcontextprotocol-python-sdk-uv', 'base');
  const head = extractSide('modelcontextprotocol-python-sdk-uv', 'head');

  it('leaves the project and its eight workspace members out', () => {
    expect(count(base)).toEqual({ total: 92, runtime: 34, development: 58, unknown: 0, direct: 28 });
    expect(count(head)).toEqual({ total: 93, runtime: 34, development: 59, unknown: 0, direct: 29 });
    expect(head.some((d) => d.name.startsWith('mcp-simple') || d.name === 'mcp' || d.name === 'mcp-snippets')).toBe(false);
  });

  const expected: ChangeSummary = {
    added: ['backrefs@5.9', 'dirty-equals@0.9.0'],
    removed: ['regex@2024.11.6'],
    upgraded: [
      'anyio@4.5.0->4.9.0', 'asttokens@2.4.1->3.0.0', 'attrs@24.3.0->25.3.0', 'cairosvg@2.7.1->2.8.2', 'certifi@2024.12.14->2025.6.15',
      'charset-normalizer@3.4.1->3.4.2', 'click@8.1.0->8.2.1', 'exceptiongroup@1.2.2->1.3.0', 'griffe@1.6.2->1.7.3', 'h11@0.14.0->0.16.0',
      'httpcore@1.0.7->1.0.9', 'httpx-sse@0.4.0->0.4.1', 'httpx@0.27.0->0.28.1', 'iniconfig@2.0.0->2.1.0', 'inline-snapshot@0.23.0->0.23.2',
      'jsonschema@4.20.0->4.24.0', 'markdown@3.7->3.8.2', 'mkdocs-autorefs@1.4.1->1.4.2', 'mkdocs-material@9.5.45->9.6.15',
      'mkdocstrings-python@1.12.2->1.16.12', 'mkdocstrings@0.29.0->0.29.1', 'mypy-extensions@1.0.0->1.1.0', 'packaging@24.2->25.0',
      'platformdirs@4.3.6->4.3.8', 'pluggy@1.5.0->1.6.0', 'pydantic-core@2.33.0->2.33.2', 'pydantic-settings@2.6.1->2.10.1',
      'pydantic@2.11.0->2.11.7', 'pygments@2.18.0->2.19.2', 'pymdown-extensions@10.14.3->10.16', 'pyright@1.1.391->1.1.402',
      'pytest-examples@0.0.14->0.0.18', 'pytest-pretty@1.2.0->1.3.0', 'pytest-xdist@3.6.1->3.8.0', 'pytest@8.3.4->8.4.1',
      'python-dotenv@1.0.0->1.1.1', 'python-multipart@0.0.9->0.0.20', 'pyyaml-env-tag@0.1->1.1', 'requests@2.32.3->2.32.4',
      'rich@13.9.4->14.0.0', 'rpds-py@0.25.1->0.26.0', 'sse-starlette@1.6.1->2.3.6', 'starlette@0.27.0->0.47.1', 'trio@0.26.2->0.30.0',
      'typer@0.12.4->0.16.0', 'typing-extensions@4.12.2->4.14.0', 'urllib3@2.3.0->2.5.0', 'uvicorn@0.30.0->0.35.0',
    ].sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(summarizeChanges(diffCollected(base, head))).toEqual(expected);
  });

  it('puts lines, scopes and declarations where grep -n finds them', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    expect(byName.get('anyio')).toMatchObject({ version: '4.9.0', line: 26, scope: 'runtime', direct: true, declaredAt: { path: 'pyproject.toml', line: 25 } });
    expect(byName.get('pyright')).toMatchObject({ line: 1316, scope: 'development', direct: true, declaredAt: { path: 'pyproject.toml', line: 51 } });
    // click: a direct dependency of the example servers (workspace members), not of the root pyproject.
    expect(byName.get('click')).toMatchObject({ line: 271, scope: 'runtime', direct: true });
    expect(byName.get('click')?.declaredAt).toBeUndefined();
  });

  describe('through the pipeline (evaluateChange over uv.lock and pyproject.toml)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('python/modelcontextprotocol-python-sdk-uv');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'uv', manifest: 'uv.lock' })).toEqual(expected);
    });

    it('records lines, scopes and direct flags of changes where grep -n finds them', () => {
      expect(report.changes.find((record) => record.name === 'anyio')).toMatchObject({ change: 'upgraded', from: '4.5.0', to: '4.9.0', line: 26, scope: 'runtime', direct: true });
      expect(report.changes.find((record) => record.name === 'pyright')).toMatchObject({ change: 'upgraded', line: 1316, scope: 'development', direct: true });
      expect(report.changes.find((record) => record.name === 'click')).toMatchObject({ change: 'upgraded', line: 271, scope: 'runtime', direct: true });
    });
  });
});
