/**
 * Judges one license expression against allow / deny lists. Pure; verdicts cached per lists
 * object and text.
 *
 * - allow: an expression passes when one of its alternatives (`A OR B`) has every term (`A AND B`)
 *   allowed.
 * - deny: an expression is denied only when every alternative uses a denied term, so
 *   `MIT OR GPL-3.0-only` with GPL denied passes and `MIT AND GPL-3.0-only` does not.
 * - `-or-later` / `+`: a term is denied only when every version it may be used under is denied,
 *   and allowed when the allow list allows one of them (lists.ts says how entries cover versions).
 * - A term with an exception (`GPL-2.0-only WITH Classpath-exception-2.0`) is covered by an entry
 *   for the bare license (an exception only adds permissions), and an exact `WITH` entry is more
 *   specific than a bare one: allowing the exact form wins over denying the bare license.
 * - Custom ids (`LicenseRef-*`): under an allow list, one the list does not name is not allowed;
 *   with only a deny list, one the list does not name is unknown (nobody classified it).
 */
import { isCustomLicense, parseLicense, termText, type LicenseTerm, type ParsedLicense } from './expression.js';
import { allowsVersion, compileLists, deniesVersion, namesExactly, namesTerm, type CompiledLists, type LicenseLists } from './lists.js';
import { versionsOf } from './spdx-data.js';

export type { LicenseLists } from './lists.js';

export type LicenseVerdict =
  | { verdict: 'allowed'; expression: string; declared?: string }
  | { verdict: 'denied'; expression: string; because: 'denied' | 'not-allowed'; terms: string[]; declared?: string; reason?: string }
  | { verdict: 'unknown'; reason: string; expression?: string; declared?: string };

interface TermState {
  state: 'allowed' | 'denied' | 'not-allowed' | 'unknown';
  /** Why, when the term alone does not say it (a custom id, the versions of an or-later term). */
  note?: string;
}

/** Verdicts per lists object and license text: a lockfile repeats a handful of licenses thousands of times. */
const verdictCache = new WeakMap<LicenseLists, Map<string | undefined, LicenseVerdict>>();
const VERDICTS_PER_LISTS_LIMIT = 10_000;

export function evaluateLicense(raw: string | undefined, lists: LicenseLists): LicenseVerdict {
  let cached = verdictCache.get(lists);
  if (!cached) {
    cached = new Map();
    verdictCache.set(lists, cached);
  }
  let verdict = cached.get(raw);
  if (!verdict) {
    verdict = computeVerdict(parseLicense(raw), compileLists(lists));
    if (cached.size >= VERDICTS_PER_LISTS_LIMIT) cached.clear();
    cached.set(raw, verdict);
  }
  return verdict;
}

function computeVerdict(parsed: ParsedLicense, lists: CompiledLists): LicenseVerdict {
  if (!parsed.known) return { verdict: 'unknown', reason: parsed.reason };
  const { expression } = parsed;
  const declared = parsed.declared !== undefined ? { declared: parsed.declared } : {};
  const judged = parsed.alternatives.map((terms) => terms.map((term) => ({ term, ...termState(term, lists) })));
  if (judged.some((alternative) => alternative.every(({ state }) => state === 'allowed'))) return { verdict: 'allowed', expression, ...declared };

  const notes = (states: readonly TermState['state'][]) =>
    [...new Set(judged.flat().flatMap(({ state, note }) => (note !== undefined && states.includes(state) ? [note] : [])))];
  // No alternative passes. If one fails only on custom ids nobody classified, we can't say no.
  const blockedOnlyByUnknown = judged.some((alternative) => alternative.every(({ state }) => state === 'allowed' || state === 'unknown'));
  if (blockedOnlyByUnknown) return { verdict: 'unknown', expression, reason: notes(['unknown']).join('; ') || 'the policy does not classify it', ...declared };

  const offending = judged.flat().filter(({ state }) => state === 'denied' || state === 'not-allowed');
  const because = offending.some(({ state }) => state === 'denied') ? 'denied' : 'not-allowed';
  const reason = notes(['denied', 'not-allowed']).join('; ');
  const terms = [...new Set(offending.map(({ term }) => termText(term)))];
  return { verdict: 'denied', expression, because, terms, ...declared, ...(reason ? { reason } : {}) };
}

function termState(term: LicenseTerm, lists: CompiledLists): TermState {
  if (isCustomLicense(term)) return customState(term, lists);
  const versions = versionsOf(term);
  const { allow, deny } = lists;
  // An exact `WITH` allow entry is more specific than a bare deny entry, unless the deny list is as exact.
  const exactlyAllowed = (candidate: LicenseTerm) => namesExactly(allow, candidate) && !namesExactly(deny, candidate);
  const denied = (version: LicenseTerm) => deny !== undefined && deniesVersion(deny, version) && !exactlyAllowed(version);

  if (deny && versions.every(denied) && !exactlyAllowed(term)) {
    const note = versions.length > 1 ? `${termText(term)} may be used under ${versions.map(termText).join(' or ')}, and the policy denies each` : undefined;
    return { state: 'denied', ...(note ? { note } : {}) };
  }
  if (!allow) return { state: 'allowed' };
  if (namesTerm(allow, term)) return { state: 'allowed' };
  if (versions.some((version) => allowsVersion(allow, version) && !denied(version))) return { state: 'allowed' };
  return { state: 'not-allowed' };
}

function customState(term: LicenseTerm, lists: CompiledLists): TermState {
  const note = `${termText(term)} is a custom license the policy does not name`;
  if (lists.deny && namesTerm(lists.deny, term)) return { state: 'denied' };
  if (!lists.allow) return { state: 'unknown', note };
  return namesTerm(lists.allow, term) ? { state: 'allowed' } : { state: 'not-allowed', note };
}

/**
 * Two license texts mean the same license: the same alternatives of the same terms, in any order
 * and any case (`GPL-2.0` and `GPL-2.0-only`, `(MIT)` and `MIT`, `Apache 2.0` and `Apache-2.0`,
 * `MIT OR Apache-2.0` and `Apache-2.0 OR MIT`). Two unknown texts are the same when they read the same.
 */
export function sameLicense(a: string | undefined, b: string | undefined): boolean {
  const left = parseLicense(a);
  const right = parseLicense(b);
  if (left.known && right.known) return comparisonKey(left.alternatives) === comparisonKey(right.alternatives);
  if (!left.known && !right.known) return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  return false;
}

function comparisonKey(alternatives: readonly LicenseTerm[][]): string {
  const each = alternatives.map((terms) => [...new Set(terms.map((term) => termText(term).toLowerCase()))].sort().join(' AND '));
  return [...new Set(each)].sort().join(' OR ');
}
