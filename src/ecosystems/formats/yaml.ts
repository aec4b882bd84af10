/**
 * A reader for the plainest block YAML, the lines lockfile tools write: `key: value` and `key:`
 * with deeper lines, keys and values plain, 'single-' or "double-quoted" (no escapes), `{}`,
 * `[]`, one-line flow maps and lists of plain words and quoted scalars. Every scalar is a
 * string, as js-yaml's failsafe schema reads it. It exists because js-yaml's garbage, not its
 * result, is what a 20 MB lockfile's peak memory is made of.
 *
 * Anything else (comments, escapes, anchors, tags, block scalars, multi-line scalars, lists,
 * tabs, CR, odd indentation, repeated keys) returns undefined: the caller hands the text to
 * js-yaml, which reads it or says what is wrong. This reader never decides that YAML is wrong.
 */

type Node = Record<string, unknown>;

/** Characters js-yaml refuses or treats specially (NUL, non-printables, lone surrogates, other line breaks, BOM). */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN_TEXT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** Deeper than this is js-yaml's to read (its maxDepth). */
const MAX_LEVELS = 32;

/** First characters of a plain scalar this reader takes (no YAML indicator, no quote). */
const PLAIN_START = /^[A-Za-z0-9_./$~^=<(+]/;
/** Characters a plain scalar here never holds (comments, flow and quoting indicators, tabs). */
const PLAIN_REFUSED = /[#'"{}[\],\t]|: |:$/;

function plainScalar(text: string): string | undefined {
  return text !== '' && PLAIN_START.test(text) && !PLAIN_REFUSED.test(text) && !text.endsWith(' ') ? text : undefined;
}

/** A quoted scalar that is the whole of `text` ('it''s', "a b"), or undefined. */
function quotedScalar(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) return undefined;
  const inner = text.slice(1, -1);
  if (quote === "'") return /^(?:[^'\n]|'')*$/.test(inner) ? inner.replaceAll("''", "'") : undefined;
  if (quote === '"') return /^[^"\\\n]*$/.test(inner) ? inner : undefined;
  return undefined;
}

/**
 * An item of a one-line flow collection: a plain word or a quoted scalar (pnpm's `'>=18'`). Items
 * are cut at every comma: a quoted scalar holding one is cut too, and neither part reads whole
 * (each leaves a quote open), so such a text goes to js-yaml.
 */
function flowScalar(text: string): string | undefined {
  return text[0] === "'" || text[0] === '"' ? quotedScalar(text) : plainScalar(text);
}

/** `{a: b, c: 'd'}`, `[a, 'b']`, `{}`, `[]` on one line, of plain words (quoted values too); undefined for any other flow text. */
function flowCollection(text: string): unknown {
  const open = text[0];
  const close = open === '{' ? '}' : open === '[' ? ']' : undefined;
  if (close === undefined || text[text.length - 1] !== close) return undefined;
  const inner = text.slice(1, -1).trim();
  const items = inner === '' ? [] : inner.split(',').map((item) => item.trim());
  if (open === '[') {
    const words = items.map((item) => flowScalar(item));
    return words.every((word) => word !== undefined) ? words : undefined;
  }
  const map: Node = {};
  for (const item of items) {
    const colon = item.indexOf(': ');
    const key = plainScalar(item.slice(0, colon));
    const value = flowScalar(item.slice(colon + 2).trim());
    if (colon === -1 || key === undefined || value === undefined || key === '__proto__' || Object.hasOwn(map, key)) return undefined;
    map[key] = value;
  }
  return map;
}

/**
 * A new map, with the prototype js-yaml's maps have, in V8's dictionary mode. A lockfile's maps
 * are keyed by data (package names), a different set of keys in almost every one: built the
 * usual way, each set becomes a hidden class of its own, and making those took a third of this
 * reader's time (js-yaml pays it too). A dictionary map is a hash table from the start. The
 * entry's own map (a few field names, the same in every entry) stays an ordinary object: as a
 * dictionary it would cost memory for nothing.
 */
function newNode(): Node {
  return Object.setPrototypeOf(Object.create(null), Object.prototype) as Node;
}

/** A line's key and what follows its `:` (trimmed); undefined when the line is not plainly `key: ...`. */
function keyAndRest(content: string): { key: string; rest: string } | undefined {
  let keyEnd: number;
  let key: string | undefined;
  if (content[0] === "'" || content[0] === '"') {
    const quote = content[0];
    keyEnd = quote === "'" ? singleQuoteEnd(content) : content.indexOf('"', 1) + 1;
    if (keyEnd <= 0 || content[keyEnd] !== ':') return undefined;
    key = quotedScalar(content.slice(0, keyEnd));
  } else {
    keyEnd = content.search(/:(?: |$)/);
    key = keyEnd <= 0 ? undefined : plainScalar(content.slice(0, keyEnd));
  }
  const after = content[keyEnd + 1];
  if (key === undefined || key === '__proto__' || (after !== undefined && after !== ' ')) return undefined;
  return { key, rest: content.slice(keyEnd + 1).trim() };
}

/** The index after the quote closing a single-quoted scalar at 0 (`''` is a quote inside), or 0. */
function singleQuoteEnd(content: string): number {
  for (let at = 1; at < content.length; at++) {
    if (content[at] !== "'") continue;
    if (content[at + 1] === "'") at++;
    else return at + 1;
  }
  return 0;
}

/** A scalar or one-line flow value after `key: `, or undefined. */
function inlineValue(rest: string): unknown {
  if (rest[0] === "'" || rest[0] === '"') return quotedScalar(rest);
  if (rest[0] === '{' || rest[0] === '[') return flowCollection(rest);
  return plainScalar(rest);
}

/** An open map: its object, or undefined for the root, whose one entry is returned rather than stored. */
interface OpenMap {
  node: Node | undefined;
  /** Its children's column (-1 until the first child says). */
  indent: number;
}

/**
 * The one `key: value` entry `text` holds (a block mapping of one key), read as js-yaml's failsafe
 * schema reads it; undefined for anything this reader leaves to js-yaml. The key is returned, not
 * made a property: V8 keeps property names in its string table until a full collection, and a
 * lockfile has a hundred thousand of them.
 */
export function readPlainYamlEntry(text: string): [string, unknown] | undefined {
  if (/[\r\t]/.test(text) || NOT_PLAIN_TEXT.test(text)) return undefined;
  let entry: [string, unknown] | undefined;
  let entries = 0;
  const has = (open: OpenMap, key: string): boolean => (open.node === undefined ? entry?.[0] === key : Object.hasOwn(open.node, key));
  const set = (open: OpenMap, key: string, value: unknown): void => {
    if (open.node !== undefined) open.node[key] = value;
    else (entry = [key, value]), entries++;
  };
  const stack: OpenMap[] = [{ node: undefined, indent: -1 }]; // innermost last
  // A `key:` of the innermost map whose children may follow (undefined: none).
  let pendingKey: string | undefined;
  let pendingIndent = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const lineStart = start;
    start = end + 1;
    let at = lineStart;
    while (at < end && text.charCodeAt(at) === 0x20) at++;
    if (at === end) continue; // a blank line
    const indent = at - lineStart;
    let open = stack[stack.length - 1] as OpenMap;
    if (pendingKey !== undefined) {
      if (stack.length >= MAX_LEVELS) return undefined;
      if (indent > pendingIndent) {
        // The entry's own map holds field names; the maps below it are keyed by data (newNode).
        const child = stack.length === 1 ? {} : newNode();
        set(open, pendingKey, child);
        stack.push((open = { node: child, indent }));
      } else set(open, pendingKey, null);
      pendingKey = undefined;
    }
    while (stack.length > 1 && indent < open.indent) {
      stack.pop();
      open = stack[stack.length - 1] as OpenMap;
    }
    if (open.indent === -1) open.indent = indent;
    if (indent !== open.indent) return undefined; // deeper than a scalar's key (a continuation) or between two levels
    const parts = keyAndRest(text.slice(at, end));
    if (parts === undefined || has(open, parts.key)) return undefined;
    if (parts.rest === '') {
      pendingKey = parts.key;
      pendingIndent = indent;
      continue;
    }
    const value = inlineValue(parts.rest);
    if (value === undefined) return undefined;
    set(open, parts.key, value);
  }
  if (pendingKey !== undefined) set(stack[stack.length - 1] as OpenMap, pendingKey, null);
  return entries === 1 ? entry : undefined;
}
