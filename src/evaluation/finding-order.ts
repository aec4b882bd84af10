/** The order findings are reported in: errors, then warnings, then notices; each by path, then line. Pure. */
import { compareText } from '../deps/order.js';
import type { Finding, Severity } from '../findings.js';

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Sorts `findings` in place into report order; ties keep their order. Grouped by severity and
 * path first (a handful of groups), then each group by line: a big lockfile's findings (one per
 * package, 365k in a big go.mod) sit in one group, where one comparator ranking severities and
 * comparing paths for every pair was a tenth of the judge's time.
 */
export function inReportOrder(findings: Finding[]): void {
  const bySeverity: Map<string, Finding[]>[] = [new Map(), new Map(), new Map()];
  for (const finding of findings) {
    const byPath = bySeverity[RANK[finding.severity]] as Map<string, Finding[]>;
    const path = finding.path ?? '';
    const group = byPath.get(path);
    if (group) group.push(finding);
    else byPath.set(path, [finding]);
  }
  let next = 0;
  for (const byPath of bySeverity) {
    for (const path of [...byPath.keys()].sort(compareText)) {
      for (const finding of byLine(byPath.get(path) as Finding[])) findings[next++] = finding;
    }
  }
}

/** Positions in a group fit in 21 bits, lines in 32: together exact in a double. */
const POSITIONS = 2 ** 21;
const LINES = 2 ** 32;

/**
 * The group sorted by line (none counts as 0), ties in their order. Lines from files are small
 * whole numbers: then each finding is one number, line and position, and a typed array sorts
 * them natively, with no comparator called per pair. Any other line: the comparator sort.
 */
export function byLine(group: Finding[]): Finding[] {
  // A lockfile that lists packages by name (most do) gives them in line order already.
  if (inLineOrder(group)) return group;
  const keys = lineKeys(group);
  if (!keys) return group.sort(compareLines);
  keys.sort();
  const sorted: Finding[] = new Array(group.length);
  for (let index = 0; index < keys.length; index++) sorted[index] = group[(keys[index] as number) % POSITIONS] as Finding;
  return sorted;
}

function inLineOrder(group: readonly Finding[]): boolean {
  for (let index = 1; index < group.length; index++) {
    if (!(((group[index - 1] as Finding).line ?? 0) <= ((group[index] as Finding).line ?? 0))) return false;
  }
  return true;
}

/** Each finding's line and position as one number; undefined for a line that is no small whole number, or a group too big. */
function lineKeys(group: readonly Finding[]): Float64Array | undefined {
  if (group.length >= POSITIONS) return undefined;
  const keys = new Float64Array(group.length);
  for (let position = 0; position < group.length; position++) {
    const line = (group[position] as Finding).line ?? 0;
    if (!(Number.isInteger(line) && line >= 0 && line < LINES)) return undefined;
    keys[position] = line * POSITIONS + position;
  }
  return keys;
}

function compareLines(a: Finding, b: Finding): number {
  return (a.line ?? 0) - (b.line ?? 0);
}
