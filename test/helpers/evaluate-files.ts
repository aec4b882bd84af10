/** One evaluation (src/evaluation/run.ts) of two in-memory trees, every file of both sides touched. */
import { touchedProjects } from '../../src/evaluation/compare.js';
import type { Report } from '../../src/evaluation/report.js';
import { evaluate } from '../../src/evaluation/run.js';
import type { FactSource } from '../../src/metadata/types.js';
import type { Policy } from '../../src/policy/types.js';

export function evaluateFiles(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>, policy: Policy, sources: readonly FactSource[] = []): Promise<Report> {
  return evaluate({
    baseSha: 'a'.repeat(40),
    headSha: 'b'.repeat(40),
    base: { read: (path) => base.get(path) },
    head: { read: (path) => head.get(path) },
    projects: touchedProjects([...base.keys()], [...head.keys()], 'all', () => false),
    policy,
    today: '2026-01-01',
    sources,
  });
}
