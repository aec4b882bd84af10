/**
 * pnpm's dependency paths, per lockfile generation:
 *   5.x  `/name/1.2.3`, `/@scope/name/1.2.3_peer@1.0.0+other@2.0.0`
 *   6.x  `/name@1.2.3(peer@1.0.0)`
 *   9.x  `name@1.2.3(peer@1.0.0)` (packages keys carry no peer suffix; snapshots keys do)
 * Non-registry packages (`github.com/...`, `file:...`, tarball URLs) have other keys and record
 * `name` and `version` in their entry.
 */

export type Generation = 5 | 6 | 9;

export function generationOf(lockfileVersion: string): Generation | undefined {
  const major = Number.parseInt(lockfileVersion, 10);
  if (!Number.isFinite(major) || major < 3) return undefined;
  if (major < 6) return 5;
  if (major < 9) return 6;
  return 9;
}

/** `name@rest` -> name and rest, the name possibly scoped. */
function splitAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', 1);
  return at === -1 ? undefined : { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

/**
 * Name and version (peer suffix removed) of a registry dependency path; for a v9 non-registry path
 * (`name@https://...`, `name@file:...`) the name only. Undefined when the key does not say.
 */
export function parseDepPath(key: string, generation: Generation): { name: string; version?: string } | undefined {
  if (generation === 5) {
    if (!key.startsWith('/')) return undefined;
    const segments = key.slice(1).split('/');
    const nameLength = segments[0]?.startsWith('@') ? 2 : 1;
    if (segments.length !== nameLength + 1) return undefined;
    const version = (segments[nameLength] ?? '').split('_')[0] ?? '';
    return { name: segments.slice(0, nameLength).join('/'), version };
  }
  const path = generation === 6 ? (key.startsWith('/') ? key.slice(1) : undefined) : key;
  if (path === undefined) return undefined;
  const parts = splitAt(stripPeers(path));
  if (!parts || parts.name === '') return undefined;
  if (parts.rest.includes(':') || parts.rest.includes('/')) return generation === 9 ? { name: parts.name } : undefined;
  return { name: parts.name, version: parts.rest };
}

/**
 * `name@1.2.3(peer@1)(other@2)` -> `name@1.2.3` (v6/v9, with or without v6's leading `/`); patch
 * hashes are written as peers. The suffix starts after the name: a `(` in the name itself
 * (`gpl$(x)thing@1.0.0`) is part of the name, never a peer.
 */
export function stripPeers(key: string): string {
  const nameStart = key.startsWith('/') ? 1 : 0;
  const at = key.indexOf('@', nameStart + 1);
  const bracket = key.indexOf('(', at === -1 ? nameStart : at);
  return bracket === -1 ? key : key.slice(0, bracket);
}

/**
 * The dependency path a reference points to (`dependencies: { name: reference }`), or undefined
 * for a `link:` (a workspace member or a folder: not a package). Mirrors pnpm's own
 * `refToRelative` of each lockfile generation.
 */
export function refToPath(name: string, reference: string, generation: Generation): string | undefined {
  if (reference.startsWith('link:')) return undefined;
  if (generation === 9) {
    if (reference.startsWith('@')) return reference;
    const at = reference.indexOf('@');
    if (at === -1) return `${name}@${reference}`;
    const colon = reference.indexOf(':');
    const bracket = reference.indexOf('(');
    // `other@1.2.3` is an alias; an `@` after `:` or inside `(...)` belongs to a URL or a peer.
    if ((colon === -1 || at < colon) && (bracket === -1 || at < bracket)) return reference;
    return `${name}@${reference}`;
  }
  if (reference.startsWith('file:')) return reference;
  if (generation === 5) return reference.includes('/') ? reference : `/${name}/${reference}`;
  const bracket = reference.indexOf('(');
  const slashBeforePeers = bracket === -1 ? reference.includes('/') : reference.lastIndexOf('/', bracket) !== -1;
  return slashBeforePeers ? reference : `/${name}@${reference}`;
}

/** True for a dependency path of local code (`file:` directories, injected workspace packages). */
export function isLocalPath(key: string, generation: Generation): boolean {
  if (generation !== 9) return key.startsWith('file:');
  const parts = splitAt(key);
  return parts !== undefined && /^(file|link|workspace):/.test(parts.rest);
}
