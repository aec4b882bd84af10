/** Code-unit order of two strings: stable across locales, and much cheaper than localeCompare on big lists. */
export function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * The same text as a string of its own. A substring of 13 characters or more (`slice`, a regex
 * match) is a view into the text it was cut from, and V8 compares such views two to three times
 * slower than plain strings: readers of files with 100k+ packages copy the names that the diff
 * sorts by. Joining two pieces always builds a new plain string.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join('');
}
