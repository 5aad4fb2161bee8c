// Go to definition, find references and document highlights: (analysis, offset) -> plain spans, from the scope's occurrence table.

import type { Analysis, NameOccurrence, SymbolInfo } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';

/** The name occurrence under the cursor (the cursor may stand just after the name, where the user's caret usually is). */
export function occurrenceAt(analysis: Analysis, offset: number): NameOccurrence | undefined {
  const hits = analysis.occurrences.filter((o) => o.span.start <= offset && offset <= o.span.end);
  // Between two names (`a+b` with the caret after `a`), the one that starts at the caret is the one being pointed at.
  return hits.find((o) => o.span.start <= offset && offset < o.span.end) ?? hits[0];
}

/** The resolved symbol under the cursor, if the name there is declared (or is a data column). */
export function symbolAt(analysis: Analysis, offset: number): SymbolInfo | undefined {
  return occurrenceAt(analysis, offset)?.symbol;
}

/** Every occurrence of `symbol`, in document order. */
export function occurrencesOf(analysis: Analysis, symbol: SymbolInfo): NameOccurrence[] {
  return analysis.occurrences.filter((o) => o.symbol === symbol).sort((a, b) => a.span.start - b.span.start);
}

/**
 * Where a name is defined: a span in the model for parameters, lets and derived quantities; for a column, the data
 * file and the column's name (the LSP layer finds it in the header row, since features read no files).
 */
export type Definition =
  | { readonly kind: 'span'; readonly span: Span }
  | { readonly kind: 'column'; readonly name: string; readonly fallback: Span };

export function definition(analysis: Analysis, offset: number): Definition | undefined {
  const s = symbolAt(analysis, offset);
  if (!s) return undefined;
  if (s.decl) return { kind: 'span', span: s.decl.span };
  if (s.kind !== 'column') return undefined;
  // Without a header to jump to, the `data "…"` string that brought the column in is the next best place.
  const fallback = analysis.dataStmt?.pathSpan ?? { start: 0, end: 0 };
  return { kind: 'column', name: s.name, fallback };
}

/** The spans of every use of the symbol under the cursor; its declaration too when asked (LSP's includeDeclaration). */
export function references(analysis: Analysis, offset: number, includeDeclaration: boolean): Span[] {
  const s = symbolAt(analysis, offset);
  if (!s) return [];
  return occurrencesOf(analysis, s)
    .filter((o) => includeDeclaration || !o.isDeclaration)
    .map((o) => o.span);
}

export interface Highlight {
  readonly span: Span;
  /** The declaration is where the name gets its value (LSP "write"); every other occurrence reads it. */
  readonly write: boolean;
}

/** Every occurrence of the symbol under the cursor, the declaration marked as the write. */
export function highlights(analysis: Analysis, offset: number): Highlight[] {
  const s = symbolAt(analysis, offset);
  if (!s) return [];
  return occurrencesOf(analysis, s).map((o) => ({ span: o.span, write: o.isDeclaration }));
}
