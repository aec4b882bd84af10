/** Words every layer puts in messages (the judge, the rules, the metadata lookups, the reporters). Pure. */

/** `1 error`, `3 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A full commit SHA as its first 7 characters; anything else as is. */
export function shortSha(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
