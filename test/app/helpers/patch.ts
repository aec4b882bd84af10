/** A unified diff with 3 lines of context (GitHub's `patch` format), or undefined when too large to show. */
export function unifiedPatch(before: string, after: string, maxCells = 4_000_000): string | undefined {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  // Trim the common prefix and suffix, LCS on the rest.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > maxCells) return undefined;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  type Op = { kind: ' ' | '-' | '+'; text: string; aLine: number; bLine: number };
  const ops: Op[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: ' ', text: a[k]!, aLine: k + 1, bLine: k + 1 });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      ops.push({ kind: ' ', text: midA[i]!, aLine: start + i + 1, bLine: start + j + 1 });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', text: midB[j]!, aLine: start + i + 1, bLine: start + j + 1 });
      j++;
    } else {
      ops.push({ kind: '-', text: midA[i]!, aLine: start + i + 1, bLine: start + j + 1 });
      i++;
    }
  }
  for (let k = endA, l = endB; k < a.length; k++, l++) ops.push({ kind: ' ', text: a[k]!, aLine: k + 1, bLine: l + 1 });
  const changed = ops.map((op, index) => (op.kind !== ' ' ? index : -1)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const from = Math.max(0, index - 3);
    const to = Math.min(ops.length - 1, index + 3);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const out: string[] = [];
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to + 1);
    const aCount = slice.filter((op) => op.kind !== '+').length;
    const bCount = slice.filter((op) => op.kind !== '-').length;
    const first = slice[0]!;
    const aStart = aCount === 0 ? first.aLine - 1 : first.aLine;
    const bStart = bCount === 0 ? first.bLine - 1 : first.bLine;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const op of slice) out.push(`${op.kind}${op.text}`);
  }
  return out.join('\n');
}
