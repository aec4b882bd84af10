import { describe, expect, it } from '@jest/globals';
import { evaluateLicense } from '../../src/licenses/evaluate.js';
import { CASES, LISTS } from './cases.js';

describe('license decision table', () => {
  it('holds at least 150 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(CASES.map((row) => [JSON.stringify(row.raw), row.lists, row.verdict, row.why, row] as const))(
    '%s under %s is %s: %s',
    (_raw, _lists, _verdict, _why, row) => {
      const verdict = evaluateLicense(row.raw, LISTS[row.lists]);
      expect(verdict.verdict).toBe(row.verdict);
      if (row.expression !== undefined) expect('expression' in verdict && verdict.expression).toBe(row.expression);
      if (row.declared !== undefined) expect(verdict.declared).toBe(row.declared);
      if (row.because !== undefined) expect(verdict.verdict === 'denied' && verdict.because).toBe(row.because);
      if (row.terms !== undefined) expect(verdict.verdict === 'denied' && verdict.terms).toEqual(row.terms);
      if (row.reason !== undefined) expect('reason' in verdict ? verdict.reason : '').toContain(row.reason);
    },
  );
});
