// The line the results show in place of a fit-to-data plot for a likelihood term that has none, saying why.

import type { EngineModel, Term } from '../engine/model.ts';
import { family } from '../engine/distributions/index.ts';
import { termShape } from './term-shape.ts';

export interface PlotNote {
  readonly source: number;
  readonly reason: string;
}

/** One note per likelihood term whose statement index is not in `plotted` (every term gets a plot or a reason). */
export function plotNotes(model: EngineModel, plotted: ReadonlySet<number>): PlotNote[] {
  return model.terms
    .filter((t) => !plotted.has(t.source))
    .map((t) => ({ source: t.source, reason: `No fit-to-data plot: ${why(model, t)}.` }));
}

function why(model: EngineModel, t: Term): string {
  const shape = termShape(t);
  if (t.y.op !== 'data') return 'the outcome is not a data column';
  if (shape.leftCensored)
    return 'the outcome is left-censored; the Kaplan–Meier estimate needs right censoring only (left or interval censoring would need a Turnbull estimate, not drawn)';
  if (t.dist.name === 'Mixture' && shape.regression)
    return 'a mixture whose arguments vary by row has no single fitted density to draw over a histogram, and no fitted mean or quantile residuals are computed for mixtures';
  if (shape.truncated && shape.regression && family(shape.family)?.support.discrete)
    return 'a truncated count regression: its Cox–Snell residuals are not exponential for a discrete outcome, and residuals of the truncated law are not computed';
  if (model.n < 3) return `only ${model.n} row${model.n === 1 ? '' : 's'}`;
  const y = t.y.values;
  if (y.every((v) => v === y[0])) return `every row's outcome is ${y[0]}`;
  return 'the fitted distribution could not be evaluated at the estimates (a non-finite argument)';
}
