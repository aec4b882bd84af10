/**
 * Checks of one policy file's YAML document beyond the schema: aliases, nesting depth, the
 * parser's messages, licenses both allowed and denied; and where its keys are written. Pure.
 */
import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type LineCounter, type Node } from 'yaml';
import { expandLicenseEntry } from './presets.js';
import type { PolicyError } from './types.js';
import type { Position } from './positions.js';

/** More aliases than this is refused: an alias bomb expands exponentially. */
export const MAX_POLICY_ALIASES = 100;

/** The node at `path`, through an alias if it is one. */
export function resolved(doc: Document, path: (string | number)[]): Node | undefined {
  const node = doc.getIn(path, true) as Node | undefined;
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * Where a file writes its keys, for the errors found after the schema check: each top-level
 * `key`, each `section.key` one level in (through an alias if the section is one: the cross-key
 * checks and the locks point there), and each entry of `overrides.locked` (`overrides.locked.<key>`).
 */
export function keyPositions(doc: Document, lines: LineCounter): Map<string, Position> {
  const positions = new Map<string, Position>();
  const at = (node: Node | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const contents = doc.contents;
  if (!isMap(contents)) return positions;
  for (const pair of contents.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const position = at(pair.key as Node);
    if (position) positions.set(key, position);
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    if (!isMap(value)) continue;
    for (const inner of value.items) {
      if (!isScalar(inner.key)) continue;
      const innerAt = at(inner.key as Node);
      if (innerAt) positions.set(`${key}.${String(inner.key.value)}`, innerAt);
      if (key === 'overrides' && inner.key.value === 'locked' && isSeq(inner.value)) {
        for (const item of inner.value.items) {
          const itemAt = isScalar(item) ? at(item) : undefined;
          if (itemAt && isScalar(item)) positions.set(`overrides.locked.${String(item.value)}`, itemAt);
        }
      }
    }
  }
  return positions;
}

/** Too many aliases, or an alias inside the node it names (which would make the data endless). */
export function aliasErrors(doc: Document, located: (message: string, offset?: number) => PolicyError): PolicyError[] {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_, alias) => void aliases.push(alias) });
  if (aliases.length > MAX_POLICY_ALIASES) {
    return [located(`the file has ${aliases.length} YAML aliases; a policy file may have at most ${MAX_POLICY_ALIASES}`, aliases[MAX_POLICY_ALIASES]?.range?.[0])];
  }
  return aliases.flatMap((alias) => {
    const target = alias.resolve(doc);
    const inside = target?.range && alias.range && target.range[0] <= alias.range[0] && alias.range[1] <= target.range[1];
    return inside ? [located(`alias *${alias.source} is inside the node it refers to`, alias.range?.[0])] : [];
  });
}


/** Levels a policy may nest (it needs five or six): deeper is refused before anything walks it. */
const MAX_NESTING = 64;
export const TOO_DEEP = `the values nest too deep to read (a policy needs a few levels; this point is more than ${MAX_NESTING} deep)`;

/** The offset of the first node deeper than MAX_NESTING, walked without recursion; undefined when none is. */
export function firstTooDeep(contents: unknown): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) return node.range?.[0] ?? 0;
    for (const item of node.items) stack.push({ node: isMap(node) ? (item as { value: unknown }).value : item, depth: depth + 1 });
  }
  return undefined;
}

/**
 * The parser's message, its first line. Thousands of nested levels overflow the parser's stack
 * (it reports a RangeError at the point it gave up): said as what the file does wrong.
 */
export function yamlProblem(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) return TOO_DEEP;
  return firstLine(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * `use allow or deny, or both without overlap` (DESIGN.md): a license both allowed and denied
 * (directly or through a category) is an error at each entry that names it, in both lists, so
 * the admin sees both sides of the contradiction. `where` is the lists' key path (`licenses`,
 * `paths[0].licenses`).
 */
function overlapErrors(allowNode: Node | undefined, denyNode: Node | undefined, where: string, path: string, lines: LineCounter): PolicyError[] {
  if (!isSeq(allowNode) || !isSeq(denyNode)) return [];
  const expandEntry = (value: unknown): string[] => expandLicenseEntry(String(value));
  // License ids match case-insensitively (SPDX Annex D), so `mit` and `MIT` overlap.
  const idsOf = (list: typeof allowNode) => new Set(list.items.flatMap((item) => (isScalar(item) ? expandEntry(item.value).map((id) => id.toLowerCase()) : [])));
  const allowed = idsOf(allowNode);
  const denied = idsOf(denyNode);
  const errors: PolicyError[] = [];
  const check = (list: typeof allowNode, key: 'allow' | 'deny', other: Set<string>, otherWord: string) => {
    for (const item of list.items) {
      if (!isScalar(item) || !item.range) continue;
      const overlap = expandEntry(item.value).filter((id) => other.has(id.toLowerCase()));
      if (overlap.length === 0) continue;
      const { line, col } = lines.linePos(item.range[0]);
      errors.push({ path, line, column: col, message: `${where}.${key}: "${String(item.value)}" is also ${otherWord} (${overlap.slice(0, 3).join(', ')}): use allow or deny, or both without overlap` });
    }
  };
  check(allowNode, 'allow', denied, 'denied');
  check(denyNode, 'deny', allowed, 'allowed');
  return errors;
}

/** The overlap checks of the file's `licenses:` and of each `paths[].licenses`. */
export function allOverlapErrors(doc: Document, path: string, lines: LineCounter): PolicyError[] {
  const errors = overlapErrors(resolved(doc, ['licenses', 'allow']), resolved(doc, ['licenses', 'deny']), 'licenses', path, lines);
  const paths = resolved(doc, ['paths']);
  if (isSeq(paths)) {
    paths.items.forEach((_, index) => {
      errors.push(...overlapErrors(resolved(doc, ['paths', index, 'licenses', 'allow']), resolved(doc, ['paths', index, 'licenses', 'deny']), `paths[${index}].licenses`, path, lines));
    });
  }
  return errors;
}

