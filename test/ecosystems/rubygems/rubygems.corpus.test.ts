import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { rubygems } from '../../../src/ecosystems/rubygems/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const extract = (side: 'base' | 'head') =>
  rubygems.extract([{ path: 'Gemfile.lock', content: readCorpus(`ruby/rubygems-rubygems.org/${side}/Gemfile.lock`) }]);
const names = (changes: Change[], kind: Change['change']) =>
  changes
    .filter((c) => c.change === kind)
    .map((c) => (c.previous ? `${c.dependency.name}@${c.previous.version}->${c.dependency.version}` : `${c.dependency.name}@${c.dependency.version}`))
    .sort();

describe('rubygems corpus: rubygems/rubygems.org', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(mergeDuplicates(base.dependencies), mergeDuplicates(head.dependencies));

  it('reads both lockfiles, one entry per gem version across platforms', () => {
    expect(base.problems).toEqual([]);
    expect(head.problems).toEqual([]);
    // python3: lines matching r'^    (\S+) \(([^-)]+)(-[^)]*)?\)$' inside GEM/GIT sections, as a set
    // of name@version (platform suffix dropped) -> 299 on both sides; 119 names under DEPENDENCIES.
    expect(base.dependencies).toHaveLength(299);
    expect(head.dependencies).toHaveLength(299);
    expect(head.dependencies.filter((d) => d.direct)).toHaveLength(119);
    expect(head.dependencies.every((d) => d.scope === 'unknown')).toBe(true);
  });

  // Derived independently with the same python3 pass over both files, comparing {name: versions}.
  const expected: ChangeSummary = {
    added: ['action_text-trix@2.1.18'],
    removed: ['benchmark@0.5.0'],
    upgraded: ['actioncable', 'actionmailbox', 'actionmailer', 'actionpack', 'actiontext', 'actionview', 'activejob', 'activemodel', 'activerecord', 'activestorage', 'activesupport']
      .map((name) => `${name}@8.0.5->8.1.3`)
      .concat(['json@2.19.2->2.19.3', 'rails@8.0.5->8.1.3', 'railties@8.0.5->8.1.3'])
      .sort(),
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect({ added: names(changes, 'added'), removed: names(changes, 'removed'), upgraded: names(changes, 'upgraded'), downgraded: names(changes, 'downgraded') }).toEqual(expected);
  });

  describe('through the pipeline (evaluateChange over Gemfile.lock)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('ruby/rubygems-rubygems.org');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'rubygems', manifest: 'Gemfile.lock', nameOf: (record) => record.name })).toEqual(expected);
    });

    it('records lines and direct flags of changes as the file has them', () => {
      expect(report.changes.find((record) => record.name === 'rails')).toMatchObject({ change: 'upgraded', from: '8.0.5', to: '8.1.3', line: 650, direct: true, purl: 'pkg:gem/rails@8.1.3' });
      expect(report.changes.find((record) => record.name === 'action_text-trix')).toMatchObject({ change: 'added', to: '2.1.18', line: 32, direct: false, scope: 'unknown' });
    });
  });

  it('keeps lines and direct flags (checked by hand with grep -n)', () => {
    const byName = new Map(head.dependencies.map((d) => [d.name, d]));
    // From the second remote, https://packager.dev/avo-hq/: still a gem (line 23).
    expect(byName.get('avo-pro')).toMatchObject({ line: 23, version: '3.30.4', direct: false, purl: 'pkg:gem/avo-pro@3.30.4' });
    // `avo-advanced (~> 3.30)!` under DEPENDENCIES.
    expect(byName.get('avo-advanced')).toMatchObject({ line: 4, direct: true });
    // nokogiri 1.19.2 appears at 507 and for 7 platforms after it: one entry at the first line.
    expect(head.dependencies.filter((d) => d.name === 'nokogiri')).toHaveLength(1);
    expect(byName.get('nokogiri')).toMatchObject({ line: 507, version: '1.19.2', direct: false });
    expect(byName.get('ffi')).toMatchObject({ line: 285, version: '1.17.3' });
    expect(byName.get('rails')).toMatchObject({ line: 650, direct: true, purl: 'pkg:gem/rails@8.1.3' });
    expect(byName.get('action_text-trix')).toMatchObject({ line: 32, direct: false });
  });
});
