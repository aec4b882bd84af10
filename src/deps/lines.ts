/** Line and column (1-based) of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Maps offsets to lines for many increasing offsets in one pass over the text.
 * Call `lineOf` with non-decreasing offsets; each newline is counted once.
 */
export class LineCounter {
  private line = 1;
  private scanned = 0;
  constructor(private readonly text: string) {}

  lineOf(offset: number): number {
    if (offset < this.scanned) throw new Error('LineCounter offsets must not decrease');
    let i = this.text.indexOf('\n', this.scanned);
    while (i !== -1 && i < offset) {
      this.line++;
      i = this.text.indexOf('\n', i + 1);
    }
    this.scanned = offset;
    return this.line;
  }
}
