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
  const { version: written } = patternParts(pattern);
  if (patternIdentity(pattern) !== dependencyIdentity(dependency)) return false;
  if (written === undefined) return true;
  const wanted = decodeURIComponent(written);
  const version = dependency.version;
  if (version === undefined) return false;
  if (wanted === version || wanted === '*') return true;
  const range = semver.validRange(wanted, { loose: true });
  const coerced = semver.valid(version, { loose: true }) ?? semver.coerce(version)?.version;
  return range !== null && coerced !== undefined && coerced !== null && semver.satisfies(coerced, range, { loose: true, includePrerelease: true });
}

export type ExceptionMatch = { exception: PolicyException; expired: boolean };

/**
 * The exception that covers this dependency, if any (one with `id` covers one vulnerability
 * record, not the dependency: `findRecordException`). An exception with `license` stops
 * applying when the package's license (`license`: the file's or the looked-up one) is no longer that one; one past `expires` is reported
 * as expired and not applied. `today` is YYYY-MM-DD (the clock is the caller's).
 */
export function findException(exceptions: readonly PolicyException[], dependency: Dependency, license: string | undefined, today: string): ExceptionMatch | undefined {
  let expired: ExceptionMatch | undefined;
  for (const exception of exceptions) {
    if (exception.id !== undefined || !packageMatches(exception.package, dependency)) continue;
    if (exception.license !== undefined && !sameLicense(exception.license, license)) continue;
    if (exception.expires !== undefined && exception.expires < today) {
      expired ??= { exception, expired: true };
      continue;
    }
    return { exception, expired: false };
  }
  return expired;
}

/**
 * The exception with `id` that covers this record of this dependency: its id is the record's id
 * or one of its aliases (any case, as `vulnerabilities.ignore` matches), its package the
 * dependency. An active one first, else an expired one. `exceptions` holds only those with `id`.
 */
export function findRecordException(exceptions: readonly PolicyException[], record: { id: string; aliases: readonly string[] }, dependency: Dependency, today: string): ExceptionMatch | undefined {
  let expired: ExceptionMatch | undefined;
  for (const exception of exceptions) {
    const id = exception.id?.toUpperCase();
    if (id === undefined || (id !== record.id.toUpperCase() && !record.aliases.some((alias) => alias.toUpperCase() === id))) continue;
    if (!packageMatches(exception.package, dependency)) continue;
    if (exception.expires !== undefined && exception.expires < today) {
      expired ??= { exception, expired: true };
      continue;
    }
    return { exception, expired: false };
  }
  return expired;
}

const DAY_MS = 86_400_000;

/** Whole days from `today` to `day` (both YYYY-MM-DD): 0 on the day itself, negative after it; NaN when either is no date. */
export function daysFrom(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/**
 * A package pattern as written, split at its version: `pkg:npm/%40scope/name@^1.0.0` ->
 * `pkg:npm/%40scope/name` and `^1.0.0`. An `@` before the last `/` is the scope's, not a version.
 */
export function patternParts(pattern: string): { identity: string; version?: string } {
  const at = pattern.lastIndexOf('@');
  return at > pattern.lastIndexOf('/') ? { identity: pattern.slice(0, at), version: pattern.slice(at + 1) } : { identity: pattern };
}

/** The package pattern's name part (no `@version`), decoded: what `packageMatches` compares first. */
export function patternIdentity(pattern: string): string {
  return decodeURIComponent(patternParts(pattern).identity);
}

/** A dependency's purl without its version, decoded as `patternIdentity` decodes (as written when it is no valid escape). */
export function dependencyIdentity(dependency: Dependency): string {
  const identity = purlWithoutVersion(dependency.purl);
  if (!identity.includes('%')) return identity;
  try {
    return decodeURIComponent(identity);
  } catch {
    return identity; // `%zz`: no pattern (checked to be a valid purl) can name it
  }
}

/** The exceptions that may cover one package, in policy order: all of them, and those without `license`. */
export interface ExceptionCandidates {
  all: PolicyException[];
  packageWide: PolicyException[];
}

/**
 * The exceptions without `id`, by the package they name: a change looks up its own in one map
 * read instead of matching each exception's pattern (365k changes times every exception).
 */
export class ExceptionIndex {
  private readonly byIdentity = new Map<string, ExceptionCandidates>();

  constructor(exceptions: readonly PolicyException[]) {
    for (const exception of exceptions) {
      if (exception.id !== undefined) continue;
      const identity = patternIdentity(exception.package);
      let candidates = this.byIdentity.get(identity);
      if (!candidates) this.byIdentity.set(identity, (candidates = { all: [], packageWide: [] }));
      candidates.all.push(exception);
      if (exception.license === undefined) candidates.packageWide.push(exception);
    }
  }

  get size(): number {
    return this.byIdentity.size;
  }

  of(dependency: Dependency): ExceptionCandidates | undefined {
    return this.byIdentity.get(dependencyIdentity(dependency));
  }
}
