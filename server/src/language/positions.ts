// Offset <-> zero-based line/character conversion (UTF-16 code units, as LSP counts them).

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
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[Math.max(0, pos.line)];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length + 1;
    return Math.min(lineStart + Math.max(0, pos.character), next - 1, this.text.length);
  }

  range(span: { start: number; end: number }): PositionRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
