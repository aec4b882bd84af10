/**
 * Turns the license text a lockfile or registry records into a normalised SPDX expression, or
 * says why it is unknown. Pure, and cached by text (a lockfile repeats a few texts thousands of
 * times).
 *
 * What is read as SPDX, in order; anything else is unknown, never guessed:
 * 1. a valid SPDX expression (ids in any case, see parser.ts; deprecated GNU ids in their
 *    current form);
 * 2. a spelling from the curated table policies/license-normalisation.yml (`Apache 2.0`);
 * 3. the Cargo convention `MIT/Apache-2.0`: ids or table spellings separated by `/` mean OR.
 * 2, 3, and lower-case operators (1) set `declared` to the text as written, so the reader sees
 * what was declared beside how we read it. Unknown texts that name a license family without
 * saying which license (`BSD`, `GPLv3`) get a hint in their reason (ambiguous.ts).
 */
import { hintsFor } from './ambiguous.js';
import { lookupSpelling } from './normalisation.js';
import { parseExpression, parseSingleTerm, type ExpressionNode } from './parser.js';
import type { LicenseTerm } from './spdx-data.js';

export type { LicenseTerm } from './spdx-data.js';

export type ParsedLicense =
  | {
      known: true;
      /** Normalised SPDX expression: list case, deprecated ids replaced (`GPL-2.0+` -> `GPL-2.0-or-later`). */
      expression: string;
      /** The expression as alternatives (OR) of terms that all apply together (AND). */
      alternatives: LicenseTerm[][];
      /** The text as declared, when it was not read as strict SPDX (table, `/`, lower-case operators). */
      declared?: string;
    }
  | { known: false; reason: string };

type KnownLicense = ParsedLicense & { known: true };

/** Texts that mean "no usable license", each with the reason we show. */
function unknownReason(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return 'no license declared';
  if (/^UNLICENSED$/i.test(text)) return 'UNLICENSED: the author grants no license to use it';
  if (/^SEE LICEN[CS]E IN\b/i.test(text)) return `license is only given in a file (${text})`;
  if (/^(NOASSERTION|NONE|UNKNOWN|proprietary|commercial|other|custom)$/i.test(text)) return `no SPDX license (${text})`;
  if (/\bhttps?:\/\//i.test(text)) return `license is only given as a link (${text})`;
  return undefined;
}

/** Bounded so a long-running app can't grow it without limit; real lockfiles hold a few hundred texts. */
const PARSE_CACHE_LIMIT = 10_000;
const parseCache = new Map<string, ParsedLicense>();

export function parseLicense(raw: string | undefined): ParsedLicense {
  if (raw === undefined) return { known: false, reason: 'no license found' };
  let parsed = parseCache.get(raw);
  if (!parsed) {
    parsed = parseText(raw);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(raw, parsed);
  }
  return parsed;
}

function parseText(raw: string): ParsedLicense {
  const reason = unknownReason(raw);
  if (reason) return { known: false, reason };
  const text = raw.trim();
  const parsed = parseExpression(text);
  if (parsed.ok) return known(parsed.node, parsed.lowerCaseOperator ? text : undefined);
  const spelled = tableReading(text);
  if (spelled) return known(spelled, text);
  const hints = hintsFor(text);
  if (hints.length === 0) {
    const alternatives = slashReading(text);
    if (alternatives) return known(alternatives, text);
  }
  const why = hints.length > 0 ? hints.map((hint) => hint.text).join('; ') : parsed.error;
  return { known: false, reason: `not a valid SPDX expression (${text}): ${why}` };
}

function tableReading(text: string): ExpressionNode | undefined {
  const expression = lookupSpelling(text);
  if (expression === undefined) return undefined;
  const parsed = parseExpression(expression);
  // The table is our data and its test checks every entry: a bad entry is a bug, not unknown.
  if (!parsed.ok || parsed.lowerCaseOperator) throw new Error(`license-normalisation.yml: "${text}" maps to "${expression}", not an SPDX expression`);
  return parsed.node;
}

/** `MIT/Apache-2.0` (crates.io's old convention for dual licensing) -> MIT OR Apache-2.0. */
function slashReading(text: string): ExpressionNode | undefined {
  const parts = text.split('/').map((part) => part.trim());
  if (parts.length < 2) return undefined;
  const operands: ExpressionNode[] = [];
  for (const part of parts) {
    const operand = part === '' ? undefined : singleOperand(part);
    if (!operand) return undefined;
    operands.push(operand);
  }
  return { kind: 'or', operands };
}

/** One side of `A/B`: a single SPDX license or a table spelling. */
function singleOperand(text: string): ExpressionNode | undefined {
  const term = parseSingleTerm(text);
  return term ? { kind: 'term', term } : tableReading(text);
}

/** More alternatives than any real license has; `(A OR B) AND (C OR D) AND ...` doubles with every group. */
const MAX_ALTERNATIVES = 1024;

function known(node: ExpressionNode, declared: string | undefined): ParsedLicense {
  const flat = flatten(node);
  const count = alternativeCount(flat);
  if (count > MAX_ALTERNATIVES) return { known: false, reason: `the expression has too many alternatives to judge (${count})` };
  const result: KnownLicense = { known: true, expression: render(flat), alternatives: expand(flat) };
  return declared !== undefined ? { ...result, declared } : result;
}

/** `MIT OR (Apache-2.0 OR ISC)` -> one OR of three: the same expression, fewer parentheses. */
function flatten(node: ExpressionNode): ExpressionNode {
  if (node.kind === 'term') return node;
  const operands = node.operands.map(flatten).flatMap((operand) => (operand.kind === node.kind ? operand.operands : [operand]));
  return { kind: node.kind, operands };
}

function alternativeCount(node: ExpressionNode): number {
  if (node.kind === 'term') return 1;
  const counts = node.operands.map(alternativeCount);
  return node.kind === 'or' ? counts.reduce((a, b) => a + b, 0) : counts.reduce((a, b) => a * b, 1);
}

/** SPDX text with upper-case operators and parentheses only where precedence needs them (OR inside AND). */
function render(node: ExpressionNode): string {
  if (node.kind === 'term') return termText(node.term);
  const parts = node.operands.map((operand) => (node.kind === 'and' && operand.kind === 'or' ? `(${render(operand)})` : render(operand)));
  return parts.join(node.kind === 'and' ? ' AND ' : ' OR ');
}

/** Disjunctive normal form: `(A OR B) AND C` -> [[A, C], [B, C]]. */
function expand(node: ExpressionNode): LicenseTerm[][] {
  if (node.kind === 'term') return [[node.term]];
  const expanded = node.operands.map(expand);
  if (node.kind === 'or') return expanded.flat();
  return expanded.reduce<LicenseTerm[][]>((product, operand) => product.flatMap((left) => operand.map((right) => [...left, ...right])), [[]]);
}

/** The text of a term, as SPDX writes it. */
export function termText(term: LicenseTerm): string {
  return term.exception ? `${term.license} WITH ${term.exception}` : term.license;
}

/** True for license ids SPDX does not define (`LicenseRef-...`, `DocumentRef-...`). */
export function isCustomLicense(term: LicenseTerm): boolean {
  return /^(LicenseRef|DocumentRef)-/.test(term.license);
}
