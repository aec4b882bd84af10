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

/**
 * One reason's packages, in one list per kind, in the order they came. Offline, every package of
 * every change comes here (a 5 MB go.mod: 270k calls): a push each is all it costs, and the
 * packages are counted (each purl once: two rules read vulnerabilities, the same package can sit
 * in two manifests) once, when the finding is written; a map or set per call cost three to five
 * times the rest of the judge.
 */
class ReasonGroup {
  // An object of five fixed keys, not a map: one property read per call.
  private readonly byKind: Record<CheckedKind, Dependency[] | undefined> = { vulnerabilities: undefined, deprecation: undefined, publishedAt: undefined, sourceRepository: undefined, scorecard: undefined };
  /** The first packages seen, in order, for the names in the message. */
  readonly named: Dependency[] = [];
  /** counts(), until the next add: the summary and the finding both ask. */
  private counted: { byKind: Map<CheckedKind, number>; total: number } | undefined;

  add(kind: CheckedKind, dependency: Dependency): void {
    this.counted = undefined;
    let dependencies = this.byKind[kind];
    if (!dependencies) this.byKind[kind] = dependencies = [];
    // The same change asked twice (the malware and vulnerability rules): once is enough.
    if (dependencies[dependencies.length - 1] !== dependency) dependencies.push(dependency);
    if (this.named.length < NAMED && !this.named.some((named) => named.purl === dependency.purl)) this.named.push(dependency);
  }

  /** How many packages each kind was not checked for, in KIND_ORDER, and how many packages in all. */
  counts(): { byKind: Map<CheckedKind, number>; total: number } {
    this.counted ??= this.count();
    return this.counted;
  }

  private count(): { byKind: Map<CheckedKind, number>; total: number } {
    const byKind = new Map<CheckedKind, number>();
    const counted: { list: Dependency[]; count: number }[] = [];
    for (const kind of KIND_ORDER) {
      const list = this.byKind[kind];
      if (!list) continue;
      // Most policies ask every kind of the same packages: the same list is counted once.
      let entry = counted.find((done) => sameDependencies(done.list, list));
      if (!entry) counted.push((entry = { list, count: distinctPurls([list]) }));
      byKind.set(kind, entry.count);
    }
    const total = counted.length === 1 ? (counted[0] as { count: number }).count : distinctPurls(counted.map((entry) => entry.list));
    return { byKind, total };
  }
}

function sameDependencies(a: readonly Dependency[], b: readonly Dependency[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * How many purls the lists hold, each once. The judge's changes hold one entry per package
 * version per manifest (mergeDuplicates), so a list from one manifest with every version resolved
 * (an unresolved entry's identity is its requirement too) holds each purl once already: its
 * length, with no set of 90k+ purls (that set was half the judge's time on a big go.mod).
 */
function distinctPurls(lists: readonly (readonly Dependency[])[]): number {
  if (lists.length === 1 && oneManifestAllResolved(lists[0] as readonly Dependency[])) return (lists[0] as readonly Dependency[]).length;
  const purls = new Set<string>();
  for (const list of lists) for (const dependency of list) purls.add(dependency.purl);
  return purls.size;
}

function oneManifestAllResolved(list: readonly Dependency[]): boolean {
  const manifest = list[0]?.manifest;
  for (const dependency of list) if (dependency.manifest !== manifest || dependency.requirement !== undefined) return false;
  return true;
}

export class UncheckedFacts {
  private readonly byReason = new Map<string, ReasonGroup>();
  // Offline or with one source down, every call gives the same reason: no map lookup for it.
  private lastReason: string | undefined;
  private lastGroup: ReasonGroup | undefined;

  add(kind: CheckedKind, dependency: Dependency, reason: string): void {
    if (reason !== this.lastReason || !this.lastGroup) {
      let group = this.byReason.get(reason);
      if (!group) this.byReason.set(reason, (group = new ReasonGroup()));
      this.lastReason = reason;
      this.lastGroup = group;
    }
    this.lastGroup.add(kind, dependency);
  }

  /** One line per reason, for the conclusion: `vulnerabilities and deprecation not checked for 120 packages: offline`. */
  summaries(): string[] {
    return [...this.byReason].map(([reason, group]) => `${whatWasNotChecked(group.counts().byKind)}: ${reason}`);
  }

  findings(): Finding[] {
    return [...this.byReason].map(([reason, group]) => {
      const { byKind, total } = group.counts();
      const names = group.named.map((dependency) => `${dependency.name}@${shortSha(dependency.version ?? '?')}`);
      const more = total > NAMED ? `, and ${total - NAMED} more` : '';
      return {
        rule: 'facts/unchecked',
        severity: 'warning',
        message: `${whatWasNotChecked(byKind)}: ${reason} — ${names.join(', ')}${more}`,
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
function whatWasNotChecked(counts: ReadonlyMap<CheckedKind, number>): string {
  const kindsByCount = new Map<number, string[]>();
  for (const [kind, count] of counts) {
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
