/** Matching policy entries (package patterns, exceptions) against dependencies. Pure. Path globs: glob.ts. */
import semver from 'semver';
import { purlWithoutVersion } from '../deps/purl.js';
import type { Dependency } from '../deps/model.js';
import { sameLicense } from '../licenses/evaluate.js';
import type { PolicyException } from './types.js';

/**
 * Does `pattern` (a purl, optionally with `@version` or `@range`) name this dependency?
 * A range is read with semver (loosely, so `1.2` and `v1.2.3` work); anything else must equal
 * the version exactly.
 */
export function packageMatches(pattern: string, dependency: Dependency): boolean {
  const at = pattern.lastIndexOf('@');
  const hasVersion = at > pattern.lastIndexOf('/');
  const identity = hasVersion ? pattern.slice(0, at) : pattern;
  if (decodeURIComponent(identity) !== decodeURIComponent(purlWithoutVersion(dependency.purl))) return false;
  if (!hasVersion) return true;
  const wanted = decodeURIComponent(pattern.slice(at + 1));
  const version = dependency.version;
  if (version === undefined) return false;
  if (wanted === version || wanted === '*') return true;
  const range = semver.validRange(wanted, { loose: true });
  const coerced = semver.valid(version, { loose: true }) ?? semver.coerce(version)?.version;
  return range !== null && coerced !== undefined && coerced !== null && semver.satisfies(coerced, range, { loose: true, includePrerelease: true });
}

export type ExceptionMatch = { exception: PolicyException; expired: boolean };

/**
 * The exception that covers this dependency, if any. An exception with `license` stops
 * applying when the package's license (`license`: the file's or the looked-up one) is no longer that one; one past `expires` is reported
 * as expired and not applied. `today` is YYYY-MM-DD (the clock is the caller's).
 */
export function findException(exceptions: readonly PolicyException[], dependency: Dependency, license: string | undefined, today: string): ExceptionMatch | undefined {
  let expired: ExceptionMatch | undefined;
  for (const exception of exceptions) {
    if (!packageMatches(exception.package, dependency)) continue;
    if (exception.license !== undefined && !sameLicense(exception.license, license)) continue;
    if (exception.expires !== undefined && exception.expires < today) {
      expired ??= { exception, expired: true };
      continue;
    }
    return { exception, expired: false };
  }
  return expired;
}
