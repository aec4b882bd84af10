/** Array helpers safe at any size. */

/** Appends without spreading: `push(...items)` overflows the call stack past ~120k items. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
