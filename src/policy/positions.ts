/** Where a key or list entry is written in a policy file's text, for `explain`. Pure; the text is parsed on first use. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** `['licenses', 'deny', 2]` -> line/column of that key or entry; undefined when the file does not write it. */
export type PositionLookup = (keyPath: readonly (string | number)[]) => Position | undefined;

export function positionLookup(text: string): PositionLookup {
  let parsed: { doc: Document; lines: LineCounter } | undefined;
  return (keyPath) => {
    if (parsed === undefined) {
      const lines = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines };
    }
    const offset = offsetOf(parsed.doc, keyPath);
    if (offset === undefined) return undefined;
    const { line, col } = parsed.lines.linePos(offset);
    return { line, column: col };
  };
}

/** The start of the last key (a mapping key) or entry (a sequence item) of the path, through aliases on the way. */
function offsetOf(doc: Document, keyPath: readonly (string | number)[]): number | undefined {
  let node = doc.contents as Node | null;
  let offset: number | undefined;
  for (const step of keyPath) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    if (isMap(node) && typeof step === 'string') {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === step);
      if (pair === undefined) return undefined;
      offset = (pair.key as Node).range?.[0];
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (item === undefined) return undefined;
      offset = item.range?.[0];
      node = item;
    } else return undefined;
  }
  return offset;
}
