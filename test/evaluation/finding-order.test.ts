import { describe, expect, it } from '@jest/globals';
import { byLine, inReportOrder } from '../../src/evaluation/finding-order.js';
import type { Finding, Severity } from '../../src/findings.js';
import { seededRandom } from '../helpers/random.js';

/** The report order spelled out as one comparator: severity, then path (code units), then line; the sort is stable. */
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'notice'];
function reference(findings: readonly Finding[]): Finding[] {
  const text = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || text(a.path ?? '', b.path ?? '') || (a.line ?? 0) - (b.line ?? 0),
  );
}

describe('inReportOrder', () => {
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const PATHS = [undefined, '', 'go.mod', 'a/go.mod', 'package-lock.json', 'Z', 'é'];

  function findings(count: number, lines: () => number | undefined): Finding[] {
    return Array.from({ length: count }, (_, index) => {
      const line = lines();
      const path = pick(PATHS);
      return { rule: 'license/unknown', severity: pick(SEVERITY_ORDER), message: `#${index}`, ...(path !== undefined ? { path } : {}), ...(line !== undefined ? { line } : {}) };
    });
  }

  it('orders as the one comparator does, ties kept in order, whole-number lines', () => {
    for (let round = 0; round < 200; round++) {
      const list = findings(Math.floor(random() * 300), () => (random() < 0.1 ? undefined : Math.floor(random() * 40)));
      const expected = reference(list).map((finding) => finding.message);
      inReportOrder(list);
      expect(list.map((finding) => finding.message)).toEqual(expected);
    }
  });

  it('orders as the one comparator does with lines no typed array key can hold', () => {
    const odd = [0.5, -3, 2 ** 40, 7, 7, 1];
    for (let round = 0; round < 100; round++) {
      const list = findings(Math.floor(random() * 100), () => (random() < 0.2 ? pick(odd) : random() < 0.1 ? undefined : Math.floor(random() * 10)));
      const expected = reference(list).map((finding) => finding.message);
      inReportOrder(list);
      expect(list.map((finding) => finding.message)).toEqual(expected);
    }
  });

  it('sorts one group by line, keeping equal lines in order, whichever way it sorts', () => {
    const group = (lines: (number | undefined)[]): Finding[] =>
      lines.map((line, index) => ({ rule: 'license/unknown', severity: 'warning', message: `#${index}`, ...(line !== undefined ? { line } : {}) }));
    // By hand: line 0 (none counts as 0) first, then 2 in their order, then 5.
    expect(byLine(group([5, 2, undefined, 2, 0])).map((finding) => finding.message)).toEqual(['#2', '#4', '#1', '#3', '#0']);
    expect(byLine(group([5, 2.5, undefined, 2.5, 0])).map((finding) => finding.message)).toEqual(['#2', '#4', '#1', '#3', '#0']);
    expect(byLine(group([2 ** 33, 1, 1])).map((finding) => finding.message)).toEqual(['#1', '#2', '#0']);
    // Already in line order: the same list back.
    const ordered = group([undefined, 0, 3, 3, 9]);
    expect(byLine(ordered)).toBe(ordered);
    expect(byLine(group([1, 3, 2, 3])).map((finding) => finding.message)).toEqual(['#0', '#2', '#1', '#3']);
  });
});
