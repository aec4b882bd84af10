import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { go } from '../../../src/ecosystems/go/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const extract = (side: 'base' | 'head') => go.extract([{ path: 'go.mod', content: readCorpus(`go/cli-cli/${side}/go.mod`) }]);
const names = (changes: Change[], kind: Change['change']) =>
  changes
    .filter((c) => c.change === kind)
    .map((c) => (c.previous ? `${c.dependency.name}@${c.previous.version}->${c.dependency.version}` : `${c.dependency.name}@${c.dependency.version}`))
    .sort();

describe('go corpus: cli/cli', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(mergeDuplicates(base.dependencies), mergeDuplicates(head.dependencies));

  it('reads every require line', () => {
    expect(base.problems).toEqual([]);
    expect(head.problems).toEqual([]);
    // `grep -cP '^\t\S+ v\S+' go.mod` -> 157 on both sides (no replace directives in either file).
    expect(base.dependencies).toHaveLength(157);
    expect(head.dependencies).toHaveLength(157);
    // `grep -c '// indirect' head/go.mod` -> 111, so 46 direct.
    expect(head.dependencies.filter((d) => d.direct)).toHaveLength(46);
  });

  // Derived independently: python3 reading both go.mod files with
  // re.match(r'^\t(\S+) (v\S+)( // indirect)?\s*$') into {module: version} and comparing the dicts
  // (a new major version is a new module path, so /v2 modules are added, not upgraded).
  const expected: ChangeSummary = {
    added: ['github.com/alecthomas/chroma/v2@v2.8.0', 'github.com/aymanbagabas/go-osc52/v2@v2.0.1'],
    removed: ['github.com/alecthomas/chroma@v0.10.0', 'github.com/aymanbagabas/go-osc52@v1.0.3'],
    upgraded: [
      'github.com/charmbracelet/glamour@v0.6.0->v0.7.0',
      'github.com/cli/go-gh/v2@v2.7.0->v2.8.0',
      'github.com/itchyny/gojq@v0.12.13->v0.12.15',
      'github.com/mattn/go-runewidth@v0.0.14->v0.0.15',
      'github.com/muesli/termenv@v0.13.0->v0.15.2',
      'github.com/rivo/uniseg@v0.4.4->v0.4.7',
      'github.com/yuin/goldmark-emoji@v1.0.1->v1.0.2',
      'github.com/yuin/goldmark@v1.5.2->v1.5.4',
    ],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect(names(changes, 'added')).toEqual(expected.added);
    expect(names(changes, 'removed')).toEqual(expected.removed);
    expect(names(changes, 'upgraded')).toEqual(expected.upgraded);
    expect(names(changes, 'downgraded')).toEqual(expected.downgraded);
  });

  describe('through the pipeline (evaluateChange over the whole pair: go.mod and go.sum)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('go/cli-cli');
    });

    it('reports the same change set, in go.mod', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'go', manifest: 'go.mod', nameOf: (record) => record.name })).toEqual(expected);
      expect(report.changes.every((record) => record.manifest === 'go.mod')).toBe(true);
    });

    it('records the line and flags of an upgrade as the file has them (head/go.mod line 10)', () => {
      expect(report.changes.find((record) => record.name === 'github.com/charmbracelet/glamour')).toMatchObject({
        change: 'upgraded', from: 'v0.6.0', to: 'v0.7.0', line: 10, direct: true, scope: 'runtime', purl: 'pkg:golang/github.com/charmbracelet/glamour@v0.7.0',
      });
    });
  });

  it('keeps lines, purls and direct flags as the file has them (checked by hand)', () => {
    const byName = new Map(head.dependencies.map((d) => [d.name, d]));
    // head/go.mod line 10: `github.com/charmbracelet/glamour v0.7.0`
    expect(byName.get('github.com/charmbracelet/glamour')).toMatchObject({
      line: 10, direct: true, scope: 'runtime', purl: 'pkg:golang/github.com/charmbracelet/glamour@v0.7.0',
    });
    // line 22 (`grep -n google/shlex`): a pseudo-version, direct
    expect(byName.get('github.com/google/shlex')).toMatchObject({ line: 22, direct: true, version: 'v0.0.0-20191202100458-e7afc7fbc510' });
    // line 55: `github.com/alecthomas/chroma/v2 v2.8.0 // indirect`
    expect(byName.get('github.com/alecthomas/chroma/v2')).toMatchObject({
      line: 55, direct: false, purl: 'pkg:golang/github.com/alecthomas/chroma/v2@v2.8.0',
    });
    // line 70: `github.com/docker/cli v24.0.0+incompatible // indirect`
    expect(byName.get('github.com/docker/cli')).toMatchObject({ line: 70, version: 'v24.0.0+incompatible', direct: false });
  });
});
