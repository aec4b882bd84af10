/**
 * Lines of keys in a block-style YAML lockfile, found by text scans beside the parse (the parse
 * keeps no positions). pnpm writes one key per line, two spaces per level.
 */
import { LineCounter } from '../../deps/lines.js';

function unquoteKey(raw: string): string {
  if (raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

/**
 * Lines of the keys of one top-level section (`packages:`): each entry key on its own line,
 * indented two spaces. Cheap beside the YAML parse: it runs on every read, for every entry.
 */
export function sectionKeyLines(text: string, section: string): Map<string, number> {
  const lines = new Map<string, number>();
  const start = new RegExp(`^${section}:[ \\t]*\\r?$`, 'm').exec(text);
  if (!start) return lines;
  const counter = new LineCounter(text);
  // `key:`, `key: {}`, or any other value on the key's line (pnpm writes none, but a hostile file does).
  const pattern = /^(?:  ([^ \r\n#][^\r\n]*?):(?:[ \t][^\r\n]*)?\r?$|[^ \t\r\n#])/gm;
  pattern.lastIndex = start.index + start[0].length;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[1] === undefined) break; // the next top-level key ends the section
    lines.set(unquoteKey(match[1]), counter.lineOf(match.index));
  }
  return lines;
}

export function lineOfTopKey(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:`, 'm').exec(text);
  return match ? new LineCounter(text).lineOf(match.index) : undefined;
}

/** The key a block-mapping line starts with (`key:`, `'key': value`, `"key": {}`); undefined for any other line. */
function keyOfLine(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    let end = 1;
    for (; end < rest.length; end++) {
      if (quote === '"' && rest[end] === '\\') end++;
      else if (rest[end] === quote) {
        if (quote === "'" && rest[end + 1] === "'") end++;
        else break;
      }
    }
    return rest[end + 1] === ':' ? unquoteKey(rest.slice(0, end + 1)) : undefined;
  }
  if (quote === '-' || quote === '?' || quote === '#' || quote === undefined) return undefined;
  const colon = rest.search(/:(?:[ \t]|\r?$)/);
  return colon <= 0 ? undefined : rest.slice(0, colon).trimEnd();
}

const KEY_SEPARATOR = '\u0000';

/**
 * Lines of the keys of the first levels of a document, by key path (`importers`, `.`,
 * `dependencies`, `react`). Built on the first lookup only: they are wanted for problems, which
 * valid lockfiles do not have.
 */
export class KeyLines {
  private lines: Map<string, number> | undefined;

  constructor(
    private readonly text: string,
    private readonly depth = 4,
  ) {}

  get(path: readonly string[]): number | undefined {
    this.lines ??= this.build();
    return this.lines.get(path.join(KEY_SEPARATOR));
  }

  private build(): Map<string, number> {
    const lines = new Map<string, number>();
    const stack: { indent: number; key: string }[] = [];
    const text = this.text;
    let line = 0;
    for (let start = 0; start <= text.length; ) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      line++;
      let indent = start;
      while (indent < end && text[indent] === ' ') indent++;
      // Only the first levels are wanted: deeper lines are not even sliced.
      const key = indent - start <= this.depth * 8 ? keyOfLine(text.slice(indent, end)) : undefined;
      if (key !== undefined) {
        while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent - start) stack.pop();
        stack.push({ indent: indent - start, key });
        if (stack.length <= this.depth) {
          const path = stack.map((entry) => entry.key).join(KEY_SEPARATOR);
          if (!lines.has(path)) lines.set(path, line);
        }
      }
      if (newline === -1) break;
      start = newline + 1;
    }
    return lines;
  }
}
