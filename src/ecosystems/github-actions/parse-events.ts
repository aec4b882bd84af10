/**
 * Where each `uses:` key and its value sit, seen from js-yaml's parse events (its `listener`
 * option: an `open` and a `close` for every node, in document order, with the parser's offset
 * and line). js-yaml composes plain values and says nothing of positions; these events are the
 * cheap way to get them from the same parse, so the structure and the lines can't disagree.
 *
 * The events carry no "this is a key": a map's children come as key, value, key, value... as
 * long as every pair has both. That holds for block and flow maps without explicit `? key`
 * entries (refused by the caller) and is checked on every map (2 children a key) and list (one a
 * item); anything else, and any anchor or tag, marks the file `unusual`, for the document reader.
 */
import type { EventType, State } from 'js-yaml';

/** js-yaml's default nesting limit (deeper files throw, for the document reader); checked, not trusted. */
const MAX_DEPTH = 100;

/** The `uses:` pair of one map: the key's line (1-based), the offsets where its value starts and ends, and the end's line. */
export interface UsesSpan {
  keyLine: number;
  /** Where the value's node starts: at the value, or at the spaces before it. */
  valueStart: number;
  valueEnd: number;
  valueLine: number;
}

/** The parser state the events carry: js-yaml's typings leave out the node's properties. */
type EventState = State & { tag: string | null; anchor: string | null };

const NONE = -1;
/** Below `yaml`'s limit of 1024 on purpose. */
const LONGEST_KEY = 1000;

/**
 * The last character of a quoted value or a flow collection. js-yaml reads one over several
 * lines however they are indented, and one followed by `#` at once; `yaml` refuses both (not
 * indented enough, a comment not separated): left to the document reader, as is a plain value
 * that ends so.
 */
const ENDS_FLOW = new Set(['"', "'", ']', '}']);

export class UsesPositions {
  /** True once the file uses something the pairing above does not cover, or `yaml` might refuse. */
  unusual = false;
  /** Every map holding a `uses` key (js-yaml's object for it) -> where that pair is. */
  readonly spans = new Map<object, UsesSpan>();
  // One frame a nesting level, in typed arrays: a node's events allocate nothing.
  private depth = 0;
  private readonly start = new Int32Array(MAX_DEPTH + 2);
  private readonly line = new Int32Array(MAX_DEPTH + 2);
  private readonly children = new Int32Array(MAX_DEPTH + 2);
  private readonly index = new Int32Array(MAX_DEPTH + 2);
  private readonly usesIndex = new Int32Array(MAX_DEPTH + 2);
  private readonly usesKeyLine = new Int32Array(MAX_DEPTH + 2);
  private readonly usesValueStart = new Int32Array(MAX_DEPTH + 2);
  private readonly usesValueEnd = new Int32Array(MAX_DEPTH + 2);
  private readonly usesValueLine = new Int32Array(MAX_DEPTH + 2);
  /** A key that is a map or a list, or too long: `yaml` reads those keys differently, or refuses them. */
  private readonly complexKey = new Uint8Array(MAX_DEPTH + 2);
  private readonly lastChild: unknown[] = [];

  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') this.open(state);
    else this.close(state as EventState);
  };

  private open(state: State): void {
    const parent = this.depth;
    const frame = ++this.depth;
    if (frame > MAX_DEPTH) this.unusual = true; // the frames past it are not kept
    this.start[frame] = state.position;
    this.line[frame] = state.line + 1;
    this.index[frame] = (this.children[parent] as number);
    this.children[parent] = (this.children[parent] as number) + 1;
    this.children[frame] = 0;
    this.usesIndex[frame] = NONE;
    this.complexKey[frame] = 0;
  }

  private close(state: EventState): void {
    const frame = this.depth--;
    const parent = this.depth;
    if (state.anchor !== null || (state.tag !== null && state.tag !== '?')) this.unusual = true;
    if (ENDS_FLOW.has(state.input[state.position - 1] ?? '') && (state.line + 1 !== this.line[frame] || state.input[state.position] === '#')) this.unusual = true;
    const kind = state.kind as string | null;
    const result: unknown = state.result;
    const index = this.index[frame] as number;
    this.lastChild[parent] = result;
    // A node that only wraps its one child (js-yaml tried a block map there and kept what it read).
    const wrapper = this.children[frame] === 1 && this.lastChild[frame] === result;
    this.lastChild[frame] = undefined;
    if (index % 2 === 0) {
      if (kind === 'scalar' && result === 'uses') this.usesKey(parent, frame, index, state.input);
      else if (kind !== 'scalar' && kind !== null) this.complexKey[parent] = 1;
      else if (this.isLong(frame, state)) this.complexKey[parent] = 1;
    } else if (index === (this.usesIndex[parent] as number) + 1) {
      this.usesValueStart[parent] = this.start[frame] as number;
      this.usesValueEnd[parent] = state.position;
      this.usesValueLine[parent] = state.line + 1;
    }
    if (wrapper) return;
    if (kind === 'mapping') this.closeMap(frame, result as object);
    else if (kind === 'sequence' && this.children[frame] !== (result as unknown[]).length) this.unusual = true;
  }

  /** A scalar at a key's place too long for `yaml` (its `:` must be at most 1024 characters after the key's start). */
  private isLong(frame: number, state: State): boolean {
    let end = state.position;
    while (state.input[end] === ' ' || state.input[end] === '\t') end++;
    return end - (this.start[frame] as number) > LONGEST_KEY;
  }

  /** A scalar `uses` at a key's place in `parent`; it starts at the key's first character or quote. */
  private usesKey(parent: number, frame: number, index: number, input: string): void {
    const first = input[this.start[frame] as number];
    if (first !== 'u' && first !== '"' && first !== "'") this.unusual = true;
    this.usesIndex[parent] = index;
    this.usesKeyLine[parent] = this.line[frame] as number;
    this.usesValueStart[parent] = NONE;
    this.usesValueEnd[parent] = NONE;
  }

  private closeMap(frame: number, map: object): void {
    if (this.complexKey[frame] === 1 || this.children[frame] !== 2 * Object.keys(map).length) {
      this.unusual = true;
      return;
    }
    if (this.usesIndex[frame] === NONE) return;
    this.spans.set(map, {
      keyLine: this.usesKeyLine[frame] as number,
      valueStart: this.usesValueStart[frame] as number,
      valueEnd: this.usesValueEnd[frame] as number,
      valueLine: this.usesValueLine[frame] as number,
    });
  }
}
