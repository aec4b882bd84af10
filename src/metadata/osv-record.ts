/**
 * An OSV record (https://ossf.github.io/osv-schema/) reduced to what the rules read, as the
 * `osv-record` cache keeps it (plain JSON: a disk or Redis cache can hold it), and its reading
 * for one affected package as a `Vulnerability`. Pure.
 */
import type { Vulnerability } from '../facts/types.js';
import { recordSeverity, type OsvSeverityEntry } from './osv-severity.js';
import { osvNameForm } from './systems.js';

/** A package as OSV names it: `{ ecosystem: 'PyPI', name: 'jinja2' }`. */
export interface OsvPackage {
  ecosystem: string;
  name: string;
}

/** One `affected[]` entry: its package, its `fixed` versions, its own `severity[]` if it has one. */
export interface OsvAffected extends OsvPackage {
  fixed: string[];
  severity: OsvSeverityEntry[];
}

export interface OsvRecord {
  id: string;
  modified?: string;
  withdrawn?: string;
  aliases: string[];
  summary?: string;
  severity: OsvSeverityEntry[];
  /** A GHSA record's own rating (`database_specific.severity`: CRITICAL, HIGH, MODERATE, LOW). */
  ghsaSeverity?: string;
  affected: OsvAffected[];
}

/** The record of a `GET /v1/vulns/{id}` answer, or undefined when it is not one (no `id`). */
export function readOsvRecord(answer: unknown): OsvRecord | undefined {
  if (!isObject(answer) || typeof answer.id !== 'string') return undefined;
  const databaseSpecific = isObject(answer.database_specific) ? answer.database_specific : {};
  return {
    id: answer.id,
    ...(typeof answer.modified === 'string' ? { modified: answer.modified } : {}),
    ...(typeof answer.withdrawn === 'string' ? { withdrawn: answer.withdrawn } : {}),
    aliases: strings(answer.aliases),
    ...(typeof answer.summary === 'string' && answer.summary !== '' ? { summary: answer.summary } : {}),
    severity: severityEntries(answer.severity),
    ...(typeof databaseSpecific.severity === 'string' ? { ghsaSeverity: databaseSpecific.severity } : {}),
    affected: listOf(answer.affected).flatMap((entry) => affectedEntry(entry) ?? []),
  };
}

function affectedEntry(entry: unknown): OsvAffected | undefined {
  if (!isObject(entry) || !isObject(entry.package)) return undefined;
  const { ecosystem, name } = entry.package;
  if (typeof ecosystem !== 'string' || typeof name !== 'string') return undefined;
  const fixed: string[] = [];
  for (const range of listOf(entry.ranges)) {
    // A GIT range's `fixed` is a commit hash, not a version of the package (PYSEC records carry both).
    if (!isObject(range) || range.type === 'GIT') continue;
    for (const event of listOf(range.events)) {
      if (isObject(event) && typeof event.fixed === 'string' && event.fixed !== '') fixed.push(event.fixed);
    }
  }
  return { ecosystem, name, fixed, severity: severityEntries(entry.severity) };
}

function severityEntries(value: unknown): OsvSeverityEntry[] {
  return listOf(value).flatMap((entry) => (isObject(entry) && typeof entry.type === 'string' && typeof entry.score === 'string' ? [{ type: entry.type, score: entry.score }] : []));
}

/**
 * The record as it bears on one package: the versions that fix it there (the `fixed` events of
 * the affected entries naming this package, each once, in the record's order), and the highest
 * CVSS score over the record's vectors and this package's own.
 */
export function vulnerabilityOf(record: OsvRecord, pkg: OsvPackage): Vulnerability {
  const matching = record.affected.filter((affected) => samePackage(affected, pkg));
  const fixed = [...new Set(matching.flatMap((affected) => affected.fixed))];
  const scored = recordSeverity([...record.severity, ...matching.flatMap((affected) => affected.severity)], record.ghsaSeverity);
  return {
    id: record.id,
    aliases: record.aliases,
    ...(record.summary !== undefined ? { summary: record.summary } : {}),
    severity: scored.severity,
    ...(scored.score !== undefined ? { score: scored.score } : {}),
    ...(scored.vector !== undefined ? { vector: scored.vector } : {}),
    fixed,
    // OpenSSF malicious-packages records (https://github.com/ossf/malicious-packages) are the MAL- ids.
    malicious: record.id.startsWith('MAL-'),
    ...(record.modified !== undefined ? { modified: record.modified } : {}),
  };
}

/**
 * Whether an affected entry names the package: the same ecosystem (Maven and Packagist may add
 * `:<repository URL>`), the same name (PyPI's normalised, NuGet's case-insensitive).
 */
function samePackage(affected: OsvPackage, pkg: OsvPackage): boolean {
  if (affected.ecosystem !== pkg.ecosystem && !affected.ecosystem.startsWith(`${pkg.ecosystem}:`)) return false;
  const form = osvNameForm(pkg.ecosystem);
  return form(affected.name) === form(pkg.name);
}

function strings(value: unknown): string[] {
  return listOf(value).filter((item): item is string => typeof item === 'string');
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
