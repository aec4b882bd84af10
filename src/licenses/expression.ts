/**
 * Turns the license text a lockfile or registry records into a normalised SPDX expression, or
 * says why it is unknown. Pure.
 */
import spdxCorrect from 'spdx-correct';
import parseSpdx from 'spdx-expression-parse';

/** One license of an expression: `GPL-2.0-or-later`, `Apache-2.0 WITH LLVM-exception`. */
export interface LicenseTerm {
  license: string;
  exception?: string;
}

export type ParsedLicense =
  | {
      known: true;
      /** Normalised SPDX expression, deprecated ids replaced (`GPL-2.0+` -> `GPL-2.0-or-later`). */
      expression: string;
      /** The expression as alternatives (OR) of terms that all apply together (AND). */
      alternatives: LicenseTerm[][];
      /** Set when the raw text was not valid SPDX and was read as a likely id (`Apache 2.0`). */
      correctedFrom?: string;
    }
  | { known: false; reason: string };

type SpdxNode = parseSpdx.Info | parseSpdx.LicenseInfo | parseSpdx.ConjunctionInfo;

/** Deprecated GNU ids and their current form (`+` is applied on top: GPL-2.0+ -> GPL-2.0-or-later). */
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

/** Texts that mean "no usable license", each with the reason we show. */
function unknownReason(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return 'no license declared';
  if (/^UNLICENSED$/i.test(text)) return 'UNLICENSED: the author grants no license to use it';
  if (/^SEE LICEN[CS]E IN\b/i.test(text)) return `license is only given in a file (${text})`;
  if (/^(NOASSERTION|NONE|UNKNOWN|proprietary|commercial|other|custom)$/i.test(text)) return `no SPDX license (${text})`;
  return undefined;
}

export function parseLicense(raw: string | undefined): ParsedLicense {
  if (raw === undefined) return { known: false, reason: 'no license found' };
  const reason = unknownReason(raw);
  if (reason) return { known: false, reason };
  const text = raw.trim();
  const direct = tryParse(text);
  if (direct) return direct;
  const corrected = correctExpression(text);
  if (corrected) {
    const parsed = tryParse(corrected);
    if (parsed) return { ...parsed, correctedFrom: text };
  }
  return { known: false, reason: `not a valid SPDX expression (${text})` };
}

function tryParse(text: string): (ParsedLicense & { known: true }) | undefined {
  let tree: SpdxNode;
  try {
    tree = parseSpdx(text);
  } catch {
    return undefined;
  }
  const normalised = normaliseNode(tree);
  return { known: true, expression: render(normalised, true), alternatives: expand(normalised) };
}

/** spdx-correct works on single ids: correct each operand of an `OR`/`AND` expression separately. */
function correctExpression(text: string): string | undefined {
  const parts = text.replace(/^\(|\)$/g, '').split(/\s+(OR|AND)\s+|\s*\/\s*/);
  // Whole-text correction only for a single id: spdx-correct reads `MIT/Apache 2.0` as just Apache-2.0.
  if (parts.length < 2) return spdxCorrect(text, { upgrade: true }) ?? undefined;
  const out: string[] = [];
  for (const part of parts) {
    if (part === undefined) continue;
    if (part === 'OR' || part === 'AND') {
      out.push(part);
      continue;
    }
    const fixed = spdxCorrect(part.trim(), { upgrade: true });
    if (!fixed) return undefined;
    if (out.length > 0 && out[out.length - 1] !== 'OR' && out[out.length - 1] !== 'AND') out.push('OR'); // `MIT/Apache-2.0`
    out.push(fixed);
  }
  return out.join(' ');
}

function normaliseNode(node: SpdxNode): SpdxNode {
  if ('conjunction' in node) return { ...node, left: normaliseNode(node.left), right: normaliseNode(node.right) };
  if (!('license' in node)) return node;
  const replacement = DEPRECATED[node.license];
  let license = replacement?.license ?? node.license;
  const exception = node.exception ?? replacement?.exception;
  if (node.plus) {
    // `GPL-2.0+` / `GPL-2.0-only+` mean "or later"; other ids keep their `+` (Apache-1.0+).
    if (license.endsWith('-only')) license = `${license.slice(0, -'-only'.length)}-or-later`;
    else if (!license.endsWith('-or-later')) license = `${license}+`;
  }
  return { license, ...(exception ? { exception } : {}) };
}

function render(node: SpdxNode, top = false): string {
  if ('conjunction' in node) {
    const text = `${render(node.left)} ${node.conjunction.toUpperCase()} ${render(node.right)}`;
    return top ? text : `(${text})`;
  }
  if ('license' in node) return node.exception ? `${node.license} WITH ${node.exception}` : node.license;
  return 'NOASSERTION';
}

/** Disjunctive normal form: `(A OR B) AND C` -> [[A, C], [B, C]]. */
function expand(node: SpdxNode): LicenseTerm[][] {
  if ('conjunction' in node) {
    const left = expand(node.left);
    const right = expand(node.right);
    if (node.conjunction === 'or') return [...left, ...right];
    return left.flatMap((l) => right.map((r) => [...l, ...r]));
  }
  if ('license' in node) return [[{ license: node.license, ...(node.exception ? { exception: node.exception } : {}) }]];
  return [];
}

/** The text of a term, as SPDX writes it. */
export function termText(term: LicenseTerm): string {
  return term.exception ? `${term.license} WITH ${term.exception}` : term.license;
}

/** True for license ids SPDX does not define (`LicenseRef-...`, `DocumentRef-...`). */
export function isCustomLicense(term: LicenseTerm): boolean {
  return /^(LicenseRef|DocumentRef)-/.test(term.license);
}
