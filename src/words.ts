/** Words every layer puts in messages (the judge, the rules, the metadata lookups, the reporters). Pure. */

/** `1 error`, `3 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A full commit SHA as its first 7 characters; anything else as is. */
export function shortSha(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}

/**
 * The candidate `word` is most likely a typo of, for "did you mean": the nearest by edit distance
 * (case ignored), at most two edits away (one for words of four letters or fewer, where two
 * edits make any word another). Undefined when none is near, or two are equally near: a wrong
 * guess misleads more than none.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tied = false;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && candidate !== best) tied = true;
  }
  return best !== undefined && !tied && bestDistance <= limit ? best : undefined;
}

/** `, did you mean "licenses"?` when one candidate is near, else nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const closest = closestWord(word, candidates);
  return closest === undefined || closest === word ? '' : `, did you mean "${closest}"?`;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
