// What kind of likelihood term a plot is for: i.i.d. or regression, and which censoring or truncation clauses it has.

import { paramDeps, type EngineModel, type Node, type Term } from '../engine/model.ts';
import { CENSOR_EXTRA } from '../engine/distributions/censored.ts';
import { evalData } from '../engine/eval/data-eval.ts';

/** Whether a node varies by row (reads a column or a factor's per-row parameter). */
export const hasData = (n: Node): boolean =>
  n.op === 'data' ||
  n.op === 'lookup' ||
  ((n.op === 'neg' || n.op === 'call') && hasData(n.a)) ||
  (n.op === 'bin' && (hasData(n.a) || hasData(n.b))) ||
  (n.op === 'ifelse' && (hasData(n.c) || hasData(n.a) || hasData(n.b)));

const isZero = (n: Node): boolean => n.op === 'const' && n.value === 0;
const isInfinite = (n: Node): boolean => n.op === 'const' && !Number.isFinite(n.value);

export interface TermShape {
  /** The family's own arguments vary by row (a regression), rather than being parameters only (i.i.d.). */
  readonly regression: boolean;
  /** The wrapped family of a censored or truncated term (`dist.base`), else the term's own distribution name. */
  readonly family: string;
  /** Number of the family's own arguments (a censored term's args carry 4 more: masks and bounds). */
  readonly nargs: number;
  readonly rightCensored: boolean;
  readonly leftCensored: boolean;
  readonly truncated: boolean;
}

export function termShape(t: Term): TermShape {
  if (t.dist.name !== 'Censored' || !t.dist.base)
    return {
      regression: t.args.some(hasData),
      family: t.dist.name,
      nargs: t.args.length,
      rightCensored: false,
      leftCensored: false,
      truncated: false,
    };
  const m = t.args.length - CENSOR_EXTRA;
  const [right, left, lo, hi] = t.args.slice(m);
  return {
    regression: t.args.slice(0, m).some(hasData),
    family: t.dist.base.name,
    nargs: m,
    rightCensored: !isZero(right),
    leftCensored: !isZero(left),
    truncated: !isInfinite(lo) || !isInfinite(hi),
  };
}

/**
 * The model with each transformed outcome (`log(Ozone) ~ …`: an expression of columns) evaluated to a column, so the
 * fit-to-data plots show the modelled values, log(Ozone), as they do for a bare column.
 */
export function withDataOutcomes(model: EngineModel): EngineModel {
  if (model.terms.every((t) => t.y.op === 'data')) return model;
  const terms = model.terms.map((t): Term => {
    if (t.y.op === 'data' || paramDeps(t.y).length > 0) return t;
    const values = evalData(t.y, model.n);
    return values ? { ...t, y: { op: 'data', values, name: 'outcome' } } : t;
  });
  return { ...model, terms };
}
