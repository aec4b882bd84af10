/**
 * `explain` for a package URL: the `packages.deny` entries and the exceptions that name it, where
 * each stands, and what its license would meet. Pure: today's date is the caller's.
 */
import type { Dependency } from '../deps/model.js';
import { parsePurl, purlOf } from '../deps/purl.js';
import { evaluateLicense, sameLicense } from '../licenses/evaluate.js';
import { keyName, placeOf, valueAt, type EntryUse, type Place } from './explain-layers.js';
import { licenseCategories } from './presets.js';
import type { LoadedLayer } from './load.js';
import { daysFrom, packageMatches } from './match.js';
import type { LicenseRules } from './types.js';

export interface ExceptionUse {
  key: string;
  at: Place;
  package: string;
  reason: string;
  license?: string;
  id?: string;
  approvedBy?: string;
  expires?: string;
  /** Days from today to `expires`: 0 on the day, negative after it. */
  daysLeft?: number;
  /**
   * `active`: it lets the package through; `expired`: past `expires`, not applied; `license-differs`:
   * its `license` is not the one given; `if-license`: applies only while the package's license is
   * its `license` (no --license given); `record-only`: it covers one vulnerability record (`id`), no other rule.
   */
  status: 'active' | 'expired' | 'license-differs' | 'if-license' | 'record-only';
}

export interface PackageExplanation {
  purl: string;
  /** The `packages.deny` entries that name it: the first is the one `package/denied` reports. */
  denied: EntryUse[];
  exceptions: ExceptionUse[];
  /** An active exception without `id` covers it: the license rules are not applied to it. */
  exceptedFromLicenseRules: boolean;
  /** Without --license: how each license category would be judged by the rules that apply. */
  categories?: { category: string; allowed: number; denied: number; unknown: number }[];
  notes: string[];
}

export interface PackageInput {
  layers: readonly LoadedLayer[];
  purl: string;
  license: string | undefined;
  manifest: string | undefined;
  today: string;
  /** The license rules that apply to it (the --path entry's when one covers the manifest). */
  rules: LicenseRules;
}

/** A package URL as the dependency the matchers take, or undefined when it is no package URL. */
export function dependencyOf(purl: string, manifest?: string): Dependency | undefined {
  const parts = parsePurl(purl);
  if (!parts) return undefined;
  const normalised = purlOf(parts.type, parts.namespace, parts.name, parts.version);
  if (normalised === undefined) return undefined;
  const name = parts.namespace ? `${parts.namespace}/${parts.name}` : parts.name;
  return { ecosystem: parts.type, name, purl: normalised, ...(parts.version ? { version: parts.version } : {}), manifest: manifest ?? '', scope: 'runtime', direct: true };
}

export function explainPackage(input: PackageInput): PackageExplanation {
  const dependency = dependencyOf(input.purl, input.manifest);
  if (!dependency) throw new Error(`not a package URL: ${input.purl}`); // the CLI checks it first
  const denied: EntryUse[] = [];
  const exceptions: ExceptionUse[] = [];
  for (const layer of input.layers) {
    listAt(layer, ['packages', 'deny']).forEach((entry, index) => {
      const { purl, reason } = entry as { purl: string; reason?: string };
      const path = ['packages', 'deny', index];
      if (packageMatches(purl, dependency)) denied.push({ entry: purl, key: keyName(path), at: placeOf(layer, path), ...(reason ? { reason } : {}) });
    });
    listAt(layer, ['exceptions']).forEach((entry, index) => {
      const written = entry as { package: string; reason: string; license?: string; id?: string; 'approved-by'?: string; expires?: string };
      if (packageMatches(written.package, dependency)) exceptions.push(exceptionUse(layer, index, written, input));
    });
  }
  const notes: string[] = [];
  if (dependency.version === undefined) notes.push('the package URL has no version: entries with a version or range do not match it');
  if (denied.length > 0) notes.push('packages.deny is not lifted by an exception: an exception covers the license rules (or, with id, one vulnerability record)');
  if (input.license === undefined) notes.push('a package URL carries no license: the license rules depend on the license the package declares (give --license SPDX to judge one)');
  const exceptedFromLicenseRules = exceptions.some((use) => use.status === 'active');
  return {
    purl: dependency.purl,
    denied,
    exceptions,
    exceptedFromLicenseRules,
    ...(input.license === undefined ? { categories: categoryVerdicts(input.rules) } : {}),
    notes,
  };
}

function exceptionUse(
  layer: LoadedLayer,
  index: number,
  written: { package: string; reason: string; license?: string; id?: string; 'approved-by'?: string; expires?: string },
  input: PackageInput,
): ExceptionUse {
  const path = ['exceptions', index];
  const expired = written.expires !== undefined && written.expires < input.today;
  let status: ExceptionUse['status'] = 'active';
  if (written.id !== undefined) status = 'record-only';
  else if (expired) status = 'expired';
  else if (written.license !== undefined && input.license === undefined) status = 'if-license';
  else if (written.license !== undefined && !sameLicense(written.license, input.license)) status = 'license-differs';
  return {
    key: keyName(path),
    at: placeOf(layer, path),
    package: written.package,
    reason: written.reason,
    ...(written.license !== undefined ? { license: written.license } : {}),
    ...(written.id !== undefined ? { id: written.id } : {}),
    ...(written['approved-by'] !== undefined ? { approvedBy: written['approved-by'] } : {}),
    ...(written.expires !== undefined ? { expires: written.expires, daysLeft: daysFrom(input.today, written.expires) } : {}),
    status,
  };
}

/** How each license category fares under these rules: how many of its ids are allowed, denied, unknown. */
function categoryVerdicts(rules: LicenseRules): { category: string; allowed: number; denied: number; unknown: number }[] {
  return [...licenseCategories()].map(([category, ids]) => {
    const counts = { category, allowed: 0, denied: 0, unknown: 0 };
    for (const id of ids) counts[evaluateLicense(id, rules).verdict]++;
    return counts;
  });
}

function listAt(layer: LoadedLayer, path: readonly string[]): unknown[] {
  const list = valueAt(layer.data, path);
  return Array.isArray(list) ? list : [];
}
