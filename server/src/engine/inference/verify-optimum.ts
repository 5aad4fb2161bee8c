// The convergence verdict: first-order optimality checked on the natural scale, whatever the optimizer claimed.

import { symmetricEigen } from '../linalg/symmetric-eigen.ts';
import { arrowStructure } from '../linalg/arrowhead.ts';
import { arrowScaledEigen } from '../linalg/arrowhead-spectrum.ts';
import type { EngineModel } from '../model.ts';
import type { Solution } from '../solvers/solution.ts';
import type { Covariance } from './inference.ts';
import { FLAT, type Edge } from './edges.ts';

/**
 * The score in SE units, |∂ℓ/∂θ_j|·SE(θ_j), may be at most this: the log-likelihood then changes by at most 0.001 per
 * standard error, so the estimate is within about 0.001 SE of the maximum (Newton step δ ≈ SE²·score). Optimizers that
 * converged sit orders of magnitude below; rounding of ill-conditioned problems stays below it too.
 */
export const SCORE_TOL = 1e-3;

export interface Verdict {
  readonly ok: boolean;
  /** The condition that was checked and its outcome, in words (shown with the result). */
  readonly condition: string;
  /** Largest |score × SE| over the interior parameters with an SE. */
  readonly maxScaledScore: number | null;
}

export interface VerifyInput {
  readonly model: EngineModel;
  readonly sol: Solution;
  /** Natural-scale gradient and information (−Hessian) of the log objective at the estimate. */
  readonly grad: Float64Array;
  readonly info: Float64Array;
  /** The log objective at natural-scale parameters (NaN where not finite); leaves the problem's scratch as it found it. */
  readonly valueAt: (theta: Float64Array) => number;
  /** Natural-scale estimates and the log objective there. */
  readonly theta: Float64Array;
  readonly logObjective: number;
  readonly edges: readonly Edge[];
  /** Covariance of the interior parameters (edges null). */
  readonly cv: Covariance;
}

const tick = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(', ');
const fmt = (x: number): string => String(Number(x.toPrecision(3)));

/** What to try when the verdict fails: other starts, more restarts, another method. */
export function remedies(model: EngineModel): string {
  const o = model.options;
  const tries = ['init values closer to plausible estimates'];
  if (o.restarts < 20) tries.push('fit restarts = 20');
  tries.push(o.method === 'nelder_mead' ? 'fit method = bfgs' : 'fit method = nelder_mead');
  return `try ${tries.slice(0, -1).join(', ')} or ${tries[tries.length - 1]}`;
}

