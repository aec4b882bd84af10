/**
 * Licenses from PyPI's JSON API (pypi.org or a mirror): GET /pypi/{name}/{version}/json, one
 * release per request. Its `info` object carries what the release's core metadata declares:
 * `license_expression` (PEP 639's `License-Expression`, an SPDX expression), the older free-text
 * `license`, and the `License ::` trove classifiers.
 */
import { parseLicense } from '../licenses/expression.js';
import { fetchJson } from './http.js';
import { perPackageSource, registryLicenseApi } from './per-package.js';
import { classifierLicenses } from './pypi-classifiers.js';
import type { FactSource } from './types.js';

/** Longer than this, or more than one line, the `license` field is a license text, not a name. */
export const LICENSE_NAME_MAX_LENGTH = 100;

export function pypiSource(baseUrl: string, timeoutMs = 10_000): FactSource {
  return perPackageSource(
    registryLicenseApi('PyPI', 'pypi', baseUrl, async (base, release) => {
      const url = `${base}/pypi/${encodeURIComponent(release.name)}/${encodeURIComponent(release.version)}/json`;
      const answer = (await fetchJson(url, timeoutMs)) as { info?: unknown } | null;
      return typeof answer?.info === 'object' && answer.info !== null ? licenseFromInfo(answer.info as PypiInfo) : null;
    }),
  );
}

/** The fields of the JSON API's `info` object that say the license. */
export interface PypiInfo {
  license_expression?: unknown;
  license?: unknown;
  classifiers?: unknown;
}

/**
 * The release's license, in this order:
 * 1. `license_expression`, as declared;
 * 2. `license` when it is a license's name (one line, at most 100 characters, not setuptools'
 *    `UNKNOWN` placeholder) that reads as SPDX;
 * 3. the `License ::` classifiers, when the table maps every one of them;
 * 4. the short `license` that does not read as SPDX (`BSD`), or else the classifiers' own
 *    names (`BSD License`): kept so the license rules say why it is unknown;
 * otherwise null. Several classifiers are joined with AND: the metadata does not say whether
 * they are alternatives, and AND never lets a package pass on a guess.
 */
export function licenseFromInfo(info: PypiInfo): string | null {
  if (typeof info.license_expression === 'string' && info.license_expression.trim() !== '') return info.license_expression.trim();
  const name = licenseName(info.license);
  if (name !== undefined && parseLicense(name).known) return name;
  const classified = classifierLicenses(Array.isArray(info.classifiers) ? info.classifiers : []);
  const joined = classified.length === 0 ? undefined : classified.map(({ license }) => license).join(' AND ');
  if (joined !== undefined && classified.every(({ mapped }) => mapped)) return joined;
  return name ?? joined ?? null;
}

/** The `license` field when it names a license rather than holding its whole text. */
function licenseName(license: unknown): string | undefined {
  if (typeof license !== 'string') return undefined;
  const text = license.trim();
  if (text === '' || /^UNKNOWN$/i.test(text) || text.length > LICENSE_NAME_MAX_LENGTH || /[\r\n]/.test(text)) return undefined;
  return text;
}
