// Inlay hints: the last fit's estimate ± SE after each parameter's declaration (and each derived quantity's name).

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import type { FitJson } from '../protocol.ts';
import { estimateLabel, estimateMarkdown, fitted } from './fit-summary.ts';

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
    if (p && p.estimate !== null)
      out.push({ offset: span.end, label: `= ${estimateLabel(p)}`, tooltip: estimateMarkdown(p, fit) });
  };
  // A vector's elements share its declaration: one estimate there would not say which element it is.
  for (const { ident, element } of analysis.params) if (!element) add(ident.name, ident.span);
  for (const st of analysis.file.statements) if (st.kind === 'derive' && st.name.name) add(st.name.name, st.name.span);
  return out.sort((a, b) => a.offset - b.offset);
}