export function verifyOptimum(v: VerifyInput): Verdict {
  const { model, sol, grad, edges, cv } = v;
  const names = model.params.map((p) => p.name);
  if (sol.verified) return { ok: sol.verified.ok, condition: sol.verified.condition, maxScaledScore: null };
  if (!Number.isFinite(v.logObjective))
    return {
      ok: false,
      condition: `the log-likelihood is not finite where the optimizer stopped (${sol.opt.reason}); ${remedies(model)}`,
      maxScaledScore: null,
    };
  const short = edges.filter((e) => e.gain > FLAT);
  if (short.length)
    return {
      ok: false,
      condition: `the log-likelihood still increases (by ${fmt(short[0].gain)} over a factor e^10) as ${tick(short.map((e) => names[e.j]))} moves towards ${edgeText(short[0])}: either the likelihood is unbounded there (no maximum exists) or the optimizer stopped short of the edge; ${remedies(model)}`,
      maxScaledScore: null,
    };
  const onEdge = new Set(edges.map((e) => e.j));
  const lost = [...cv.unidentified].filter((j) => !onEdge.has(j));
  if (edges.length && lost.length)
    return {
      ok: false,
      condition: `${tick(edges.map((e) => names[e.j]))} ran to ${edgeText(edges[0])}, where ${tick(lost.map((j) => names[j]))} no longer affect the likelihood: a degenerate edge of the parameter space (e.g. an unused mixture component), not a maximum; ${remedies(model)}`,
      maxScaledScore: null,
    };
  // First order at the interior: the score in SE units (a change of the log-likelihood per SE of the parameter).
  let worst = -1;
  let maxScaled = 0;
  for (let j = 0; j < names.length; j++) {
    const c = cv.cov[j]?.[j];
    if (onEdge.has(j) || c === null || c === undefined || !(c >= 0)) continue;
    const s = Math.abs(grad[j]) * Math.sqrt(c);
    if (!(s <= maxScaled)) {
      maxScaled = s;
      worst = j;
    }
  }
  const noise = worst >= 0 && !(maxScaled <= SCORE_TOL) ? roundingOnly(v, onEdge) : false;
  if (worst >= 0 && !(maxScaled <= SCORE_TOL) && !noise)
    return {
      ok: false,
      condition: `first-order condition fails: the score of \`${names[worst]}\` is ${fmt(maxScaled)} log-likelihood units per SE (|∂ℓ/∂${names[worst]}|·SE > ${SCORE_TOL}), so this is not a maximum (the optimizer reported: ${sol.opt.reason}); ${remedies(model)}`,
      maxScaledScore: maxScaled,
    };
  // Parameters without an SE (zero information) cannot be checked this way; trust them only if the optimizer converged.
  const unchecked = names.map((_, j) => j).filter((j) => !onEdge.has(j) && !(cv.cov[j]?.[j] != null));
  // Without an SE, the score per unit of the parameter's own size, per row: still zero at any maximum (even a ridge).
  const tolRel = SCORE_TOL * Math.max(1, model.n);
  const moving = unchecked.find((j) => !(Math.abs(grad[j]) * Math.max(Math.abs(v.theta[j]), 1) <= tolRel));
  if (moving !== undefined)
    return {
      ok: false,
      condition: `first-order condition fails: the information about \`${names[moving]}\` is zero here, yet the log-likelihood still changes with it (|∂ℓ/∂${names[moving]}|·max(|${names[moving]}|, 1) = ${fmt(Math.abs(grad[moving]) * Math.max(Math.abs(v.theta[moving]), 1))} > ${fmt(tolRel)}), so this is not a maximum (the optimizer reported: ${sol.opt.reason}); ${remedies(model)}`,
      maxScaledScore: worst >= 0 ? maxScaled : null,
    };
  if (!sol.opt.converged && unchecked.length)
    return {
      ok: false,
      condition: `the optimizer stopped without converging (${sol.opt.reason}) and the optimum cannot be verified in ${tick(unchecked.map((j) => names[j]))}, where the information is zero; ${remedies(model)}`,
      maxScaledScore: worst >= 0 ? maxScaled : null,
    };
  const neg = saddle(v, onEdge);
  if (neg)
    return {
      ok: false,
      condition: `second-order condition fails: the log-likelihood curves upwards in a direction involving ${tick(neg.map((j) => names[j]))}, so this is a saddle point, not a maximum; ${remedies(model)}`,
      maxScaledScore: maxScaled,
    };
  const checked =
    worst < 0
      ? 'no interior parameter'
      : noise
        ? `the score (max |score|·SE = ${fmt(maxScaled)}) is rounding noise: a Newton step along it does not increase the log-likelihood`
        : `max |score|·SE = ${maxScaled.toExponential(1)} ≤ ${SCORE_TOL}`;
  const at = edges.length
    ? `; at the edge ${edges.map((e) => `${names[e.j]} → ${edgeText(e)}`).join(', ')} the log-likelihood does not increase into the parameter space (KKT)`
    : '';
  return {
    ok: true,
    condition: `first-order condition holds: ${checked}${at}`,
    maxScaledScore: worst >= 0 ? maxScaled : null,
  };
}

/**
 * Whether a score above SCORE_TOL is rounding noise (ill-conditioned problems such as NIST Filip, whose AD gradient at
 * the exact least-squares solution is dominated by cancellation): along the Newton step δ = I⁻¹g the log-likelihood
 * would gain (t − t²/2)·gᵀδ at step t if the score were real. If no step t ∈ {1, 0.1, 0.01, 0.001} gains even a
 * quarter of that (nor more than rounding of ℓ), no ascent exists at the precision of the objective: a maximum.
 */
