/**
 * What is known about package versions beyond what the files say, as data the pure steps read:
 * each fact with its provenance. Gathered once per evaluation by src/evaluation (through the
 * batch sources of src/metadata), between the diff and the judge; rules read them, nothing copies
 * them onto dependencies. Pure.
 */
import type { Dependency } from '../deps/model.js';

/** One fact and where it came from. */
export interface Fact<T> {
  value: T;
  /** The source that said it (`npm registry (https://registry.npmjs.org)`, `deps.dev (...)`). */
  source: string;
}

/**
 * The facts about one package version. Only `license` today; vulnerabilities, malicious,
 * scorecard, deprecated, publishedAt and install scripts join here, each a Fact of its own.
 */
export interface PackageFacts {
  /** The license the source records for this exact version. */
  license?: Fact<string>;
}

/** The facts of one evaluation, by purl (with version). */
export interface Facts {
  readonly packages: ReadonlyMap<string, PackageFacts>;
  /** Packages whose facts could not be gathered, by purl, with why (`offline`, `deps.dev (...) unreachable (...)`). */
  readonly unchecked: ReadonlyMap<string, string>;
  /**
   * Why nothing at all was looked up (`offline`), for every package with a version the files give
   * no license for: said once, not stored per package (a 365k-module go.mod would need a map).
   */
  readonly nothingLookedUp?: string;
}

export const NO_FACTS: Facts = { packages: new Map(), unchecked: new Map() };

/** A dependency's license: the file's when it records one (its source is the file), else the looked-up fact. */
export function licenseOf(dependency: Dependency, facts: Facts): Fact<string> | undefined {
  if (dependency.license !== undefined) return { value: dependency.license, source: dependency.manifest };
  // Asked for every change: an empty map (offline, nothing looked up) is not asked to hash the purl.
  return facts.packages.size > 0 ? facts.packages.get(dependency.purl)?.license : undefined;
}

/** Why the license of a dependency without one was not looked up, if it was not. */
export function licenseUnchecked(dependency: Dependency, facts: Facts): string | undefined {
  if (dependency.license !== undefined) return undefined;
  if (facts.nothingLookedUp !== undefined) return dependency.version !== undefined ? facts.nothingLookedUp : undefined;
  return facts.unchecked.size > 0 ? facts.unchecked.get(dependency.purl) : undefined;
}
