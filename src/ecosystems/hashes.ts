/**
 * Digests of package artifacts as lockfiles write them (SRI `sha512-<base64>`, bare hex, base64),
 * turned into `PackageHash` (lowercase hex). A digest that is not what its algorithm produces (a
 * wrong length, a character outside the encoding) is left out: a hash is for SBOMs, never a
 * reason to refuse a lockfile.
 */
import type { PackageHash } from '../deps/model.js';
import { detach } from './lockfile-yaml.js';

type Algorithm = PackageHash['algorithm'];

/** Bytes in a digest of each algorithm. */
const DIGEST_BYTES: Record<Algorithm, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function isAlgorithm(name: string): name is Algorithm {
  return Object.hasOwn(DIGEST_BYTES, name);
}

/** A hex digest of `algorithm`, lowercased; undefined when it is not one. */
export function hexHash(algorithm: string, hex: string): PackageHash | undefined {
  const name = algorithm.toLowerCase();
  if (!isAlgorithm(name) || hex.length !== DIGEST_BYTES[name] * 2 || !HEX.test(hex)) return undefined;
  // Detached: a slice of a lockfile's text would keep the whole text alive.
  return { algorithm: name, value: detach(hex.toLowerCase()) };
}

/** A base64 digest of `algorithm` as hex; undefined when it does not decode to a digest of that length. */
export function base64Hash(algorithm: string, base64: string): PackageHash | undefined {
  const name = algorithm.toLowerCase();
  if (!isAlgorithm(name) || base64.length !== Math.ceil(DIGEST_BYTES[name] / 3) * 4 || !BASE64.test(base64)) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  return bytes.length === DIGEST_BYTES[name] ? { algorithm: name, value: bytes.toString('hex') } : undefined;
}

/**
 * An SRI string (`sha512-<base64>`, several space-separated, each possibly with `?options`), or
 * a bare 40-character sha1 hex (npm lockfiles before SRI): every digest read; undefined for none.
 */
export function integrityHashes(integrity: unknown): PackageHash[] | undefined {
  if (typeof integrity !== 'string') return undefined;
  const trimmed = integrity.trim();
  const sha1 = hexHash('sha1', trimmed);
  if (sha1) return [sha1];
  const hashes: PackageHash[] = [];
  for (const token of trimmed.split(/\s+/)) {
    const dash = token.indexOf('-');
    if (dash <= 0) continue;
    const digest = token.slice(dash + 1).split('?')[0] as string;
    const hash = base64Hash(token.slice(0, dash), digest);
    if (hash && !hashes.some((seen) => seen.algorithm === hash.algorithm && seen.value === hash.value)) hashes.push(hash);
  }
  return nonEmpty(hashes);
}

/** `sha256:<hex>` (Python lockfiles: uv, poetry, Pipfile.lock); undefined when it is not one. */
export function prefixedHexHash(text: unknown): PackageHash | undefined {
  if (typeof text !== 'string') return undefined;
  const colon = text.indexOf(':');
  return colon <= 0 ? undefined : hexHash(text.slice(0, colon), text.slice(colon + 1));
}

/** The list, or undefined when empty: `hashes` is absent when the file records none. */
export function nonEmpty(hashes: readonly (PackageHash | undefined)[]): PackageHash[] | undefined {
  const kept = hashes.filter((hash): hash is PackageHash => hash !== undefined);
  return kept.length > 0 ? kept : undefined;
}