function roundingOnly(v: VerifyInput, onEdge: Set<number>): boolean {
  const { grad, cv, theta } = v;
  const P = theta.length;
  const idx = Array.from({ length: P }, (_, j) => j).filter((j) => !onEdge.has(j) && cv.cov[j]?.[j] != null);
  const delta = new Float64Array(P);
  let gd = 0;
  for (const i of idx) {
    for (const j of idx) delta[i] += (cv.cov[i][j] ?? 0) * grad[j];
    gd += grad[i] * delta[i];
  }
  if (!(gd > 0)) return false;
  const f0 = v.logObjective;
  const floor = 1e-9 * (1 + Math.abs(f0));
  const trial = new Float64Array(P);
  let tried = 0;
  for (const t of [1, 0.1, 0.01, 0.001]) {
    for (let j = 0; j < P; j++) trial[j] = theta[j] + t * delta[j];
    if (!v.model.params.every((p, j) => inRange(p, trial[j]))) continue;
    const gain = v.valueAt(trial) - f0;
    if (!Number.isFinite(gain)) continue;
    tried++;
    if (gain > floor && gain >= 0.25 * (t - (t * t) / 2) * gd) return false;
  }
  // No step could be evaluated (they all leave the region where the objective is finite): nothing shows it is noise.
  return tried > 0;
}

const inRange = (p: { lower?: number; upper?: number }, x: number): boolean =>
  Number.isFinite(x) && (p.lower === undefined || x > p.lower) && (p.upper === undefined || x < p.upper);

export function edgeText(e: Edge): string {
  return e.value === Infinity ? '+∞' : e.value === -Infinity ? '−∞' : `its ${e.side} bound ${e.value}`;
}

/**
 * A clearly negative eigenvalue of the interior information (diagonally scaled, so units do not matter) whose direction
 * really increases the log-likelihood: a saddle. Returns the parameters loading on it. Zero eigenvalues are singular
 * information (reported elsewhere); a negative one that no step along its direction confirms is rounding (NIST Filip).
 */
function saddle(v: VerifyInput, skip: Set<number>): number[] | null {
  const { info, theta } = v;
  const P = theta.length;
  const idx = Array.from({ length: P }, (_, j) => j).filter((j) => !skip.has(j));
  if (!idx.length) return null;
  const dir = negativeDirection(info, P, idx);
  if (!dir) return null;
  const { d, col } = dir;
  // Along ±t·D·v (t in units of 1/sqrt(information)) a true saddle gains about −λ·t²/2 > 0.
  const floor = 1e-9 * (1 + Math.abs(v.logObjective));
  const trial = new Float64Array(P);
  for (const t of [1, 0.1, 0.01])
    for (const sign of [1, -1]) {
      trial.set(theta);
      idx.forEach((j, a) => (trial[j] += sign * t * d[a] * col[a]));
      if (!v.model.params.every((p, j) => inRange(p, trial[j]))) continue;
      if (v.valueAt(trial) - v.logObjective > floor) return idx.filter((_, a) => Math.abs(col[a]) > 0.1);
    }
  return null;
}

/**
 * The eigenvector of the most negative eigenvalue of the diagonally scaled interior information, when it is clearly
 * negative (below −1e-6 of the largest in size), with the scaling D; from the arrowhead's small core when the
 * information has that structure (factor levels), else from the dense eigen-decomposition.
 */
function negativeDirection(
  info: Float64Array,
  P: number,
  idx: readonly number[],
): { d: Float64Array; col: ArrayLike<number> } | null {
  const m = idx.length;
  const sub =
    m === P ? info : Float64Array.from({ length: m * m }, (_, k) => info[idx[Math.floor(k / m)] * P + idx[k % m]]);
  if (!sub.every(Number.isFinite)) return null;
  const d = Float64Array.from({ length: m }, (_, a) => {
    const x = sub[a * m + a];
    return x > 0 && Number.isFinite(1 / Math.sqrt(x)) ? 1 / Math.sqrt(x) : 1;
  });
  const arrow = arrowStructure(sub, m);
  const st = arrow ? arrowScaledEigen(sub, m, arrow, d) : undefined;
  if (st) {
    const big = Math.max(...st.values.map(Math.abs));
    const last = st.values.length - 1;
    return st.values[last] < -1e-6 * big ? { d, col: st.vectors[last] } : null;
  }
  const rows = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => sub[a * m + b] * d[a] * d[b]));
  const e = symmetricEigen(rows);
  const vals = e.realEigenvalues;
  const big = Math.max(...vals.map(Math.abs));
  const k = vals.findIndex((l) => l < -1e-6 * big);
  return k < 0 ? null : { d, col: e.eigenvectorMatrix.getColumn(k) };
}
