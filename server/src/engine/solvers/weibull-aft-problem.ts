// The Weibull AFT fast path's data: the columns of the log-linear form's design, the event indicator and constants.

import { paramDeps, type EngineModel, type Node, type Term } from '../model.ts';
import { evalData } from '../eval/data-eval.ts';
import { directDesign } from './linear-design.ts';

/**
 * The math. With L = log y − η and v = k·L, a row contributes δ(log k − log y + v) − e^v (δ = 1 for an
 * event, 0 for a right-censored row: log S = −e^v). In ψ = (α, k) with α = −kβ, v = k·(log y − off) + x·α is
 * linear in ψ, so the sum is a Poisson log-likelihood with response δ, design [x, log y − off] and log link, plus
 * D·log k − Σδ log y (D events): concave in ψ, its score and information one fused pass per Newton step
 * (compile/log-linear-kernel.ts, unrolled for the column count: on one core it beats the generic GLM kernel on two).
 * Newton in ψ with step halving then converges from any start.
 */
export interface WeibullAftProblem {
  /** The design's p + 1 columns: the η columns (the data's own arrays where possible), then log y − offset. */
  readonly cols: readonly Float64Array[];
  /** δ: 1 for an event, 0 for a right-censored row. */
  readonly d: Float64Array;
  /** Parameter index of each η column, and of the shape. */
  readonly deps: Int32Array;
  readonly shape: number;
  /** Number of events and −Σδ log y. */
  readonly events: number;
  readonly constant: number;
}

/** A parameter-free node's values, or undefined; a comparison of a column with a constant directly. */
function dataValues(node: Node, n: number): Float64Array | undefined {
  if (paramDeps(node).length) return undefined;
  if (node.op === 'bin' && node.fn === '==' && node.a.op === 'data' && node.b.op === 'const') {
    const [x, c] = [node.a.values, node.b.value];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i] === c ? 1 : 0;
    return out;
  }
  return evalData(node, n);
}

/** Whether a parameter-free node is `value` on every row (a constant node without evaluating it). */
function allEqual(node: Node, value: number, n: number): boolean {
  if (node.op === 'const') return node.value === value;
  const v = dataValues(node, n);
  return v !== undefined && v.every((x) => x === value);
}

/** The problem when the model is exactly one (right-censored) Weibull AFT term without priors; else undefined. */
export function weibullAftProblem(model: EngineModel, terms: readonly Term[]): WeibullAftProblem | undefined {
  if (terms.length !== 1 || model.priors.length) return undefined;
  const t = terms[0];
  const censored = t.dist.name === 'Censored' && t.dist.base?.name === 'Weibull';
  if (!censored && t.dist.name !== 'Weibull') return undefined;
  const [shapeNode, scaleNode] = t.args;
  if (shapeNode.op !== 'param' || scaleNode.op !== 'call' || scaleNode.fn !== 'exp') return undefined;
  const shape = shapeNode.index;
  const P = model.params.length;
  // The shape's range must hold every positive value (the optimum is interior); the coefficients are unbounded.
  const sp = model.params[shape];
  if ((sp.lower !== undefined && sp.lower > 0) || sp.upper !== undefined) return undefined;
  if (model.params.some((q, j) => j !== shape && (q.lower !== undefined || q.upper !== undefined))) return undefined;
  const n = model.n;
  const des = directDesign(scaleNode.a, n);
  if (!des || des.deps.includes(shape) || des.deps.length + 1 !== P || des.deps.length > 64) return undefined;
  const y = dataValues(t.y, n);
  if (!y) return undefined;
  const d = new Float64Array(n).fill(1);
  if (censored) {
    const [right, left, lo, hi] = t.args.slice(2);
    // Left censoring and truncation are the general path's: their masks and bounds must be the absent constants.
    if (!allEqual(left, 0, n) || !allEqual(lo, -Infinity, n) || !allEqual(hi, Infinity, n)) return undefined;
    const r = dataValues(right, n);
    if (!r) return undefined;
    for (let i = 0; i < n; i++) if (r[i]) d[i] = 0;
  }
  const off = des.offset;
  const ly = new Float64Array(n);
  let events = 0;
  let constant = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (!(yi > 0) || yi === Infinity) return undefined; // log y must exist (y = 0: the general path)
    const l = Math.log(yi);
    ly[i] = off ? l - off[i] : l;
    events += d[i];
    constant -= d[i] * l;
  }
  return { cols: [...des.cols, ly], d, deps: des.deps, shape, events, constant };
}

/**
 * Adds D·log k + constant to a pass's sums and symmetrises the information (the pass fills its upper triangle; an
 * empty H: score only).
 */
export function finishPass(
  ll: number,
  k: number,
  events: number,
  constant: number,
  g: Float64Array,
  H: Float64Array,
  q: number,
): number {
  const p = q - 1;
  g[p] += events / k;
  if (H.length === 0) return ll + events * Math.log(k) + constant; // a score-only pass
  H[p * q + p] += events / (k * k);
  for (let j = 0; j < q; j++) for (let c = 0; c < j; c++) H[j * q + c] = H[c * q + j];
  return ll + events * Math.log(k) + constant;
}
