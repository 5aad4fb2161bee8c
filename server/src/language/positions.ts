// Offset <-> zero-based line/character conversion (UTF-16 code units; \n, \r\n and \r end lines, as in LSP).

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface PositionRange {
  readonly start: Position;
  readonly end: Position;
}

/** Line-start table of one text, built once and queried by binary search. */
export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: number[] = [0];
  /** Offset where each line's content ends (before its line break). */
  private readonly ends: number[] = [];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset inside a line break (between \r and \n) belongs to the end of its line.
    return { line: lo, character: Math.min(o, this.ends[lo]) - this.starts[lo] };
  }

  offset(pos: Position): number {
    if (!(pos.line >= 0)) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    return Math.min(start + Math.max(0, pos.character || 0), this.ends[pos.line]);
  }

  range(span: { start: number; end: number }): PositionRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
