/**
 * PyPI's `License ::` trove classifiers (https://pypi.org/classifiers/) as SPDX ids, for the
 * releases that declare neither a PEP 639 `License-Expression` nor a usable `License` field.
 * Only classifiers that name one license are here: `BSD License`, `Apache Software License`,
 * `GNU General Public License (GPL)`, `Artistic License` do not say which license or version, and
 * reading them as one would be a guess (the caller keeps their text, which the license rules
 * report as unknown with the reason).
 */

const OSI = 'License :: OSI Approved :: ';

export const CLASSIFIER_LICENSES: ReadonlyMap<string, string> = new Map([
  [`${OSI}MIT License`, 'MIT'],
  [`${OSI}MIT No Attribution License (MIT-0)`, 'MIT-0'],
  [`${OSI}CMU License (MIT-CMU)`, 'MIT-CMU'],
  [`${OSI}ISC License (ISCL)`, 'ISC'],
  [`${OSI}Zero-Clause BSD (0BSD)`, '0BSD'],
  [`${OSI}Python Software Foundation License`, 'PSF-2.0'],
  [`${OSI}Python License (CNRI Python License)`, 'CNRI-Python'],
  [`${OSI}Mozilla Public License 1.0 (MPL)`, 'MPL-1.0'],
  [`${OSI}Mozilla Public License 1.1 (MPL 1.1)`, 'MPL-1.1'],
  [`${OSI}Mozilla Public License 2.0 (MPL 2.0)`, 'MPL-2.0'],
  [`${OSI}GNU General Public License v2 (GPLv2)`, 'GPL-2.0-only'],
  [`${OSI}GNU General Public License v2 or later (GPLv2+)`, 'GPL-2.0-or-later'],
  [`${OSI}GNU General Public License v3 (GPLv3)`, 'GPL-3.0-only'],
  [`${OSI}GNU General Public License v3 or later (GPLv3+)`, 'GPL-3.0-or-later'],
  // The LGPL's version 2 is the Library GPL 2.0; 2.1 has no classifier of its own.
  [`${OSI}GNU Lesser General Public License v2 (LGPLv2)`, 'LGPL-2.0-only'],
  [`${OSI}GNU Lesser General Public License v2 or later (LGPLv2+)`, 'LGPL-2.0-or-later'],
  [`${OSI}GNU Lesser General Public License v3 (LGPLv3)`, 'LGPL-3.0-only'],
  [`${OSI}GNU Lesser General Public License v3 or later (LGPLv3+)`, 'LGPL-3.0-or-later'],
  [`${OSI}GNU Affero General Public License v3`, 'AGPL-3.0-only'],
  [`${OSI}GNU Affero General Public License v3 or later (AGPLv3+)`, 'AGPL-3.0-or-later'],
  [`${OSI}Eclipse Public License 1.0 (EPL-1.0)`, 'EPL-1.0'],
  [`${OSI}Eclipse Public License 2.0 (EPL-2.0)`, 'EPL-2.0'],
  [`${OSI}European Union Public Licence 1.0 (EUPL 1.0)`, 'EUPL-1.0'],
  [`${OSI}European Union Public Licence 1.1 (EUPL 1.1)`, 'EUPL-1.1'],
  [`${OSI}European Union Public Licence 1.2 (EUPL 1.2)`, 'EUPL-1.2'],
  [`${OSI}Common Development and Distribution License 1.0 (CDDL-1.0)`, 'CDDL-1.0'],
  [`${OSI}Boost Software License 1.0 (BSL-1.0)`, 'BSL-1.0'],
  [`${OSI}The Unlicense (Unlicense)`, 'Unlicense'],
  [`${OSI}Universal Permissive License (UPL)`, 'UPL-1.0'],
  [`${OSI}zlib/libpng License`, 'Zlib'],
  [`${OSI}Historical Permission Notice and Disclaimer (HPND)`, 'HPND'],
  [`${OSI}PostgreSQL License`, 'PostgreSQL'],
  [`${OSI}Blue Oak Model License (BlueOak-1.0.0)`, 'BlueOak-1.0.0'],
  [`${OSI}Open Software License 3.0 (OSL-3.0)`, 'OSL-3.0'],
  [`${OSI}SIL Open Font License 1.1 (OFL-1.1)`, 'OFL-1.1'],
  [`${OSI}University of Illinois/NCSA Open Source License`, 'NCSA'],
  ['License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'CC0-1.0'],
]);

/** A classifier that only says the license is OSI approved, naming none. */
const NAMES_NO_LICENSE = new Set(['License :: OSI Approved']);

/**
 * The license classifiers of a release as SPDX ids where the table has them, else as the
 * classifier's own last segment (`BSD License`), each once, in their order.
 */
export function classifierLicenses(classifiers: readonly unknown[]): { mapped: boolean; license: string }[] {
  const seen = new Set<string>();
  const found: { mapped: boolean; license: string }[] = [];
  for (const classifier of classifiers) {
    if (typeof classifier !== 'string' || !classifier.startsWith('License :: ') || NAMES_NO_LICENSE.has(classifier)) continue;
    const id = CLASSIFIER_LICENSES.get(classifier);
    const license = id ?? (classifier.split(' :: ').pop() as string);
    if (seen.has(license)) continue;
    seen.add(license);
    found.push({ mapped: id !== undefined, license });
  }
  return found;
}
