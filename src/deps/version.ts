/**
 * A generic version order good enough for most ecosystems: dotted numbers compare numerically,
 * a pre-release suffix (`-beta.1`, `rc1`) sorts before the release, other text compares as text.
 * Ecosystems with stricter rules provide `compareVersions` themselves.
 */
export function compareVersionsGeneric(a: string, b: string): number {
  const left = tokenize(a);
  const right = tokenize(b);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined || y === undefined) {
      // `1.0` vs `1.0.1`: the longer is newer, unless what follows is a pre-release tag.
      const rest = x === undefined ? y : x;
      const sign = x === undefined ? -1 : 1;
      return typeof rest === 'string' ? -sign : sign;
    }
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return 1; // a number beats a pre-release tag at the same place
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function tokenize(version: string): (number | string)[] {
  const cleaned = version.replace(/^v(?=\d)/i, '').split('+')[0] ?? '';
  const tokens: (number | string)[] = [];
  for (const part of cleaned.match(/\d+|[a-z]+/gi) ?? []) {
    tokens.push(/^\d+$/.test(part) ? Number(part) : part.toLowerCase());
  }
  return tokens;
}
