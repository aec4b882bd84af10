import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { nuget } from '../../../src/ecosystems/nuget/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const DIR = 'dotnet/Azure-bicep';
const PATH = 'src/Bicep.Cli/packages.lock.json'; // its path upstream

function extract(side: 'base' | 'head') {
  const result = nuget.extract([{ path: PATH, content: readCorpus(`${DIR}/${side}/packages.lock.json`) }]);
  expect(result.problems).toEqual([]);
  return mergeDuplicates(result.dependencies);
}

/*
 * Expected values derived independently with a python3 json script: for each side, every
 * dependencies[framework][name] entry whose type is not "Project", collected into
 * {name: set(resolved)} over the 8 frameworks (net8.0 and 7 net8.0/<rid>). Every package has a
 * single version per side: 196 in base, 190 in head; none only in head, 6 only in base, 16 with a
 * higher version in head. (PROVENANCE.md's "+1 −7 ~16" also counts the Project entries: project
 * reference Azure.Bicep.Local.Extension replaced by Azure.Bicep.Local.Rpc.)
 */
describe('nuget corpus: Azure/bicep src/Bicep.Cli/packages.lock.json', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(base, head);

  it('folds the per-framework copies into one entry per package', () => {
    expect(base).toHaveLength(196);
    expect(head).toHaveLength(190);
  });

  const expected: ChangeSummary = {
    added: [],
    removed: [
      'CommandLineParser@2.9.1',
      'Microsoft.Automata.SRM@1.2.2',
      'Microsoft.Extensions.Logging.Configuration@8.0.0',
      'OpenTelemetry.Api.ProviderBuilderExtensions@1.9.0',
      'OpenTelemetry.Api@1.9.0',
      'OpenTelemetry@1.9.0',
    ],
    upgraded: [
      'Azure.Bicep.Types.Az@0.2.764->0.2.784',
      'Azure.Deployments.Core@1.329.0->1.424.0',
      'Azure.Deployments.DiffEngine@1.329.0->1.424.0',
      'Azure.Deployments.Engine@1.329.0->1.424.0',
      'Azure.Deployments.Expression@1.329.0->1.424.0',
      'Azure.Deployments.Extensibility@1.329.0->1.424.0',
      'Azure.Deployments.Templates@1.329.0->1.424.0',
      'Google.Protobuf@3.29.2->3.30.2',
      'Grpc.Core.Api@2.70.0->2.71.0',
      'Grpc.Net.Client@2.70.0->2.71.0',
      'Grpc.Net.Common@2.70.0->2.71.0',
      'Microsoft.Bcl.AsyncInterfaces@8.0.0->9.0.3',
      'Microsoft.Extensions.Configuration.Abstractions@9.0.2->9.0.4',
      'Microsoft.Extensions.Configuration.Binder@9.0.1->9.0.4',
      'Microsoft.Extensions.Primitives@9.0.2->9.0.4',
      'Microsoft.NET.ILLink.Tasks@8.0.15->8.0.18',
    ],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(changes.filter((c) => c.change === 'added').map((c) => `${c.dependency.name}@${c.dependency.version}`)).toEqual(expected.added);
    expect(changes.filter((c) => c.change === 'removed').map((c) => `${c.dependency.name}@${c.dependency.version}`).sort()).toEqual(expected.removed);
    expect(changes.filter((c) => c.change === 'upgraded').map((c) => `${c.dependency.name}@${c.previous?.version}->${c.dependency.version}`).sort()).toEqual(expected.upgraded);
    expect(changes.filter((c) => c.change === 'downgraded')).toEqual([]);
  });

  describe('through the pipeline (evaluateChange, the lockfile at its upstream path)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair(DIR, { at: { 'packages.lock.json': PATH } });
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'nuget', manifest: PATH, nameOf: (record) => record.name })).toEqual(expected);
    });

    it('records the line and flags of an upgrade as the file has them', () => {
      expect(report.changes.find((record) => record.name === 'Microsoft.NET.ILLink.Tasks')).toMatchObject({
        change: 'upgraded', from: '8.0.15', to: '8.0.18', line: 28, direct: true, scope: 'runtime', purl: 'pkg:nuget/Microsoft.NET.ILLink.Tasks@8.0.18',
      });
      expect(report.changes.find((record) => record.name === 'Google.Protobuf')).toMatchObject({ line: 303, direct: false, scope: 'runtime' });
    });
  });

  it('records lines and direct flags as the file has them (checked with grep -n on head)', () => {
    const byName = new Map(head.map((d) => [d.name, d]));
    // The 9 "type": "Direct" entries of net8.0, listed with python3.
    expect(head.filter((d) => d.direct).map((d) => d.name).sort()).toEqual([
      'Azure.Deployments.Internal.GenerateNotice',
      'Microsoft.CodeAnalysis.BannedApiAnalyzers',
      'Microsoft.Extensions.Logging',
      'Microsoft.NET.ILLink.Tasks',
      'Microsoft.SourceLink.GitHub',
      'Microsoft.VisualStudio.Threading.Analyzers',
      'Nerdbank.GitVersioning',
      'Sarif.Sdk',
      'StreamJsonRpc',
    ]);
    expect(byName.get('Microsoft.NET.ILLink.Tasks')).toMatchObject({ line: 28, direct: true, scope: 'runtime', purl: 'pkg:nuget/Microsoft.NET.ILLink.Tasks@8.0.18' });
    expect(byName.get('StreamJsonRpc')).toMatchObject({ line: 72, direct: true });
    // First occurrence (net8.0) of a transitive package; later copies under net8.0/<rid> fold into it.
    expect(byName.get('Google.Protobuf')).toMatchObject({ line: 303, direct: false, scope: 'runtime' });
    expect(byName.has('Azure.Bicep.Core')).toBe(false); // a Project entry
  });
});
