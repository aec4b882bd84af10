/**
 * deps.dev's v3alpha JSON read into facts: the `versionKey` asked for a purl, a `Version` as
 * PackageFacts, a `Project`'s `scorecard` as a Scorecard. Field names are the proto's
 * (google/deps.dev api/v3alpha) in proto3 JSON form: lowerCamelCase, enums as their names,
 * timestamps as RFC 3339 strings, and a field at its default value (false, 0, empty) left out.
 */
import { parsePurl } from '../deps/purl.js';
import type { FactKind, PackageFacts, Scorecard } from '../facts/types.js';
import { normalizePythonName } from '../ecosystems/python.js';
import { depsDevSystem } from './systems.js';

export interface VersionKey {
  system: string;
  name: string;
  version: string;
}

/**
 * The versionKey deps.dev knows a purl's package version by: npm `@scope/name`, Maven
 * `group:artifact`, PyPI's normalised name, a Go module's whole path. Undefined for a purl
 * deps.dev has no system for, or one without a version.
 */
export function versionKeyOf(purl: string): VersionKey | undefined {
  const system = depsDevSystem(purl);
  const parts = system === undefined ? undefined : parsePurl(purl);
  if (system === undefined || parts?.version === undefined) return undefined;
  const joined = parts.namespace ? `${parts.namespace}${system === 'MAVEN' ? ':' : '/'}${parts.name}` : parts.name;
  // PEP 503: the purl already holds it so; normalised again so a hand-written purl asks the same name.
  const name = system === 'PYPI' ? normalizePythonName(joined) : joined;
  return { system, name, version: parts.version };
}

/** One string per versionKey, for pairing an echoed request with what was asked. */
export function versionKeyId(key: VersionKey): string {
  return `${key.system}\u0000${key.name}\u0000${key.version}`;
}

/** The id of an echoed `{versionKey: {system, name, version}}`, or undefined when it is not one. */
export function echoedVersionKeyId(request: unknown): string | undefined {
  const key = objectField(request, 'versionKey');
  const system = stringField(key, 'system');
  const name = stringField(key, 'name');
  const version = stringField(key, 'version');
  return system === undefined || name === undefined || version === undefined ? undefined : versionKeyId({ system, name, version });
}

/** The id of an echoed `{projectKey: {id}}`. */
export function echoedProjectId(request: unknown): string | undefined {
  return stringField(objectField(request, 'projectKey'), 'id');
}

/** The facts of the wanted kinds a `Version` says, each with `source`. */
export function versionFacts(version: unknown, kinds: ReadonlySet<FactKind>, source: string): PackageFacts {
  const facts: PackageFacts = {};
  if (kinds.has('license')) {
    const license = licenseOf(version);
    if (license !== undefined) facts.license = { value: license, source };
  }
  if (kinds.has('deprecation')) {
    const deprecated = objectValue(version)?.isDeprecated === true;
    // `deprecatedReason` is not in the v3alpha proto: read only if a mirror or a later API sends it.
    const reason = deprecated ? stringField(version, 'deprecatedReason') : undefined;
    facts.deprecation = { value: { deprecated, ...(reason ? { reason } : {}) }, source };
  }
  if (kinds.has('publishedAt')) {
    const publishedAt = stringField(version, 'publishedAt');
    if (publishedAt) facts.publishedAt = { value: publishedAt, source };
  }
  if (kinds.has('sourceRepository')) {
    const repository = sourceRepositoryOf(version);
    if (repository !== undefined) facts.sourceRepository = { value: repository, source };
  }
  return facts;
}

/**
 * `licenses`: SPDX expressions; `non-standard` is one deps.dev could not map, which says no more
 * than none. Several are licenses that all apply (their relation is unspecified: the strict reading).
 */
function licenseOf(version: unknown): string | undefined {
  const listed = objectValue(version)?.licenses;
  const licenses = Array.isArray(listed) ? listed.filter((item): item is string => typeof item === 'string' && item !== '' && item !== 'non-standard') : [];
  if (licenses.length === 0) return undefined;
  return licenses.length === 1 ? licenses[0] : licenses.map((license) => `(${license})`).join(' AND ');
}

/** The project of `relatedProjects` whose `relationType` is `SOURCE_REPO`: `github.com/owner/repo`. */
export function sourceRepositoryOf(version: unknown): string | undefined {
  const related = objectValue(version)?.relatedProjects;
  if (!Array.isArray(related)) return undefined;
  for (const project of related) {
    if (objectValue(project)?.relationType !== 'SOURCE_REPO') continue;
    const id = stringField(objectField(project, 'projectKey'), 'id');
    if (id) return id;
  }
  return undefined;
}

/** A project's scorecard as read: none (`undefined`), or why the answer could not be read. */
export type ScorecardReading = { scorecard: Scorecard | undefined } | { failed: string };

/**
 * A `Project`'s `scorecard` (`overallScore`, `checks[].name`/`score`, `date`). A score left out
 * is proto3's 0; a check's negative score is one that could not run.
 */
export function scorecardOf(project: unknown, repository: string): ScorecardReading {
  const scorecard = objectField(project, 'scorecard');
  if (scorecard === undefined) return { scorecard: undefined };
  const score = scorecard.overallScore ?? 0;
  if (typeof score !== 'number') return { failed: `scorecard of ${repository} has no numeric overallScore` };
  const checks: Record<string, number> = {};
  for (const check of Array.isArray(scorecard.checks) ? scorecard.checks : []) {
    const name = stringField(check, 'name');
    const checkScore = objectValue(check)?.score ?? 0;
    if (name !== undefined && typeof checkScore === 'number') checks[name] = checkScore;
  }
  const date = stringField(scorecard, 'date');
  return { scorecard: { repository, score, checks, ...(date ? { date } : {}) } };
}

function objectValue(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function objectField(value: unknown, name: string): Record<string, unknown> | undefined {
  return objectValue(objectValue(value)?.[name]);
}

function stringField(value: unknown, name: string): string | undefined {
  const found = objectValue(value)?.[name];
  return typeof found === 'string' ? found : undefined;
}
