import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/findings.js';
import { annotationsFor, candidateLocations, findingId, planReview } from '../../src/report/placement.js';

const vulnerable: Finding = {
  rule: 'vulnerability',
  severity: 'error',
  message: 'terser@5.19.0 is affected by GHSA-x, high; fixed in 5.19.1',
  help: 'Move terser to a fixed version.',
  purl: 'pkg:npm/terser@5.19.0',
  name: 'terser',
  version: '5.19.0',
  path: 'package-lock.json',
  line: 120,
  locations: [{ path: 'package-lock.json', line: 120 }],
  introducedBy: ['pkg:npm/react-scripts@5.0.1', 'pkg:npm/webpack@5.88.2', 'pkg:npm/terser@5.19.0'],
  introducedAt: { path: 'package.json', line: 8 },
};

describe('placement of a finding about a transitive dependency', () => {
  it("adds the direct dependency's declaration as the last candidate; the finding's id stays its own", () => {
    expect(candidateLocations(vulnerable)).toEqual([{ path: 'package-lock.json', line: 120 }, { path: 'package.json', line: 8 }]);
    const { introducedAt: _at, ...without } = vulnerable;
    expect(findingId(vulnerable)).toBe(findingId(without));
    expect(candidateLocations({ ...vulnerable, introducedAt: { path: 'package-lock.json', line: 120 } })).toEqual([{ path: 'package-lock.json', line: 120 }]);
  });

  it("comments on the direct dependency's changed line when the lockfile entry is not in the diff, naming the package and the chain", () => {
    const plan = planReview({ findings: [vulnerable], diff: new Map([['package.json', new Set([8])], ['package-lock.json', new Set([3, 4])]]), posted: new Set() });
    expect(plan?.comments.map((comment) => [comment.path, comment.line])).toEqual([['package.json', 8]]);
    expect(plan?.comments[0]?.body.split('\n').slice(0, 5)).toEqual([
      'This line declares `react-scripts@5.0.1`, which brings in the transitive dependency `terser@5.19.0` (its lockfile entry is not in this diff).',
      '',
      '**vulnerability**: terser@5.19.0 is affected by GHSA-x, high; fixed in 5.19.1',
      '',
      '**Introduced by:** react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0',
    ]);
  });

  it('keeps the comment on the lockfile entry when it is in the diff (with the chain, no lead), and in the body when neither line is', () => {
    const onEntry = planReview({ findings: [vulnerable], diff: new Map([['package.json', new Set([8])], ['package-lock.json', new Set([120])]]), posted: new Set() });
    expect(onEntry?.comments.map((comment) => [comment.path, comment.line, comment.body.startsWith('**vulnerability**')])).toEqual([['package-lock.json', 120, true]]);
    expect(onEntry?.comments[0]?.body).toContain('**Introduced by:** react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0');
    const outside = planReview({ findings: [vulnerable], diff: new Map([['package.json', new Set([20])]]), posted: new Set() });
    expect(outside?.comments).toEqual([]);
    expect(outside?.body).toContain('- `package-lock.json:120`: terser@5.19.0 is affected by GHSA-x, high; fixed in 5.19.1 (introduced by: react-scripts@5.0.1 → webpack@5.88.2 → terser@5.19.0) — Move terser');
  });

  it("annotates the direct dependency's line when only it is in the diff, else the lockfile entry", () => {
    expect(annotationsFor([vulnerable], new Map([['package.json', new Set([8])]]))[0]).toMatchObject({ path: 'package.json', start_line: 8 });
    expect(annotationsFor([vulnerable], new Map())[0]).toMatchObject({ path: 'package-lock.json', start_line: 120 });
  });
});
