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

/** How bad a vulnerability is: from its CVSS base score (OSV `severity[]`), else GHSA's own rating. */
export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

/** One OSV record that affects a package version. */
export interface Vulnerability {
  /** OSV id: `GHSA-...`, `PYSEC-...`, `RUSTSEC-...`, `MAL-...`. */
  id: string;
  /** Other ids of the same record (`CVE-...`). */
  aliases: readonly string[];
  summary?: string;
  severity: VulnerabilitySeverity;
  /** The highest CVSS base score over the record's vectors (v2, v3 or v4), when it has one. */
  score?: number;
  /** The vector that gave `score` (`CVSS:3.1/AV:N/...`). */
  vector?: string;
  /** Versions of this package that fix it (`affected[].ranges[].events[].fixed`), oldest first. */
  fixed: readonly string[];
  /** An OpenSSF malicious-packages record (`MAL-` id): malware, judged apart from severities. */
  malicious: boolean;
  /** OSV's `modified` timestamp. */
  modified?: string;
}

/** The OpenSSF Scorecard of a package's source repository (deps.dev project data). */
export interface Scorecard {
  /** `github.com/owner/repo`. */
  repository: string;
  /** 0..10. */
  score: number;
  /** Check name (`Maintained`, `Code-Review`) -> score 0..10; -1 when the check could not run. */
  checks: Readonly<Record<string, number>>;
  /** When Scorecard ran (ISO date). */
  date?: string;
}

export interface Deprecation {
  deprecated: boolean;
  /** The registry's message, when there is one. */
  reason?: string;
}

/**
 * The facts about one package version, each a Fact of its own. A key that is absent is not known
 * (no source answered it); a known "nothing" is a value (`vulnerabilities: []`,
 * `deprecation: { deprecated: false }`).
 */
export interface PackageFacts {
  /** The license the source records for this exact version. */
  license?: Fact<string>;
  /** The OSV records affecting this version; `[]` when it was checked and none does. */
  vulnerabilities?: Fact<readonly Vulnerability[]>;
  deprecation?: Fact<Deprecation>;
  /** When this version was published (ISO timestamp). */
  publishedAt?: Fact<string>;
  /** The source repository the package links to, `github.com/owner/repo`. */
  sourceRepository?: Fact<string>;
  scorecard?: Fact<Scorecard>;
}

/** Each kind of fact a source can be asked for. */
export type FactKind = keyof PackageFacts;

export const FACT_KINDS: readonly FactKind[] = ['license', 'vulnerabilities', 'deprecation', 'publishedAt', 'sourceRepository', 'scorecard'];

/** The facts of one evaluation, by purl (with version). */
export interface Facts {
  readonly packages: ReadonlyMap<string, PackageFacts>;
  /** Packages whose facts could not be gathered, by purl, with why (`offline`, `deps.dev (...) unreachable (...)`). */
  readonly unchecked: ReadonlyMap<string, string>;
  /**
   * The same for the other kinds the policy needed (vulnerabilities, deprecation...): by kind, by
   * purl, why it could not be looked up. Absent kinds had nothing unchecked.
   */
  readonly uncheckedByKind?: Readonly<Partial<Record<Exclude<FactKind, 'license'>, ReadonlyMap<string, string>>>>;
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

/** A looked-up fact of a dependency (not the license: licenseOf also reads the file's). */
export function factOf<K extends Exclude<FactKind, 'license'>>(kind: K, dependency: Dependency, facts: Facts): PackageFacts[K] | undefined {
  return facts.packages.size > 0 ? facts.packages.get(dependency.purl)?.[kind] : undefined;
}

/**
 * Why a fact of a dependency was not looked up, if it was not (offline, a source down). Only a
 * package with an exact version is ever looked up: one without is the rules' own case.
 */
export function factUnchecked(kind: Exclude<FactKind, 'license'>, dependency: Dependency, facts: Facts): string | undefined {
  if (dependency.version === undefined) return undefined;
  if (facts.nothingLookedUp !== undefined) return facts.nothingLookedUp;
  return facts.uncheckedByKind?.[kind]?.get(dependency.purl);
}
