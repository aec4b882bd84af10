/** How the reporters word a change's package intelligence (governance, Scorecard). Pure. */
import type { ChangeRecord } from '../evaluation/report.js';

/** The words of issue 15: one company's repository is `single-vendor`. */
const GOVERNANCE_WORD: Record<NonNullable<ChangeRecord['governance']>['kind'], string> = { foundation: 'foundation', company: 'single-vendor', community: 'community' };

/**
 * `single-vendor (HashiCorp), Scorecard 4.2`, `community`, `Scorecard 7.0`: for a new or changed
 * runtime dependency with a governance or Scorecard fact, else undefined (always offline: the
 * records carry neither without facts).
 */
export function intelligenceText(change: ChangeRecord): string | undefined {
  const { governance, scorecard } = change;
  if (governance === undefined && scorecard === undefined) return undefined;
  if (change.change === 'removed' || change.scope !== 'runtime') return undefined;
  const parts: string[] = [];
  if (governance) parts.push(governance.kind === 'community' ? GOVERNANCE_WORD.community : `${GOVERNANCE_WORD[governance.kind]} (${governance.name})`);
  if (scorecard !== undefined) parts.push(`Scorecard ${scorecard.toFixed(1)}`);
  return parts.join(', ');
}

/** Whether any change shows intelligence: the reporters add their column only then. */
export function anyIntelligence(changes: readonly ChangeRecord[]): boolean {
  return changes.some((change) => intelligenceText(change) !== undefined);
}
