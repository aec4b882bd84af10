/**
 * What changes between two Reports of the same tree judged under two policies (the current one
 * and a proposed one): the findings that appear, disappear or change severity, per package, and
 * the conclusion. Notices are left out: they never change a verdict. Pure.
 */
import type { Conclusion, Report } from '../evaluation/report.js';
import type { Finding, Severity } from '../findings.js';

export interface FindingDelta {
  change: 'appears' | 'disappears' | 'severity';
  rule: string;
  /** The severity after the change (for `disappears`, the one it had). */
  severity: Severity;
  /** For `severity`: the one it had. */
  previousSeverity?: Severity;
  /** The message of the finding as it reads under the policy that has it (the new one, unless it disappears). */
  message: string;
}

export interface PackageVerdictChange {
  /** The package's purl, or its name when the finding carries none. */
  id: string;
  name?: string;
  version?: string;
  /** The manifest or lockfile the finding points at. */
  path?: string;
  deltas: FindingDelta[];
}

export interface VerdictChanges {
  before: Conclusion;
  after: Conclusion;
  /** Findings about a package, grouped by package (purl and path), in the new report's order. */
  packages: PackageVerdictChange[];
  /** Findings about no package (a policy file, an unused exception...). */
  other: FindingDelta[];
}

/** True when anything differs: the conclusion or any error or warning. */
export function verdictChanged(changes: VerdictChanges): boolean {
  return changes.before !== changes.after || changes.packages.length > 0 || changes.other.length > 0;
}

export function verdictChanges(before: Report, after: Report): VerdictChanges {
  const packages = new Map<string, PackageVerdictChange>();
  const other: FindingDelta[] = [];
  for (const { finding, delta } of pairFindings(judged(before.findings), judged(after.findings))) {
    const id = finding.purl ?? finding.name;
    if (id === undefined) {
      other.push(delta);
      continue;
    }
    const key = `${id}\u0000${finding.path ?? ''}`;
    let entry = packages.get(key);
    if (!entry) {
      entry = { id, ...(finding.name !== undefined ? { name: finding.name } : {}), ...(finding.version !== undefined ? { version: finding.version } : {}), ...(finding.path !== undefined ? { path: finding.path } : {}), deltas: [] };
      packages.set(key, entry);
    }
    entry.deltas.push(delta);
  }
  return { before: before.conclusion, after: after.conclusion, packages: [...packages.values()], other };
}

const judged = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity !== 'notice');

/** The same finding under both policies: same rule, package and place (its wording may differ). */
function findingKey(finding: Finding): string {
  return [finding.rule, finding.purl ?? finding.name ?? '', finding.path ?? '', finding.purl || finding.name ? '' : `${finding.line ?? ''}:${finding.message}`].join('\u0000');
}

/**
 * Pairs each old finding with a new one of the same key (same message first, then in order), and
 * says what differs: the unpaired ones appear or disappear, a pair of different severity changed.
 */
function pairFindings(before: readonly Finding[], after: readonly Finding[]): { finding: Finding; delta: FindingDelta }[] {
  const waiting = new Map<string, Finding[]>();
  for (const finding of before) {
    const key = findingKey(finding);
    waiting.set(key, [...(waiting.get(key) ?? []), finding]);
  }
  const pairs: { before?: Finding; after: Finding }[] = after.map((finding) => ({ after: finding }));
  // Two passes: an identical message pairs first, so three vulnerabilities of one package pair by id.
  for (const sameMessage of [true, false]) {
    for (const pair of pairs) {
      if (pair.before) continue;
      const candidates = waiting.get(findingKey(pair.after)) ?? [];
      const index = candidates.findIndex((candidate) => !sameMessage || candidate.message === pair.after.message);
      if (index >= 0) pair.before = candidates.splice(index, 1)[0] as Finding;
    }
  }
  const deltas: { finding: Finding; delta: FindingDelta }[] = [];
  for (const pair of pairs) {
    const { rule, severity, message } = pair.after;
    if (!pair.before) deltas.push({ finding: pair.after, delta: { change: 'appears', rule, severity, message } });
    else if (pair.before.severity !== severity) deltas.push({ finding: pair.after, delta: { change: 'severity', rule, severity, previousSeverity: pair.before.severity, message } });
  }
  for (const gone of [...waiting.values()].flat()) deltas.push({ finding: gone, delta: { change: 'disappears', rule: gone.rule, severity: gone.severity, message: gone.message } });
  return deltas;
}
