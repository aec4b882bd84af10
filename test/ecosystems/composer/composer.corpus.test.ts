import { beforeAll, describe, expect, it } from '@jest/globals';
import { mergeDuplicates } from '../../../src/deps/merge.js';
import type { Change } from '../../../src/deps/diff.js';
import { diffCollected } from '../../../src/evaluation/collect.js';
import { composer } from '../../../src/ecosystems/composer/index.js';
import type { Report } from '../../../src/evaluation/report.js';
import { evaluateCorpusPair, readCorpus, summarizeRecords, type ChangeSummary } from '../../helpers/corpus.js';

const extract = (side: 'base' | 'head') =>
  composer.extract(
    ['composer.json', 'composer.lock'].map((file) => ({ path: file, content: readCorpus(`php/composer-composer/${side}/${file}`) })),
  );
const names = (changes: Change[], kind: Change['change']) =>
  changes
    .filter((c) => c.change === kind)
    .map((c) => (c.previous ? `${c.dependency.name}@${c.previous.version}->${c.dependency.version}` : `${c.dependency.name}@${c.dependency.version}`))
    .sort();

describe('composer corpus: composer/composer', () => {
  const base = extract('base');
  const head = extract('head');
  const changes = diffCollected(mergeDuplicates(base.dependencies), mergeDuplicates(head.dependencies));

  it('reads both lockfiles', () => {
    expect(base.problems).toEqual([]);
    expect(head.problems).toEqual([]);
    // python3: len(lock['packages']) + len(lock['packages-dev']) -> base 26, head 30 (25 + 5).
    expect(base.dependencies).toHaveLength(26);
    expect(head.dependencies).toHaveLength(30);
    expect(head.dependencies.filter((d) => d.scope === 'development')).toHaveLength(5);
  });

  // Derived independently: python3 json.load of both composer.lock files, {name: version} over
  // packages + packages-dev, names only in head / only in base / in both with another version.
  const expected: ChangeSummary = {
    added: [
      'phpstan/phpstan-deprecation-rules@1.0.0',
      'phpstan/phpstan-phpunit@1.0.0',
      'phpstan/phpstan-strict-rules@1.1.0',
      'phpstan/phpstan@1.2.0',
      'psr/container@1.1.1',
      'symfony/deprecation-contracts@v2.5.0',
      'symfony/polyfill-intl-grapheme@v1.23.1',
      'symfony/polyfill-intl-normalizer@v1.23.0',
      'symfony/polyfill-php73@v1.23.0',
      'symfony/polyfill-php80@v1.23.1',
      'symfony/service-contracts@v2.5.0',
      'symfony/string@v5.4.0',
    ],
    removed: [
      'doctrine/instantiator@1.0.5',
      'phpdocumentor/reflection-docblock@2.0.5',
      'phpspec/prophecy@v1.10.3',
      'sebastian/comparator@1.2.4',
      'sebastian/diff@1.4.3',
      'sebastian/exporter@2.0.0',
      'sebastian/recursion-context@2.0.0',
      'symfony/debug@v2.8.52',
    ],
    upgraded: [
      'react/promise@v1.2.1->v2.8.0',
      'seld/phar-utils@1.1.2->1.2.0',
      'symfony/console@v2.8.52->v5.4.1',
      'symfony/filesystem@v2.8.52->v5.4.0',
      'symfony/finder@v2.8.52->v5.4.0',
      'symfony/phpunit-bridge@v4.2.12->v6.0.0',
      'symfony/polyfill-ctype@v1.19.0->v1.23.0',
      'symfony/polyfill-mbstring@v1.19.0->v1.23.1',
      'symfony/process@v2.8.52->v5.4.0',
    ],
    downgraded: [],
  };

  it('diffs base and head exactly', () => {
    expect({ added: names(changes, 'added'), removed: names(changes, 'removed'), upgraded: names(changes, 'upgraded'), downgraded: names(changes, 'downgraded') }).toEqual(expected);
  });

  describe('through the pipeline (evaluateChange over composer.json and composer.lock)', () => {
    let report: Report;
    beforeAll(async () => {
      report = await evaluateCorpusPair('php/composer-composer');
    });

    it('reports the same change set', () => {
      expect(summarizeRecords(report.changes, { ecosystem: 'composer', manifest: 'composer.lock', nameOf: (record) => record.name })).toEqual(expected);
    });

    it('records lines, scopes and direct flags of changes as the file has them', () => {
      // head/composer.lock:782 (upgraded); 1794, the first of packages-dev (added).
      expect(report.changes.find((record) => record.name === 'symfony/console')).toMatchObject({ change: 'upgraded', from: 'v2.8.52', to: 'v5.4.1', line: 782, scope: 'runtime', direct: true });
      expect(report.changes.find((record) => record.name === 'phpstan/phpstan')).toMatchObject({ change: 'added', line: 1794, scope: 'development', direct: true });
      expect(report.changes.find((record) => record.name === 'symfony/string')).toMatchObject({ change: 'added', scope: 'runtime', direct: false });
    });
  });

  it('keeps lines, scopes, direct flags and licenses (checked by hand with grep -n)', () => {
    const byName = new Map(head.dependencies.map((d) => [d.name, d]));
    // head/composer.lock:782 `"name": "symfony/console"`; head/composer.json:35 declares it.
    expect(byName.get('symfony/console')).toMatchObject({
      line: 782, scope: 'runtime', direct: true, license: 'MIT', purl: 'pkg:composer/symfony/console@v5.4.1',
      declaredAt: { path: 'composer.json', line: 35 },
    });
    // head/composer.lock:1794, first entry of "packages-dev" (line 1792); composer.json:44.
    expect(byName.get('phpstan/phpstan')).toMatchObject({ line: 1794, scope: 'development', direct: true, declaredAt: { path: 'composer.json', line: 44 } });
    // Pulled in by symfony/console, not in composer.json.
    expect(byName.get('symfony/string')).toMatchObject({ scope: 'runtime', direct: false });
    expect(byName.get('symfony/string')?.declaredAt).toBeUndefined();
    // `php` in require is a platform package, never a dependency.
    expect(byName.has('php')).toBe(false);
  });
});
