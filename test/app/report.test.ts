import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/evaluation/report.js';
import type { Finding } from '../../src/findings.js';
import { changedPaths } from '../../src/github/trees.js';
import { commentableLines } from '../../src/report/diff.js';
import { formatMarkdown, formatPolicyErrors, summaryTitle } from '../../src/report/markdown.js';
import { batches } from '../../src/deps/arrays.js';
import { annotationsFor, findingMarker, markersIn, planReview } from '../../src/report/placement.js';

const denied: Finding = {
  rule: 'license/denied',
  severity: 'error',
  message: 'gpl-thing@3.0.0 is licensed GPL-3.0-only, which is not in the policy\'s allow list',
  help: 'Use an alternative under an allowed license, or add an exception.',
  purl: 'pkg:npm/gpl-thing@3.0.0',
  name: 'gpl-thing',
  version: '3.0.0',
  license: 'GPL-3.0-only',
  path: 'package.json',
  line: 9,
  locations: [{ path: 'package.json', line: 9 }, { path: 'package-lock.json', line: 40 }],
};

const report: Report = {
  schemaVersion: 1,
  conclusion: 'failure',
  base: 'a',
  head: 'b',
  manifests: [{ path: 'package-lock.json', ecosystem: 'npm', packages: 3 }],
  changes: [{ change: 'added', ecosystem: 'npm', manifest: 'package-lock.json', name: 'gpl-thing', purl: 'pkg:npm/gpl-thing@3.0.0', to: '3.0.0', scope: 'runtime', direct: true, license: 'GPL-3.0-only' }],
  findings: [denied],
};

describe('diff hunks', () => {
  it('right-side lines of the hunks (added and context) are commentable, removed ones are not', () => {
    const patch = '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,2 +11,2 @@\n x\n-y\n+Y\n\\ No newline at end of file';
    expect([...commentableLines(patch)].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 11, 12]);
  });
});

describe('placement', () => {
  it('picks the first location in the diff (declaration, else lockfile entry)', () => {
    const onlyLock = new Map([['package-lock.json', new Set([40])]]);
    expect(annotationsFor([denied], onlyLock)[0]).toMatchObject({ path: 'package-lock.json', start_line: 40 });
    expect(annotationsFor([denied], new Map())[0]).toMatchObject({ path: 'package.json', start_line: 9 });
  });

  it('reviews: comment on diff lines, body otherwise, nothing already marked', () => {
    const diff = new Map([['package.json', new Set([9])]]);
    expect(planReview({ findings: [denied], diff, posted: new Set() })!.comments).toEqual([expect.objectContaining({ path: 'package.json', line: 9 })]);
    const outside = planReview({ findings: [denied], diff: new Map(), posted: new Set() })!;
    expect(outside.comments).toEqual([]);
    expect(outside.body).toContain('package.json:9');
    expect(planReview({ findings: [denied], diff, posted: markersIn([`old text ${findingMarker(denied)}`]) })).toBeUndefined();
    // The marker does not depend on the line, so a standing problem that moved is still recognised.
    expect(findingMarker({ ...denied, line: 12, locations: [{ path: 'package.json', line: 12 }] })).toBe(findingMarker(denied));
  });

  it('batches of 50', () => {
    expect(batches(Array.from({ length: 120 }, (_, index) => index), 50).map((batch) => batch.length)).toEqual([50, 50, 20]);
  });
});

describe('markdown summary', () => {
  it('verdict, counts, problem table and folded changes', () => {
    const text = formatMarkdown(report, { policySources: ['preset:permissive'], policyChanges: ['.github/ospo-gatekeeper.yml'] });
    expect(text.split('\n')[0]).toBe('### ❌ 1 problem to fix before merging');
    expect(text).toContain('**1 error** · **0 warnings** · 1 dependency change (1 added) · 1 manifest checked');
    expect(text).toContain('| ❌ | `gpl-thing`<br><sub>package.json:9</sub> | 3.0.0 | GPL-3.0-only |');
    expect(text).toContain('takes effect after merge');
    expect(text).toMatch(/<details><summary>1 dependency change<\/summary>[\s\S]*\| added \| `gpl-thing` \|/);
    expect(summaryTitle(report)).toBe('1 error');
  });

  it('success and neutral verdicts; cut to fit', () => {
    expect(formatMarkdown({ ...report, conclusion: 'success', findings: [] })).toContain('### ✅ The dependency change meets the policy');
    expect(formatMarkdown({ ...report, conclusion: 'success', changes: [], findings: [] })).toContain('### ✅ No dependency changes');
    const many = { ...report, findings: Array.from({ length: 2000 }, () => denied) };
    expect(formatMarkdown(many, { maxLength: 10_000 }).length).toBeLessThanOrEqual(10_000);
  });

  it('policy errors with file, line and column', () => {
    expect(formatPolicyErrors([{ path: '.github/ospo-gatekeeper.yml', line: 3, column: 12, message: 'licenses.unknown: must be one of fail, warn, allow' }])).toContain(
      '| `.github/ospo-gatekeeper.yml` | 3:12 | licenses.unknown: must be one of fail, warn, allow |',
    );
  });
});

describe('changed paths from tree listings', () => {
  it('added, removed and modified blobs', () => {
    const base = new Map([['a', { sha: '1' }], ['b', { sha: '2' }], ['c', { sha: '3' }]]);
    const head = new Map([['a', { sha: '1' }], ['b', { sha: '9' }], ['d', { sha: '4' }]]);
    expect([...changedPaths(base, head)].sort()).toEqual(['b', 'c', 'd']);
  });
});
