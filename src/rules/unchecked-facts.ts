/**
 * `facts/unchecked`: facts other than licenses (vulnerabilities, deprecation, Scorecard...) that
 * the policy judges but nobody could look up (offline, a source down). As for licenses: never a
 * pass, one `incomplete` finding per reason naming the kinds and how many packages. Pure.
 */
import type { Dependency } from '../deps/model.js';
import { factUnchecked, type FactKind } from '../facts/types.js';
import type { Finding } from '../findings.js';
import { plural, shortSha } from '../words.js';
import type { RuleSubject } from './rule.js';

export type CheckedKind = Exclude<FactKind, 'license'>;

/** Packages shown by name in the message; the rest are counted. */
const NAMED = 5;

const KIND_WORDS: Record<CheckedKind, string> = {
  vulnerabilities: 'vulnerabilities',
  deprecation: 'deprecation',
  publishedAt: 'publish dates',
  sourceRepository: 'source repositories',
  scorecard: 'Scorecard scores',
};
const KIND_ORDER: readonly CheckedKind[] = ['vulnerabilities', 'deprecation', 'publishedAt', 'sourceRepository', 'scorecard'];

/** One reason's packages, by kind (each purl once per kind: two rules read vulnerabilities). */
interface ReasonGroup {
  byKind: Map<CheckedKind, Set<string>>;
  /** Every package of the group, in the order first seen, for the names in the message. */
  packages: Map<string, Dependency>;
}

export class UncheckedFacts {
  private readonly byReason = new Map<string, ReasonGroup>();

  add(kind: CheckedKind, dependency: Dependency, reason: string): void {
    let group = this.byReason.get(reason);
    if (!group) this.byReason.set(reason, (group = { byKind: new Map(), packages: new Map() }));
    let purls = group.byKind.get(kind);
    if (!purls) group.byKind.set(kind, (purls = new Set()));
    purls.add(dependency.purl);
    if (!group.packages.has(dependency.purl)) group.packages.set(dependency.purl, dependency);
  }

  /** One line per reason, for the conclusion: `vulnerabilities and deprecation not checked for 120 packages: offline`. */
  summaries(): string[] {
    return [...this.byReason].map(([reason, group]) => `${whatWasNotChecked(group)}: ${reason}`);
  }

  findings(): Finding[] {
    return [...this.byReason].map(([reason, group]) => {
      const dependencies = [...group.packages.values()];
      const names = dependencies.slice(0, NAMED).map((dependency) => `${dependency.name}@${shortSha(dependency.version ?? '?')}`);
      const more = dependencies.length > NAMED ? `, and ${dependencies.length - NAMED} more` : '';
      return {
        rule: 'facts/unchecked',
        severity: 'warning',
        message: `${whatWasNotChecked(group)}: ${reason} — ${names.join(', ')}${more}`,
        help: reason === 'offline' ? 'Run the check online (without --offline / OSPO_OFFLINE) so these facts are looked up.' : 'Re-run the check when the source is back, or point its OSPO_<SOURCE>_URL variable at a reachable mirror.',
        incomplete: true,
      };
    });
  }
}

/**
 * `vulnerabilities and deprecation not checked for 3 packages`, kinds with the same count said
 * together; `vulnerabilities not checked for 3 packages, Scorecard scores for 1` otherwise.
 */
function whatWasNotChecked(group: ReasonGroup): string {
  const kindsByCount = new Map<number, string[]>();
  for (const kind of KIND_ORDER) {
    const count = group.byKind.get(kind)?.size;
    if (count === undefined) continue;
    const kinds = kindsByCount.get(count);
    if (kinds) kinds.push(KIND_WORDS[kind]);
    else kindsByCount.set(count, [KIND_WORDS[kind]]);
  }
  const parts = [...kindsByCount].map(([count, kinds], index) => `${andList(kinds)}${index === 0 ? ' not checked' : ''} for ${plural(count, 'package')}`);
  return parts.join(', ');
}

function andList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * Whether `kind` was looked up for the subject's dependency. When it was not (offline, a source
 * down), the reason goes to the grouped `facts/unchecked` finding and the rule has nothing to judge.
 */
export function wasLookedUp(subject: RuleSubject, kind: CheckedKind): boolean {
  const reason = factUnchecked(kind, subject.dependency, subject.facts);
  if (reason === undefined) return true;
  subject.uncheckedFacts.add(kind, subject.dependency, reason);
  return false;
}
