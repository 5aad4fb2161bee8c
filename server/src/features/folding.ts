// Folding ranges: blocks of consecutive comment lines and statements that span several lines.

import type { Analysis } from '../language/analysis-types.ts';
import { LineIndex } from '../language/positions.ts';

export interface FoldRange {
  /** 0-based lines, both inclusive: the editor keeps `startLine` visible and hides the rest. */
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'comment' | 'region';
}

/** Fold ranges in document order; a range needs at least two lines. */
export function foldingRanges(analysis: Analysis): FoldRange[] {
  const text = analysis.text;
  const index = new LineIndex(text);
  const lineOf = (offset: number): number => index.position(offset).line;
  const out: FoldRange[] = [];

  // Only comments alone on their line form a block: a trailing comment belongs to its statement's line.
  let block: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (block && block.end > block.start) out.push({ startLine: block.start, endLine: block.end, kind: 'comment' });
    block = undefined;
  };
  for (const c of analysis.file.comments) {
    const line = lineOf(c.span.start);
    if (text.slice(c.span.start - index.position(c.span.start).character, c.span.start).trim() !== '') {
      flush();
      continue;
    }
    if (block && line === block.end + 1) block.end = line;
    else {
      flush();
      block = { start: line, end: line };
    }
  }
  flush();

  for (const st of analysis.file.statements) {
    const start = lineOf(st.span.start);
    const end = lineOf(Math.max(st.span.start, st.span.end - 1));
    if (end > start) out.push({ startLine: start, endLine: end, kind: 'region' });
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
