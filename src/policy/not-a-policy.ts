/**
 * A file that is not a policy at all (a workflow, a table of license categories) gets one error
 * saying so, and what it looks like, instead of an unknown-key error per key.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Scalar, type YAMLMap } from 'yaml';
import { parseLicense } from '../licenses/expression.js';
import { editDistance } from '../words.js';
import { TOP_LEVEL_KEYS } from './definition.js';
import type { PolicyError } from './types.js';

/**
 * A file that is not a policy at all gets one error saying so, not one per key. The rule: its
 * top level is not a mapping, or none of its top-level keys is a policy key and none is a likely
 * typo of one (within two edits: `licence`, `exeptions`), which stays an unknown-key error.
 */
export function notAPolicyError(contents: Node, path: string, lines: LineCounter): PolicyError | undefined {
  const start = contents.range ? lines.linePos(contents.range[0]) : undefined;
  const at = { path, ...(start ? { line: start.line, column: start.col } : {}) };
  const expected = TOP_LEVEL_KEYS.join(', ');
  // The path is not in the message: the CLI prints it before, an annotation sits on the file.
  const notPolicy = 'this file is not an ospo-gatekeeper policy';
  if (!isMap(contents)) {
    return { ...at, message: `${notPolicy}: its top level is ${isSeq(contents) ? 'a list' : 'a single value'}, not a mapping of ${expected}` };
  }
  const keys = contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined));
  const known: readonly string[] = TOP_LEVEL_KEYS;
  const policyLike = keys.some((key) => key === undefined || known.some((name) => editDistance(key, name) <= 2));
  if (keys.length === 0 || policyLike) return undefined;
  const shown = keys.length > 5 ? `${keys.slice(0, 5).join(', ')} and ${keys.length - 5} more` : keys.join(', ');
  const looksLike = resemblance(contents);
  return {
    ...at,
    message: `${notPolicy}: none of its top-level keys (${shown}) is one of ${expected}${looksLike ? ` (it looks like ${looksLike})` : ''}`,
  };
}

/** What a mapping that is not a policy probably is, when its shape says so. */
function resemblance(contents: YAMLMap): string | undefined {
  const keys = new Set(contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')));
  if (keys.has('on') && keys.has('jobs')) return 'a GitHub Actions workflow';
  if (keys.has('version') && keys.has('updates')) return 'a Dependabot configuration';
  const values = contents.items.map((pair) => pair.value as Node | null);
  const texts = (node: Node | null): string[] | undefined => (isSeq(node) && node.items.every(isScalar) ? node.items.map((item) => String((item as Scalar).value)) : undefined);
  const lists = values.map(texts);
  if (lists.every((list) => list !== undefined)) {
    const entries = lists.flat() as string[];
    const licenses = entries.filter((entry) => keys.has(entry) || isSpdx(entry));
    return entries.length > 0 && licenses.length * 2 >= entries.length
      ? 'license categories: each key names a list of license ids, as in policies/license-categories.yml'
      : 'a table of named lists';
  }
  // A table may sit one level down (`spellings:` in policies/license-normalisation.yml).
  const entries = values.every((value) => isMap(value)) ? values.flatMap((value) => (value as YAMLMap).items.map((pair) => pair.value as Node | null)) : values;
  if (entries.length > 0 && entries.every((value) => isScalar(value))) {
    const spdx = entries.filter((value) => isSpdx(String((value as Scalar).value)));
    return spdx.length * 2 >= entries.length ? 'a license normalisation table: each key is a license as declared, its value an SPDX expression' : 'a table of names to values';
  }
  return undefined;
}

function isSpdx(text: string): boolean {
  return parseLicense(text).known;
}
