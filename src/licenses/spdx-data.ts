/**
 * The SPDX license and exception lists, indexed for case-insensitive lookup (SPDX 2.3 Annex D:
 * ids match case-insensitively; we print the list's own case), and the version families that
 * `-or-later` and `+` range over. Read once from the installed list packages; pure lookups after.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const licenseIds = require('spdx-license-ids') as string[];
const deprecatedLicenseIds = require('spdx-license-ids/deprecated.json') as string[];
// spdx-exceptions is the SPDX exceptions list, the package spdx-expression-parse reads too.
const exceptionIds = require('spdx-exceptions') as string[];
const deprecatedExceptionIds = require('spdx-exceptions/deprecated.json') as string[];

function byLowerCase(ids: readonly string[]): Map<string, string> {
  return new Map(ids.map((id) => [id.toLowerCase(), id]));
}

const LICENSES = byLowerCase([...licenseIds, ...deprecatedLicenseIds]);
const EXCEPTIONS = byLowerCase([...exceptionIds, ...deprecatedExceptionIds]);

/** The SPDX license list's current ids, for "did you mean" (deprecated ids are not offered). */
export const SPDX_LICENSE_IDS: readonly string[] = licenseIds;

/** `mit` -> `MIT`; undefined when the SPDX license list has no such id. */
export function canonicalLicenseId(id: string): string | undefined {
  return LICENSES.get(id.toLowerCase());
}

/** `llvm-exception` -> `LLVM-exception`; undefined when the SPDX exceptions list has no such id. */
export function canonicalExceptionId(id: string): string | undefined {
  return EXCEPTIONS.get(id.toLowerCase());
}

/** A license id with its exception, as the evaluation compares them. */
export interface LicenseTerm {
  license: string;
  exception?: string;
}

/**
 * Deprecated ids whose replacement SPDX states (the GNU ids without -only / -or-later, and the
 * GPL-with-exception ids that became `WITH` expressions). Other deprecated ids stay as they are:
 * they are still list ids, and reading them as another license would be a guess.
 */
const DEPRECATED: Readonly<Record<string, LicenseTerm>> = {
  'AGPL-1.0': { license: 'AGPL-1.0-only' },
  'AGPL-3.0': { license: 'AGPL-3.0-only' },
  'GPL-1.0': { license: 'GPL-1.0-only' },
  'GPL-2.0': { license: 'GPL-2.0-only' },
  'GPL-3.0': { license: 'GPL-3.0-only' },
  'LGPL-2.0': { license: 'LGPL-2.0-only' },
  'LGPL-2.1': { license: 'LGPL-2.1-only' },
  'LGPL-3.0': { license: 'LGPL-3.0-only' },
  'GFDL-1.1': { license: 'GFDL-1.1-only' },
  'GFDL-1.2': { license: 'GFDL-1.2-only' },
  'GFDL-1.3': { license: 'GFDL-1.3-only' },
  'GPL-2.0-with-classpath-exception': { license: 'GPL-2.0-only', exception: 'Classpath-exception-2.0' },
  'GPL-2.0-with-GCC-exception': { license: 'GPL-2.0-only', exception: 'GCC-exception-2.0' },
  'GPL-2.0-with-autoconf-exception': { license: 'GPL-2.0-only', exception: 'Autoconf-exception-2.0' },
  'GPL-2.0-with-bison-exception': { license: 'GPL-2.0-only', exception: 'Bison-exception-2.2' },
  'GPL-2.0-with-font-exception': { license: 'GPL-2.0-only', exception: 'Font-exception-2.0' },
  'GPL-3.0-with-GCC-exception': { license: 'GPL-3.0-only', exception: 'GCC-exception-3.1' },
  'GPL-3.0-with-autoconf-exception': { license: 'GPL-3.0-only', exception: 'Autoconf-exception-3.0' },
};

/**
 * The current form of a list id with its `+`: `GPL-2.0` -> `GPL-2.0-only`, `GPL-2.0+` and
 * `GPL-2.0-only+` -> `GPL-2.0-or-later`; other ids keep their `+` (`Apache-1.0+`).
 */
