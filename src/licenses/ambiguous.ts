/**
 * Hints for license texts that are not SPDX: family names that do not say which license
 * (`BSD`, `GPL`, `GPLv3`, `Apache`, `MIT-style`...) and what to write instead. Hints never
 * change a verdict: the text stays unknown. They only make the reason useful. Pure.
 */
import { lookupSpelling } from './normalisation.js';
import { parseSingleTerm } from './parser.js';

export interface Hint {
  /** True when the text could mean more than one license (false: it is just not SPDX). */
  ambiguous: boolean;
  text: string;
  /** What the hint is about (`GPL 3.0`, `BSD`): two operands with the same topic give one hint. */
  topic: string;
}

/** GNU families: a name, a version and "or later" together make one license. */
const GNU_FAMILIES = [
  { name: 'LGPL', pattern: /\blgpl|\blesser general public|\blibrary general public/, versions: ['2.1', '3.0'] },
  { name: 'AGPL', pattern: /\bagpl|\baffero/, versions: ['3.0'] },
  { name: 'GFDL', pattern: /\bgfdl|\bfree documentation licen/, versions: ['1.3'] },
  { name: 'GPL', pattern: /\bgpl|\bgeneral public licen/, versions: ['2.0', '3.0'] },
] as const;

/** Families whose name alone does not say the version (with a version number, no hint). */
const VERSIONED_FAMILIES = [
  { pattern: /\bapache\b|\basl\b/, what: 'version of the Apache License', write: 'Apache-2.0 (or Apache-1.1, Apache-1.0)' },
  { pattern: /\bmpl\b|\bmozilla public licen/, what: 'version of the Mozilla Public License', write: 'MPL-2.0 or MPL-1.1' },
  { pattern: /\bepl\b|\beclipse public licen/, what: 'version of the Eclipse Public License', write: 'EPL-2.0 or EPL-1.0' },
  { pattern: /\bcddl\b|\bcommon development and distribution/, what: 'version of the CDDL', write: 'CDDL-1.1 or CDDL-1.0' },
  { pattern: /\beupl\b|\beuropean union public/, what: 'version of the EUPL', write: 'EUPL-1.2 or EUPL-1.1' },
  { pattern: /\bartistic\b/, what: 'version of the Artistic License', write: 'Artistic-2.0 or Artistic-1.0' },
  { pattern: /\bofl\b|\bopen font licen/, what: 'version of the SIL Open Font License', write: 'OFL-1.1' },
  { pattern: /\bpsf\b|\bpython software foundation\b|\bpython licen/, what: 'Python license', write: 'PSF-2.0 or Python-2.0' },
  { pattern: /\bcc\b|\bcreative commons\b/, what: 'Creative Commons license', write: 'its SPDX id, e.g. CC0-1.0, CC-BY-4.0, CC-BY-SA-4.0' },
] as const;

const LIKE = /\b(mit|bsd|apache|x11)[- ]?(style|like|ish|based|variant)\b/;
const LIKE_EXAMPLE: Readonly<Record<string, string>> = { mit: 'MIT', bsd: 'BSD-3-Clause', apache: 'Apache-2.0', x11: 'X11' };

/** "v2 or later", "version 2 or any later version" -> "v2+", so the chunks below keep it. */
function markOrLater(text: string): string {
  return text.replace(/\s+or\s+(?:\(at your option\)\s+)?(?:any\s+)?later(?:\s+version)?/gi, '+');
}

/** The operands of a text: split at operators in any case, `/`, `;` and parentheses. */
function chunksOf(text: string): string[] {
  return markOrLater(text)
    .split(/\s+(?:and|or|with)\s+|[/;()]/i)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '');
}

