/**
 * A strict parser for SPDX license expressions (SPDX 2.3 Annex D): precedence WITH > AND > OR,
 * parentheses, `+`, `LicenseRef-` / `DocumentRef-...:LicenseRef-`. Ids match the lists
 * case-insensitively and come out in the list's case, deprecated GNU ids in their current form.
 * Every error says what is wrong, so the caller can show it. Pure.
 *
 * Operators: Annex D says they are upper-case. A lower-case `and` / `or` / `with` is accepted
 * here only because every operand must still be a valid id: `mit or apache-2.0` can only mean
 * one thing, `BSD or Apache` fails on `BSD`. The result says `lowerCaseOperator` so the caller
 * can show the text as declared beside the reading.
 */
import { canonicalExceptionId, canonicalLicenseId, currentForm, type LicenseTerm } from './spdx-data.js';

export type ExpressionNode = { kind: 'term'; term: LicenseTerm } | { kind: 'and' | 'or'; operands: ExpressionNode[] };

export type ParseResult = { ok: true; node: ExpressionNode; lowerCaseOperator: boolean } | { ok: false; error: string };

type Operator = 'AND' | 'OR' | 'WITH';

class SyntaxProblem extends Error {}

const CUSTOM_ID = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/i;

/** `LicenseRef-acme` with the prefixes in SPDX's case; the rest as written (it is the author's name). */
function customId(word: string): string | undefined {
  if (!CUSTOM_ID.test(word)) return undefined;
  return word.replace(/^documentref-/i, 'DocumentRef-').replace(/(^|:)licenseref-/i, '$1LicenseRef-');
}

/** `(`, `)` and the words between whitespace and parentheses. */
function tokenize(text: string): string[] {
  return text.split(/(\(|\))|\s+/).filter((token): token is string => token !== undefined && token !== '');
}

/** Deeper nesting than any real expression; the limit keeps a hostile text from overflowing the stack. */
const MAX_DEPTH = 64;

class Parser {
  private position = 0;
  private depth = 0;
  lowerCaseOperator = false;

  constructor(private readonly tokens: readonly string[]) {}

  parse(): ExpressionNode {
    if (this.tokens.length === 0) throw new SyntaxProblem('the expression is empty');
    const node = this.orExpression();
    const rest = this.peek();
    if (rest === ')') throw new SyntaxProblem('a ")" has no matching "("');
    if (rest !== undefined) throw new SyntaxProblem(`"${rest}" follows a complete expression without AND or OR`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  /** The operator at the current position, if the token is one (any case, see the file comment). */
  private operatorAt(): Operator | undefined {
    const token = this.peek();
    const upper = token?.toUpperCase();
    if (upper !== 'AND' && upper !== 'OR' && upper !== 'WITH') return undefined;
    return upper;
  }

  private takeOperator(operator: Operator): boolean {
    if (this.operatorAt() !== operator) return false;
    if (this.peek() !== operator) this.lowerCaseOperator = true;
    this.position++;
    return true;
  }

  private orExpression(): ExpressionNode {
    const operands = [this.andExpression()];
    while (this.takeOperator('OR')) operands.push(this.andExpression('OR'));
    return operands.length === 1 ? (operands[0] as ExpressionNode) : { kind: 'or', operands };
  }

  private andExpression(after?: Operator): ExpressionNode {
    const operands = [this.primary(after)];
    while (this.takeOperator('AND')) operands.push(this.primary('AND'));
    return operands.length === 1 ? (operands[0] as ExpressionNode) : { kind: 'and', operands };
  }

  private primary(after?: Operator): ExpressionNode {
    const token = this.peek();
    const missing = after ? `${after} needs a license on both sides` : 'a license is missing';
    if (token === undefined) throw new SyntaxProblem(after ? missing : 'the expression ends too early');
    if (token === ')') throw new SyntaxProblem(after ? missing : '")" comes before any license');
    if (this.operatorAt()) throw new SyntaxProblem(after ? missing : `${token.toUpperCase()} needs a license on both sides`);
    this.position++;
    if (token === '(') {
      if (++this.depth > MAX_DEPTH) throw new SyntaxProblem(`parentheses nest deeper than ${MAX_DEPTH} levels`);
      const inner = this.orExpression();
      this.depth--;
      if (this.peek() !== ')') throw new SyntaxProblem('a "(" is never closed');
      this.position++;
      if (this.operatorAt() === 'WITH') throw new SyntaxProblem('WITH applies to a single license, not to a parenthesised expression');
      return inner;
    }
    return { kind: 'term', term: this.simpleTerm(token) };
  }

  private simpleTerm(word: string): LicenseTerm {
    const license = licenseOf(word);
    if (!this.takeOperator('WITH')) return license;
    const exceptionWord = this.peek();
    if (exceptionWord === undefined || exceptionWord === '(' || exceptionWord === ')' || this.operatorAt()) {
      throw new SyntaxProblem('WITH needs a license exception after it');
    }
    this.position++;
    if (license.exception) throw new SyntaxProblem(`${word} already includes an exception (${license.exception})`);
    return { license: license.license, exception: exceptionOf(exceptionWord) };
  }
}

function licenseOf(word: string): LicenseTerm {
  const custom = customId(word);
  if (custom) return { license: custom };
  if (/^(LicenseRef|DocumentRef)-/i.test(word)) throw new SyntaxProblem(`"${word}" is not a well-formed custom license id (LicenseRef-<letters, digits, . and ->)`);
  const plus = word.endsWith('+');
  const id = canonicalLicenseId(plus ? word.slice(0, -1) : word);
  if (id) return currentForm(id, plus);
  if (canonicalExceptionId(word)) throw new SyntaxProblem(`${word} is a license exception, not a license: it goes after WITH`);
  throw new SyntaxProblem(`"${word}" is not an SPDX license id`);
}

function exceptionOf(word: string): string {
  const exception = canonicalExceptionId(word);
  if (exception) return exception;
  if (/^AdditionRef-/i.test(word)) throw new SyntaxProblem(`custom additions (${word}) are not supported: name the license in a policy exception instead`);
  const license = canonicalLicenseId(word.replace(/\+$/, ''));
  if (license) throw new SyntaxProblem(`${license} is a license, not a license exception: WITH takes an id from the SPDX exceptions list (e.g. Classpath-exception-2.0)`);
  throw new SyntaxProblem(`"${word}" is not an SPDX license exception`);
}

export function parseExpression(text: string): ParseResult {
  const parser = new Parser(tokenize(text));
  try {
    const node = parser.parse();
    return { ok: true, node, lowerCaseOperator: parser.lowerCaseOperator };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, error: error.message };
    throw error;
  }
}

/** One license, optionally WITH an exception (a policy list entry, one operand of `MIT/Apache-2.0`). */
export function parseSingleTerm(text: string): LicenseTerm | undefined {
  const parsed = parseExpression(text);
  return parsed.ok && parsed.node.kind === 'term' && !parsed.lowerCaseOperator ? parsed.node.term : undefined;
}