export function currentForm(canonicalId: string, plus: boolean): LicenseTerm {
  const replacement = DEPRECATED[canonicalId];
  let license = replacement?.license ?? canonicalId;
  if (plus) {
    if (license.endsWith('-only')) license = `${license.slice(0, -'-only'.length)}-or-later`;
    else if (!license.endsWith('-or-later')) license = `${license}+`;
  }
  return replacement?.exception ? { license, exception: replacement.exception } : { license };
}

type Version = number[];

/** `2.0.1` -> [2, 0, 1], `1.3c` -> [1, 3, 3] (letters count after the number: 1.3a < 1.3c). */
function versionOf(text: string): Version {
  const [, digits = '', letter] = /^([\d.]+)([a-z]?)$/.exec(text) ?? [];
  const parts = digits.split('.').map(Number);
  return letter ? [...parts, letter.charCodeAt(0) - 96] : parts;
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

interface Member {
  id: string;
  version: Version;
}

/**
 * Families of versions, derived from the list: the GNU `-only` ids by name and variant
 * (`GPL-` -> GPL-1.0-only, GPL-2.0-only, GPL-3.0-only; `GFDL--invariants`...), and the other ids
 * that end in a version (`Apache-` -> Apache-1.0, Apache-1.1, Apache-2.0). Ids with a suffix
 * after the version (`CC-BY-3.0-US`, `MPL-2.0-no-copyleft-exception`) are variants, not versions.
 */
function buildFamilies(): Map<string, Member[]> {
  const families = new Map<string, Member[]>();
  const add = (key: string, member: Member) => {
    const members = families.get(key);
    if (members) members.push(member);
    else families.set(key, [member]);
  };
  for (const id of licenseIds) {
    const gnu = /^(.+?)-(\d+\.\d+)((?:-[a-z]+)*)-only$/.exec(id);
    if (gnu) add(`${gnu[1]}-*${gnu[3]}-only`, { id, version: versionOf(gnu[2] as string) });
    else if (/-or-later$/.test(id)) continue;
    else {
      const plain = /^(.+)-(\d+(?:\.\d+)*[a-z]?)$/.exec(id);
      if (plain) add(`${plain[1]}-*`, { id, version: versionOf(plain[2] as string) });
    }
  }
  for (const members of families.values()) members.sort((a, b) => compareVersions(a.version, b.version));
  return families;
}

const FAMILIES = buildFamilies();

/** The family key and version of an id: `GPL-2.0-or-later` -> (`GPL-*-only`, 2.0). */
function placeInFamily(license: string): { key: string; version: Version } | undefined {
  const gnu = /^(.+?)-(\d+\.\d+)((?:-[a-z]+)*)-or-later$/.exec(license);
  if (gnu) return { key: `${gnu[1]}-*${gnu[3]}-only`, version: versionOf(gnu[2] as string) };
  const plain = /^(.+)-(\d+(?:\.\d+)*[a-z]?)\+$/.exec(license);
  if (plain) return { key: `${plain[1]}-*`, version: versionOf(plain[2] as string) };
  return undefined;
}

/** True for `GPL-2.0-or-later`, `Apache-1.0+`: a license that may be used under later versions. */
function isOrLater(license: string): boolean {
  return license.endsWith('-or-later') || license.endsWith('+');
}

/**
 * The licenses a term may be used under: itself for a single version, and for `-or-later` / `+`
 * that version and every later one the SPDX list has (`GPL-2.0-or-later` -> GPL-2.0-only,
 * GPL-3.0-only). A `+` on an id with no known later versions (`MIT+`) is just that id.
 */
export function versionsOf(term: LicenseTerm): LicenseTerm[] {
  if (!isOrLater(term.license)) return [term];
  const place = placeInFamily(term.license);
  const members = place ? FAMILIES.get(place.key) : undefined;
  const withException = (license: string): LicenseTerm => (term.exception ? { license, exception: term.exception } : { license });
  if (!place || !members) return [withException(term.license.replace(/\+$/, ''))];
  const later = members.filter((member) => compareVersions(member.version, place.version) >= 0);
  return later.map((member) => withException(member.id));
}
