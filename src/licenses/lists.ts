/**
 * A policy's allow / deny lists, read once per lists object, and the questions the evaluation
 * asks of them. Ids compare case-insensitively (SPDX Annex D), `LicenseRef-` ids too. Pure.
 *
 * Versions: a term with `-or-later` / `+` may be used under each version it covers
 * (spdx-data.ts versionsOf). An allow entry for a single version allows that version; an allow
 * entry `GPL-2.0-or-later` allows only that term, not GPL-3.0-only (an org that accepts code it
 * may take under GPL-2.0 has not said it accepts code that is GPL-3.0 only). A deny entry
 * denies every version it covers: `GPL-2.0-or-later` denies GPL-2.0-only and GPL-3.0-only.
 */
import { parseLicense } from './expression.js';
import { parseExpression } from './parser.js';
import { versionsOf, type LicenseTerm } from './spdx-data.js';

/** Allow / deny lists with categories already expanded to SPDX ids (see policy/presets). */
export interface LicenseLists {
  allow?: readonly string[];
  deny?: readonly string[];
}

interface Entry {
  license: string;
  exception?: string;
  /** Lower-case ids of the versions the entry covers (itself for a single version). */
  versions: ReadonlySet<string>;
}

export interface CompiledLists {
  allow?: readonly Entry[];
  deny?: readonly Entry[];
}

const key = (id: string) => id.toLowerCase();

/** The policy schema also accepts a bare `DocumentRef-x` as a custom id. */
const CUSTOM_ENTRY = /^(LicenseRef|DocumentRef)-[A-Za-z0-9.-]+$/i;

/** One license, optionally WITH an exception, as a list entry names it; undefined if it is not one. */
function entryTerm(text: string): LicenseTerm | undefined {
  if (CUSTOM_ENTRY.test(text.trim())) return { license: text.trim() };
  const parsed = parseExpression(text);
  return parsed.ok && parsed.node.kind === 'term' ? parsed.node.term : undefined;
}

/**
 * Why a list entry is not a single license, or undefined when it is one (ids in any case, so
 * `mit` is fine). For the policy schema, so validation and evaluation read entries alike.
 */
export function licenseEntryProblem(text: string): string | undefined {
  if (entryTerm(text)) return undefined;
  const expression = `"${text}" is an expression; list single licenses (one per entry)`;
  if (parseExpression(text).ok) return expression;
  const read = parseLicense(text);
  if (read.known) return read.alternatives.length === 1 && read.alternatives[0]?.length === 1 ? `"${text}" is not an SPDX license id: write ${read.expression}` : expression;
  const detail = read.reason.replace(/^not a valid SPDX expression \(.*?\): /, '');
  const notAnId = `"${text}" is not an SPDX license id`;
  return detail === notAnId ? notAnId : `${notAnId}: ${detail}`;
}

/** The policy's validation only lets single licenses through: anything else here is a bug, said loudly. */
function compileEntry(text: string): Entry {
  const term = entryTerm(text);
  if (!term) throw new Error(`licenses list entry "${text}" is not a single SPDX license id (a policy must be validated before it is used)`);
  // A custom id is one license whatever its name says (`LicenseRef-Foo-or-later` has no versions we know).
  const single = /^(LicenseRef|DocumentRef)-/i.test(term.license);
  return {
    license: key(term.license),
    ...(term.exception ? { exception: key(term.exception) } : {}),
    versions: new Set(single ? [key(term.license)] : versionsOf(term).map((version) => key(version.license))),
  };
}

const compiled = new WeakMap<LicenseLists, CompiledLists>();

export function compileLists(lists: LicenseLists): CompiledLists {
  let result = compiled.get(lists);
  if (!result) {
    result = {
      ...(lists.allow ? { allow: lists.allow.map(compileEntry) } : {}),
      ...(lists.deny ? { deny: lists.deny.map(compileEntry) } : {}),
    };
    compiled.set(lists, result);
  }
  return result;
}

/** An entry without an exception covers the license with any exception; one with an exception only that exception. */
function exceptionCovered(entry: Entry, term: LicenseTerm): boolean {
  return entry.exception === undefined || entry.exception === (term.exception && key(term.exception));
}

/** The list names this term itself: `GPL-2.0-or-later` for `GPL-2.0+`, `MIT` for `MIT`, `Apache-2.0` for `Apache-2.0 WITH LLVM-exception`. */
export function namesTerm(list: readonly Entry[], term: LicenseTerm): boolean {
  return list.some((entry) => entry.license === key(term.license) && exceptionCovered(entry, term));
}

/** The list has an entry with exactly this license and this exception (the more specific form). */
export function namesExactly(list: readonly Entry[] | undefined, term: LicenseTerm): boolean {
  if (!list || !term.exception) return false;
  const exception = key(term.exception);
  return list.some((entry) => entry.license === key(term.license) && entry.exception === exception);
}

/**
 * An allow list allows this single version: an entry names it. Versions are single-version ids
 * (`GPL-3.0-only`), so an or-later entry never matches one: it allows only itself (namesTerm).
 */
export function allowsVersion(allow: readonly Entry[], version: LicenseTerm): boolean {
  return namesTerm(allow, version);
}

/**
 * A deny list denies this single version. A deny entry with an exception also denies the bare
 * license: an exception only adds permissions, so the bare license asks at least as much.
 */
export function deniesVersion(deny: readonly Entry[], version: LicenseTerm): boolean {
  return deny.some((entry) => entry.versions.has(key(version.license)) && (version.exception === undefined || exceptionCovered(entry, version)));
}
