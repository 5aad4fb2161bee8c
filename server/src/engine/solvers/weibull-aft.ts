// Weibull AFT fast path: Weibull(k, exp(η)) with right censoring, η linear, fitted by Newton as a log-linear GLM pass.

import { paramDeps, type EngineModel, type Node, type Term } from '../model.ts';
import { evalData } from '../eval/data-eval.ts';
import { directDesign } from './linear-design.ts';
import { spdSolve } from '../linalg/arrowhead.ts';
import { logLinearPass } from '../compile/log-linear-kernel.ts';
import type { KnownAtOptimum } from './solution.ts';

/**
 * The math. With L = log y − η and v = k·L, a row contributes δ(log k − log y + v) − e^v (δ = 1 for an event,
 * 0 for a right-censored row: log S = −e^v). Written in ψ = (α, k) with α = −kβ, v = k·(log y − off) + x·α is
 * linear in ψ, so the sum is a Poisson log-likelihood with response δ, design [x, log y − off] and log link, plus
 * D·log k − Σδ log y (D events): concave in ψ, its score and information one fused pass per Newton step
 * (compile/log-linear-kernel.ts, unrolled for the column count: on one core it beats the generic GLM kernel on two).
 * Newton in ψ with step halving then converges from any start.
 */
export interface WeibullAftProblem {
  /** Row-major n × (p + 1): the η columns, then log y − offset. */
  readonly X: Float64Array;
  /** δ: 1 for an event, 0 for a right-censored row. */
  readonly d: Float64Array;
  /** Parameter index of each η column, and of the shape. */
  readonly deps: Int32Array;
  readonly shape: number;
  /** Number of events and −Σδ log y. */
  readonly events: number;
  readonly constant: number;
}

export interface WeibullAftFit {
  readonly known: KnownAtOptimum;
  readonly iterations: number;
  readonly converged: boolean;
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
  const p = des.deps.length;
  const q = p + 1;
  const cols = des.cols;
  const off = des.offset;
  // Row-major, written row by row (one sequential sweep).
  const X = new Float64Array(n * q);
  let events = 0;
  let constant = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (!(yi > 0) || yi === Infinity) return undefined; // log y must exist (y = 0: the general path)
    const ly = Math.log(yi);
    const row = i * q;
    for (let j = 0; j < p; j++) X[row + j] = cols[j][i];
    X[row + p] = off ? ly - off[i] : ly;
    events += d[i];
    constant -= d[i] * ly;
  }
  return { X, d, deps: des.deps, shape, events, constant };
}

/** Newton in ψ from the natural-scale start theta0; undefined when the information is not positive definite. */
export function solveWeibullAft(
  pr: WeibullAftProblem,
  theta0: ArrayLike<number>,
  maxiter: number,
  tol: number,
): WeibullAftFit | undefined {
  const { X, d, deps, shape, events, constant } = pr;
  const p = deps.length;
  const q = p + 1;
  const n = d.length;
  const psi = psiOf(pr, theta0, theta0[shape] > 0 ? theta0[shape] : 1);
  const kernel = logLinearPass(q);
  if (n > 300_000) {
    const warm = subsampleStart(pr, psi, Math.ceil(n / 100_000));
    if (warm) psi.set(warm);
  }
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  const L = new Float64Array(q * q);
  const step = new Float64Array(q);
  const trial = new Float64Array(q);
  const pass = (b: Float64Array): number => {
    if (!(b[p] > 0)) return -Infinity;
    g.fill(0);
    H.fill(0);
    const ll = kernel(X, d, b, 0, n, g, H);
    return finishPass(ll, b[p], events, constant, g, H, q);
  };
  let ll = pass(psi);
  let converged = false;
  let polished = false;
  let it = 0;
  for (it = 1; it <= maxiter && Number.isFinite(ll); it++) {
    if (!spdSolve(H, q, g, step, L)) break;
    let dec = 0;
    for (let j = 0; j < q; j++) dec += g[j] * step[j];
    // Converged: one more (quadratically exact) step, whose pass gives the log-likelihood, score and information
    // at the estimate itself, so the SEs are those of the returned point.
    if (dec / 2 <= tol * (1 + Math.abs(ll))) polished = true;
    const gPrev = Float64Array.from(g);
    const hPrev = Float64Array.from(H);
    let s = 1;
    let llNew = -Infinity;
    for (let h = 0; h < 30; h++) {
      for (let j = 0; j < q; j++) trial[j] = psi[j] + s * step[j];
      llNew = pass(trial);
      if (Number.isFinite(llNew) && llNew >= ll - 1e-12 * (1 + Math.abs(ll))) break;
      s /= 2;
      llNew = -Infinity;
    }
    if (!Number.isFinite(llNew)) {
      g.set(gPrev);
      H.set(hPrev);
      break;
    }
    psi.set(trial);
    ll = llNew;
    if (polished) {
      converged = true;
      break;
    }
  }
  if (!Number.isFinite(ll) || !psi.every(Number.isFinite)) return undefined;
  const nat = naturalScale(pr, psi, g, H);
  let gn = 0;
  for (const x of nat.grad) gn += x * x;
  return {
    known: { theta: nat.theta, logLik: ll, gradNorm: Math.sqrt(gn), info: nat.info },
    iterations: it,
    converged,
  };
}

/** ψ = (−kβ, k) in the pass's column order from natural-scale θ. */
function psiOf(pr: WeibullAftProblem, theta: ArrayLike<number>, k: number): Float64Array {
  const p = pr.deps.length;
  const psi = new Float64Array(p + 1);
  pr.deps.forEach((j, c) => {
    psi[c] = -k * theta[j];
  });
  psi[p] = k;
  return psi;
}

