import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import spdxSatisfies from 'spdx-satisfies';
import { versionsOf } from '../../src/licenses/spdx-data.js';

/**
 * An independent check of which versions an `-or-later` / `+` license may be used under:
 * spdx-satisfies (its own curated version ranges) against our versionsOf, derived from the
 * SPDX list. We don't use spdx-satisfies at run time (it throws on ids newer than its bundled
 * list, such as GFDL-1.1-invariants-only, matches case-sensitively, and has no deny semantics),
 * but where it answers, every version we say a license covers must be one it agrees with:
 * a version we invented would be a way to pass an allow list or dodge a deny.
 */
const require = createRequire(import.meta.url);
const ids = (require('spdx-license-ids') as string[]).filter((id) => !/-or-later$/.test(id));

/** Per id: does spdx-satisfies say it satisfies `orLater`? Ids it can't read (newer than its list) get no answer. */
function spdxSatisfiesAnswers(orLater: string): Map<string, boolean> {
  const answers = new Map<string, boolean>();
  for (const id of ids) {
    try {
      answers.set(id, spdxSatisfies(id, [orLater]));
    } catch {
      // no opinion on this id
    }
  }
  return answers;
}

describe('versions an or-later license covers, checked against spdx-satisfies', () => {
  const ORACLE_CASES = ['GPL-2.0-or-later', 'LGPL-2.1-or-later', 'Apache-1.0+', 'GFDL-1.1-or-later', 'AGPL-1.0-or-later', 'CC-BY-3.0+', 'MPL-1.1+', 'EPL-1.0+'];

  it.each(ORACLE_CASES)('%s', (license) => {
    const answers = spdxSatisfiesAnswers(license);
    const ours = versionsOf({ license }).map((term) => term.license);
    // Never a version spdx-satisfies says no to; and it must have agreed on at least two, or this checks nothing.
    expect(ours.filter((version) => answers.get(version) === false)).toEqual([]);
    expect(ours.filter((version) => answers.get(version) === true).length).toBeGreaterThanOrEqual(2);
  });
});
