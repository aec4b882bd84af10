/** Array helpers safe at any size. */

/** Appends without spreading: `push(...items)` overflows the call stack past ~120k items. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Splits items into consecutive batches of at most `size` (GitHub takes 50 annotations per request). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
