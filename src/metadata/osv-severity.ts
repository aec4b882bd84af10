/**
 * How bad an OSV record is: the highest CVSS base score over its `severity[]` vectors (computed
 * with ae-cvss-calculator, never trusted from a number in the record), else GitHub's own rating
 * (`database_specific.severity` of a GHSA record), else `unknown`. Pure.
 */
import calculator from 'ae-cvss-calculator';
import type { VulnerabilitySeverity } from '../facts/types.js';

/** One entry of an OSV `severity[]` (https://ossf.github.io/osv-schema/#severity-field). */
export interface OsvSeverityEntry {
  type: string;
  score: string;
}

export interface ScoredSeverity {
  severity: VulnerabilitySeverity;
  /** The highest base score, when some vector could be scored. */
  score?: number;
  /** The vector that gave `score`, as the record wrote it. */
  vector?: string;
}

/** The calculator's classes by the vector's own prefix; the OSV type must agree with it. */
const CALCULATORS: Readonly<Record<string, { type: string; score: (vector: string) => number | undefined }>> = {
  'CVSS:2.0/': { type: 'CVSS_V2', score: (vector) => scoreOf(new calculator.Cvss2(vector), (scores) => scores.base) },
  'CVSS:3.0/': { type: 'CVSS_V3', score: (vector) => scoreOf(new calculator.Cvss3P0(vector), (scores) => scores.base) },
  'CVSS:3.1/': { type: 'CVSS_V3', score: (vector) => scoreOf(new calculator.Cvss3P1(vector), (scores) => scores.base) },
  // A v4 vector may carry threat metrics (E:...), which lower the CVSS-BT score: the base score is CVSS-B.
  'CVSS:4.0/': { type: 'CVSS_V4', score: (vector) => scoreOf(new calculator.Cvss4P0(vector), (scores) => scores.baseMetricsOnly) },
};

/** The scores a calculator gives, read by `pick`; undefined for a vector missing base metrics (it would score 0). */
function scoreOf<R>(cvss: { isBaseFullyDefined(): boolean; calculateScores(): R }, pick: (scores: R) => number | undefined): number | undefined {
  if (!cvss.isBaseFullyDefined()) return undefined;
  const score = pick(cvss.calculateScores());
  return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
}

/**
 * The CVSS base score of one OSV severity entry, or undefined when it is not a CVSS vector this
 * type allows (a v2 vector has no prefix), or one the calculator rejects: such a vector is
 * ignored, so one malformed entry neither throws nor hides the record's other vectors.
 */
export function cvssBaseScore(entry: OsvSeverityEntry): number | undefined {
  const vector = entry.score.trim();
  const prefix = /^CVSS:\d\.\d\//.exec(vector)?.[0] ?? (entry.type === 'CVSS_V2' ? 'CVSS:2.0/' : undefined);
  const calculatorFor = prefix === undefined ? undefined : CALCULATORS[prefix];
  if (calculatorFor === undefined || calculatorFor.type !== entry.type) return undefined;
  try {
    return calculatorFor.score(vector);
  } catch {
    // The calculator throws on a value it does not know (`AV:Q`) or a string that is no vector.
    return undefined;
  }
}

/** CVSS's qualitative bands (v3.1 spec, section 5): 0.0 is None, which has no band here. */
export function severityOfScore(score: number): VulnerabilitySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}

/** GitHub's advisory rating as OSV carries it in a GHSA record's `database_specific.severity`. */
export function ghsaSeverity(rating: unknown): VulnerabilitySeverity | undefined {
  if (typeof rating !== 'string') return undefined;
  switch (rating.toUpperCase()) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MODERATE':
      return 'medium';
    case 'LOW':
      return 'low';
    default:
      return undefined;
  }
}

/** The severity of a record from its CVSS entries (the highest score wins), else its GHSA rating, else unknown. */
export function recordSeverity(entries: readonly OsvSeverityEntry[], ghsaRating?: unknown): ScoredSeverity {
  let best: { score: number; vector: string } | undefined;
  for (const entry of entries) {
    const score = cvssBaseScore(entry);
    if (score !== undefined && (best === undefined || score > best.score)) best = { score, vector: entry.score.trim() };
  }
  if (best !== undefined) return { severity: severityOfScore(best.score), score: best.score, vector: best.vector };
  return { severity: ghsaSeverity(ghsaRating) ?? 'unknown' };
}