/** Log-likelihood, natural-scale score and information at θ in one single-threaded pass (for tests and checks). */
export function weibullAftAt(
  pr: WeibullAftProblem,
  theta: ArrayLike<number>,
): { logLik: number; grad: Float64Array; info: Float64Array } {
  const q = pr.deps.length + 1;
  const psi = psiOf(pr, theta, theta[pr.shape]);
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  let ll = -Infinity;
  if (psi[q - 1] > 0) {
    const raw = logLinearPass(q)(pr.X, pr.d, psi, 0, pr.d.length, g, H);
    ll = finishPass(raw, psi[q - 1], pr.events, pr.constant, g, H, q);
  }
  const nat = naturalScale(pr, psi, g, H);
  return { logLik: ll, grad: nat.grad, info: nat.info };
}

/** Adds D·log k + constant to a pass's sums and symmetrises the information (the pass fills its upper triangle). */
function finishPass(
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
  H[p * q + p] += events / (k * k);
  for (let j = 0; j < q; j++) for (let c = 0; c < j; c++) H[j * q + c] = H[c * q + j];
  return ll + events * Math.log(k) + constant;
}

/**
 * θ = (β, k) from ψ = (−kβ, k), and the natural-scale score and information by the chain rule: with J = ∂ψ/∂θ
 * (∂ψ_c/∂β_c = −k, ∂ψ_c/∂k = −β_c, ∂k/∂k = 1), g_θ = Jᵀg and I_θ = Jᵀ I J − Σ_c g_c ∂²ψ_c, where ∂²ψ_c/∂β_c∂k = −1
 * is the only second derivative: so I_θ(β_c, k) gains + g_c (≈ 0 at the optimum, kept so I_θ is exact there).
 */
function naturalScale(
  pr: WeibullAftProblem,
  psi: Float64Array,
  g: Float64Array,
  H: Float64Array,
): { theta: Float64Array; grad: Float64Array; info: Float64Array } {
  const { deps, shape } = pr;
  const p = deps.length;
  const q = p + 1;
  const k = psi[p];
  const beta = Float64Array.from(psi.subarray(0, p), (a) => -a / k);
  const P = q;
  const pos = new Int32Array(q);
  deps.forEach((j, c) => {
    pos[c] = j;
  });
  pos[p] = shape;
  const theta = new Float64Array(P);
  deps.forEach((j, c) => {
    theta[j] = beta[c];
  });
  theta[shape] = k;
  // J as q × q (ψ rows, θ columns in the ψ order).
  const J = new Float64Array(q * q);
  for (let c = 0; c < p; c++) {
    J[c * q + c] = -k;
    J[c * q + p] = -beta[c];
  }
  J[p * q + p] = 1;
  const info = new Float64Array(P * P);
  const grad = new Float64Array(P);
  for (let a = 0; a < q; a++) {
    let ga = 0;
    for (let m = 0; m < q; m++) ga += J[m * q + a] * g[m];
    grad[pos[a]] = ga;
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let m = 0; m < q; m++) {
        const jm = J[m * q + a];
        if (jm === 0) continue;
        for (let r = 0; r < q; r++) s += jm * H[m * q + r] * J[r * q + b];
      }
      if (a < p && b === p) s += g[a];
      if (b < p && a === p) s += g[b];
      info[pos[a] * P + pos[b]] = s;
    }
  }
  return { theta, grad, info };
}

/** Newton on every m-th row from psi0, to a relative decrement of 1e-8; undefined if it does not settle. */
function subsampleStart(pr: WeibullAftProblem, psi0: Float64Array, m: number): Float64Array | undefined {
  const q = pr.deps.length + 1;
  const n = Math.floor(pr.d.length / m);
  const Xs = new Float64Array(n * q);
  const ds = new Float64Array(n);
  let events = 0;
  for (let i = 0; i < n; i++) {
    const r = i * m;
    Xs.set(pr.X.subarray(r * q, r * q + q), i * q);
    ds[i] = pr.d[r];
    events += ds[i];
  }
  const kernel = logLinearPass(q);
  const b = Float64Array.from(psi0);
  const trial = new Float64Array(q);
  const g = new Float64Array(q);
  const H = new Float64Array(q * q);
  const L = new Float64Array(q * q);
  const step = new Float64Array(q);
  const pass = (at: Float64Array): number => {
    if (!(at[q - 1] > 0)) return -Infinity;
    g.fill(0);
    H.fill(0);
    const ll = kernel(Xs, ds, at, 0, n, g, H);
    return finishPass(ll, at[q - 1], events, 0, g, H, q);
  };
  let ll = pass(b);
  for (let it = 0; it < 50 && Number.isFinite(ll); it++) {
    if (!spdSolve(H, q, g, step, L)) return undefined;
    let dec = 0;
    for (let j = 0; j < q; j++) dec += g[j] * step[j];
    if (dec <= 1e-8 * (1 + Math.abs(ll))) return b;
    let s = 1;
    let llNew = -Infinity;
    for (let h = 0; h < 30; h++) {
      for (let j = 0; j < q; j++) trial[j] = b[j] + s * step[j];
      llNew = pass(trial);
      if (Number.isFinite(llNew) && llNew >= ll - 1e-12 * (1 + Math.abs(ll))) break;
      s /= 2;
      llNew = -Infinity;
    }
    if (!Number.isFinite(llNew)) return undefined;
    b.set(trial);
    ll = llNew;
  }
  return undefined;
}