function gnuHint(chunk: string, lower: string): Hint | undefined {
  const family = GNU_FAMILIES.find((candidate) => candidate.pattern.test(lower));
  if (!family) return undefined;
  const number = /(\d+)(?:\.(\d+))?/.exec(lower.replace(/^.*?(gpl|gfdl|licen[cs]e)/, ''));
  const version = number ? `${number[1]}.${number[2] ?? '0'}` : undefined;
  const known = version !== undefined && parseSingleTerm(`${family.name}-${version}-only`) !== undefined;
  if (!known) {
    const choices = family.versions.flatMap((v) => [`${family.name}-${v}-only`, `${family.name}-${v}-or-later`]).join(', ');
    return { ambiguous: true, topic: family.name, text: `"${chunk}" does not say which ${family.name} version, nor whether later versions are allowed: write ${choices}...` };
  }
  const only = `${family.name}-${version}-only`;
  const orLater = `${family.name}-${version}-or-later`;
  if (/\+|or[- ]later/.test(lower)) return { ambiguous: false, topic: orLater, text: `"${chunk}" is not an SPDX id: write ${orLater}` };
  if (/\bonly\b/.test(lower)) return { ambiguous: false, topic: only, text: `"${chunk}" is not an SPDX id: write ${only}` };
  return { ambiguous: true, topic: `${family.name} ${version}`, text: `"${chunk}" says ${family.name} ${version} but not whether later versions are allowed: write ${only} or ${orLater}` };
}

/** The hint for one operand, whether or not it also reads as a license (hintsFor skips those). */
function chunkHint(chunk: string): Hint | undefined {
  const lower = chunk.toLowerCase();
  const like = LIKE.exec(lower);
  if (like) {
    const family = like[1] as string;
    return { ambiguous: true, topic: `${family}-like`, text: `"${chunk}" says the license is like ${family.toUpperCase()}, not which license it is: write its SPDX id if the text is one (e.g. ${LIKE_EXAMPLE[family]}), else a LicenseRef- id for the actual text` };
  }
  const gnu = gnuHint(chunk, lower);
  if (gnu) return gnu;
  if (/\bbsd\b/.test(lower) && !/\d|\b(new|modified|revised|simplified|clear|zero)\b/.test(lower)) {
    return { ambiguous: true, topic: 'BSD', text: `"${chunk}" does not say which BSD license: write BSD-2-Clause, BSD-3-Clause, 0BSD or BSD-4-Clause, as the text says` };
  }
  const family = VERSIONED_FAMILIES.find((candidate) => candidate.pattern.test(lower));
  if (family && !/\d/.test(lower)) {
    return { ambiguous: true, topic: family.what, text: `"${chunk}" does not say which ${family.what}: write ${family.write}` };
  }
  return undefined;
}

/** Hints about the text as a whole (before it is cut into operands). */
function wholeTextHint(text: string, readable: (chunk: string) => boolean): Hint | undefined {
  const lower = text.trim().toLowerCase();
  if (/^(mit\s*\/\s*x11|x11\s*\/\s*mit)( licen[cs]e)?$/.test(lower)) {
    return { ambiguous: true, topic: 'MIT/X11', text: `"${text}" names one license by two names: write MIT or X11, whichever the text is` };
  }
  if (/^(the )?public[- ]domain( dedication)?$/.test(lower)) {
    return { ambiguous: true, topic: 'public domain', text: `"${text}" is not a license: write CC0-1.0 or Unlicense if the author used one of them, else a LicenseRef- id` };
  }
  const commaParts = text.split(',').map((part) => part.trim());
  if (commaParts.length > 1 && commaParts.every(readable)) {
    return { ambiguous: true, topic: 'comma', text: `a comma does not say whether every license applies (AND) or any one of them (OR): write AND or OR` };
  }
  return undefined;
}

function readable(chunk: string): boolean {
  return parseSingleTerm(chunk) !== undefined || lookupSpelling(chunk) !== undefined;
}

/** Every hint for a text that did not parse, one per distinct problem; operands that read fine give none. */
export function hintsFor(text: string): Hint[] {
  const whole = wholeTextHint(text, readable);
  if (whole) return [whole];
  const orLater = parseSingleTerm(markOrLater(text));
  if (orLater && markOrLater(text) !== text) {
    const spdx = orLater.exception ? `${orLater.license} WITH ${orLater.exception}` : orLater.license;
    return [{ ambiguous: false, topic: 'or later', text: `"or later" in words is not SPDX: write ${spdx}` }];
  }
  const hints: Hint[] = [];
  for (const chunk of chunksOf(text)) {
    if (readable(chunk)) continue;
    const hint = chunkHint(chunk);
    if (hint && !hints.some((seen) => seen.topic === hint.topic)) hints.push(hint);
  }
  return hints;
}

/** True when a name could mean more than one license (the table test holds every entry to this). */
export function isAmbiguousName(text: string): boolean {
  const whole = wholeTextHint(text, () => false);
  if (whole) return whole.ambiguous;
  return chunksOf(text).some((chunk) => chunkHint(chunk)?.ambiguous === true);
}
