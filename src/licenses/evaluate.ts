/**
 * Judges one license expression against allow / deny lists. Pure.
 *
 * - allow: an expression passes when one of its alternatives (`A OR B`) has every term (`A AND B`)
 *   allowed.
 * - deny: an expression is denied only when every alternative uses a denied term, so
 *   `MIT OR GPL-3.0-only` with GPL denied passes and `MIT AND GPL-3.0-only` does not.
 * - A term with an exception (`GPL-2.0-only WITH Classpath-exception-2.0`) matches a list entry
 *   for the bare license (an exception only adds permissions), and an exact `WITH` entry is more
 *   specific than a bare one: allowing the exact form wins over denying the bare license.
 * - Custom ids (`LicenseRef-*`) that no list names are unknown, not denied.
 */
import spdxSatisfies from 'spdx-satisfies';
import { isCustomLicense, parseLicense, termText, type LicenseTerm } from './expression.js';

/** Allow / deny lists with categories already expanded to SPDX ids (see policy/presets). */
export interface LicenseLists {
  allow?: readonly string[];
  deny?: readonly string[];
}

export type LicenseVerdict =
  | { verdict: 'allowed'; expression: string }
  | { verdict: 'denied'; expression: string; because: 'denied' | 'not-allowed'; terms: string[] }
  | { verdict: 'unknown'; reason: string; expression?: string };

type TermState = 'allowed' | 'denied' | 'not-allowed' | 'unknown';

/** Verdicts per lists object and license text: a lockfile repeats a handful of licenses thousands of times. */
const verdictCache = new WeakMap<LicenseLists, Map<string | undefined, LicenseVerdict>>();

export function evaluateLicense(raw: string | undefined, lists: LicenseLists): LicenseVerdict {
  let cached = verdictCache.get(lists);
  if (!cached) {
    cached = new Map();
    verdictCache.set(lists, cached);
  }
  let verdict = cached.get(raw);
  if (!verdict) {
    verdict = computeVerdict(raw, lists);
    cached.set(raw, verdict);
  }
  return verdict;
}

function computeVerdict(raw: string | undefined, lists: LicenseLists): LicenseVerdict {
  const parsed = parseLicense(raw);
  if (!parsed.known) return { verdict: 'unknown', reason: parsed.reason };
  const states = parsed.alternatives.map((terms) => terms.map((term) => ({ term, state: termState(term, lists) })));
  if (states.some((alternative) => alternative.every(({ state }) => state === 'allowed'))) {
    return { verdict: 'allowed', expression: parsed.expression };
  }
  // No alternative passes. If one fails only on custom ids nobody classified, we can't say no.
  const blockedOnlyByUnknown = states.some((alternative) => alternative.every(({ state }) => state === 'allowed' || state === 'unknown'));
  if (blockedOnlyByUnknown) {
    const unknownTerms = states.flat().filter(({ state }) => state === 'unknown').map(({ term }) => termText(term));
    return { verdict: 'unknown', expression: parsed.expression, reason: `${[...new Set(unknownTerms)].join(', ')} is not a license the policy classifies` };
  }
  const anyDenied = states.flat().some(({ state }) => state === 'denied');
  const offending = states.flat().filter(({ state }) => state === 'denied' || state === 'not-allowed').map(({ term }) => termText(term));
  return { verdict: 'denied', expression: parsed.expression, because: anyDenied ? 'denied' : 'not-allowed', terms: [...new Set(offending)] };
}

function termState(term: LicenseTerm, lists: LicenseLists): TermState {
  const exactlyAllowed = lists.allow !== undefined && matches(term, lists.allow, true);
  const denied = lists.deny !== undefined && matches(term, lists.deny, false);
  if (denied && !exactlyAllowed) return 'denied';
  if (lists.allow === undefined) return 'allowed';
  if (matches(term, lists.allow, false)) return 'allowed';
  return isCustomLicense(term) ? 'unknown' : 'not-allowed';
}

/** Does a list entry cover this term? `exactOnly`: only an entry with the same exception counts. */
function matches(term: LicenseTerm, list: readonly string[], exactOnly: boolean): boolean {
  if (list.length === 0) return false;
  if (isCustomLicense(term)) return list.includes(termText(term)) || (!exactOnly && list.includes(term.license));
  if (satisfiesSafely(termText(term), list)) return true;
  if (exactOnly || !term.exception) return false;
  return satisfiesSafely(term.license, list.filter((entry) => !entry.includes(' WITH ')));
}

function satisfiesSafely(expression: string, list: readonly string[]): boolean {
  const spdxOnly = list.filter((entry) => !/^(LicenseRef|DocumentRef)-/.test(entry));
  if (spdxOnly.length === 0) return false;
  try {
    return spdxSatisfies(expression, [...spdxOnly]);
  } catch {
    // spdx-satisfies rejects ids it cannot range-compare; fall back to exact equality.
    return spdxOnly.includes(expression);
  }
}

/** Two license texts mean the same license (`GPL-2.0` and `GPL-2.0-only`, `(MIT)` and `MIT`). */
export function sameLicense(a: string | undefined, b: string | undefined): boolean {
  const left = parseLicense(a);
  const right = parseLicense(b);
  if (left.known && right.known) return left.expression === right.expression;
  if (!left.known && !right.known) return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  return false;
}
