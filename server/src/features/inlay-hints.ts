// Inlay hints: the last fit's estimate ± SE after each parameter's declaration (a vector's elements by level) and
// each derived quantity's name.

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import type { FitJson } from '../protocol.ts';
import { estimateLabel, estimateMarkdown, fitted, vectorElements, vectorLabel, vectorMarkdown } from './fit-summary.ts';

export interface EstimateHint {
  /** Where the hint is drawn: just after the declared name. */
  readonly offset: number;
  readonly label: string;
  /** Markdown. */
  readonly tooltip: string;
}

/**
 * One hint per declared name that the fit reports, inside `range` when given. Matching is by name, so after edits
 * the hints of parameters that are still declared stay until the next fit, and those of removed ones disappear.
 */
export function estimateHints(analysis: Analysis, fit: FitJson | undefined, range?: Span): EstimateHint[] {
  if (!fit) return [];
  const out: EstimateHint[] = [];
  const add = (name: string, span: Span): void => {
    if (range && (span.end < range.start || span.end > range.end)) return;
    const p = fitted(fit, name);
    // A non-identified estimate is one arbitrary point of a flat ridge: showing it inline would read as a result.
    if (p && p.estimate !== null && !('notIdentified' in p && p.notIdentified))
      out.push({ offset: span.end, label: `= ${estimateLabel(p)}`, tooltip: estimateMarkdown(p, fit) });
  };
  for (const { ident, element } of analysis.params) if (!element) add(ident.name, ident.span);
  // A vector's elements share its declaration: one hint there lists them by level (the first few), all in the tooltip.
  for (const v of analysis.vectors?.values() ?? []) {
    const span = v.ident.span;
    if (range && (span.end < range.start || span.end > range.end)) continue;
    const elements = vectorElements(fit, v.name);
    if (elements.some((e) => e.estimate !== null && !e.notIdentified))
      out.push({ offset: span.end, label: `= ${vectorLabel(elements)}`, tooltip: vectorMarkdown(elements, fit) });
  }
  for (const st of analysis.file.statements) if (st.kind === 'derive' && st.name.name) add(st.name.name, st.name.span);
  return out.sort((a, b) => a.offset - b.offset);
}
