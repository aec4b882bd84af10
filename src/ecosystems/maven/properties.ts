/**
 * `${name}` expansion over a pom's properties, bounded. A hostile pom can make a value grow
 * exponentially (`p6` = ten `${p5}`, `p5` = ten `${p4}`...: 100 M characters from a few lines) or
 * nest without end, so expansion stops at MAX_DEPTH levels of properties and at MAX_LENGTH
 * characters per value; past either bound the value is unresolved, with a reason and a problem at
 * the property's line. Each property is expanded once and remembered, so repeated references
 * (`${e}${e}${e}...` with an empty `e`) cost nothing either.
 */
import type { ExtractionProblem, Location } from '../types.js';

export const MAX_DEPTH = 10;
export const MAX_LENGTH = 1000;

export interface PropertyValue {
  value: string;
  /** Where the property is defined, when it is written in a pom. */
  location?: Location;
}

export type Expansion =
  | { ok: true; value: string; /** Where the first property the text refers to is defined. */ from?: Location }
  | { ok: false; reason: string; /** Set when the reason is a property no pom in the repository defines. */ undefinedName?: string };

export interface Expander {
  expand(text: string): Expansion;
  /** Bounds hit and reference cycles, at the lines of the properties concerned. */
  problems(): ExtractionProblem[];
}

type Failure = { kind: 'undefined' | 'cycle' | 'deep' | 'long'; name?: string; loop?: string[] };
/** `height`: how many levels of properties the value nests (0 for plain text). */
type Result = { ok: true; value: string; height: number } | { ok: false; failure: Failure };

const REFERENCE = /\$\{([^}]+)\}/g;
const FIRST_REFERENCE = /\$\{([^}]+)\}/;

export function propertyExpander(properties: ReadonlyMap<string, PropertyValue>): Expander {
  const memo = new Map<string, Result>();
  const stack: string[] = [];
  const problems = new Map<string, ExtractionProblem>();

  const expandName = (name: string, depth: number): Result => {
    const known = memo.get(name);
    if (known) return known.ok && depth + known.height > MAX_DEPTH ? { ok: false, failure: { kind: 'deep', name } } : known;
    const source = properties.get(name);
    if (!source) return remember(name, { ok: false, failure: { kind: 'undefined', name } });
    const open = stack.indexOf(name);
    if (open !== -1) return { ok: false, failure: { kind: 'cycle', name, loop: [...stack.slice(open), name] } };
    // How deep we are depends on where the reference came from, so this failure is not remembered.
    if (depth >= MAX_DEPTH) return { ok: false, failure: { kind: 'deep', name } };
    stack.push(name);
    const result = expandText(source.value, depth + 1);
    stack.pop();
    if (!result.ok) {
      if (result.failure.kind !== 'deep') remember(name, result);
      return result;
    }
    return remember(name, { ok: true, value: result.value, height: result.height + 1 });
  };

  const remember = (name: string, result: Result): Result => {
    memo.set(name, result);
    return result;
  };

  const expandText = (text: string, depth: number): Result => {
    let value = '';
    let height = 0;
    let last = 0;
    for (const match of text.matchAll(REFERENCE)) {
      const inner = expandName(match[1] as string, depth);
      if (!inner.ok) return inner;
      height = Math.max(height, inner.height);
      value += text.slice(last, match.index) + inner.value;
      last = (match.index ?? 0) + match[0].length;
      if (value.length > MAX_LENGTH) break;
    }
    value += text.slice(last);
    if (value.length > MAX_LENGTH) return { ok: false, failure: { kind: 'long', name: stack[stack.length - 1] } };
    return { ok: true, value, height };
  };

  const expand = (text: string): Expansion => {
    const result = expandText(text, 0);
    if (result.ok) {
      const first = FIRST_REFERENCE.exec(text)?.[1];
      const from = first === undefined ? undefined : properties.get(first)?.location;
      return { ok: true, value: result.value, ...(from ? { from } : {}) };
    }
    const { failure } = result;
    const reason = reasonOf(failure);
    const at = failure.name === undefined ? undefined : properties.get(failure.name)?.location;
    if (failure.kind !== 'undefined' && at?.line !== undefined) {
      const problem = { path: at.path, line: at.line, message: `${reason}; its value is left unexpanded` };
      problems.set(`${problem.path}:${problem.line}:${problem.message}`, problem);
    }
    return failure.kind === 'undefined' ? { ok: false, reason, undefinedName: failure.name } : { ok: false, reason };
  };

  return { expand, problems: () => [...problems.values()] };
}

function reasonOf(failure: Failure): string {
  const subject = failure.name === undefined ? 'the value' : `property ${failure.name}`;
  switch (failure.kind) {
    case 'undefined':
      return `property ${failure.name ?? ''} is not defined in this pom or its in-repo parents`;
    case 'cycle':
      return `property ${failure.name ?? ''} refers to itself (${(failure.loop ?? []).join(' -> ')})`;
    case 'deep':
      return `${subject} nests more than ${MAX_DEPTH} levels of properties`;
    case 'long':
      return `${subject} expands to more than ${MAX_LENGTH} characters`;
  }
}
