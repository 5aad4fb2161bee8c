// Multinomial logit fast path: Newton on the softmax log-likelihood straight over the design's columns.

import { cholesky, cholSolve } from '../optimize/cholesky.ts';
import type { MultinomialDesign } from './multinomial-design.ts';
import { multinomialPass, passScratch, type PassOrder } from './multinomial-pass.ts';
import { halvingStep } from '../optimize/step-halving.ts';

export interface MultinomialFit {
  /** Natural-scale estimates of all parameters. */
  readonly theta: Float64Array;
  readonly logLik: number;
  /** Observed (= expected) information, P×P row-major. */
  readonly info: Float64Array;
  readonly gradNorm: number;
  /** Steps over the full data: score steps (big data), then Newton steps. */
  readonly iterations: number;
  /** Of which score steps with the subsample's information. */
  readonly scoreSteps: number;
  readonly converged: boolean;
  /** Rows fitted with probability 1 at the last pass (separation). */
  readonly extremeRows: number;
}

/** ℓ, score and information over all P parameters, from one pass of the kernel over the slots. */
type Pass = (theta: Float64Array, order: PassOrder, g: Float64Array, H: Float64Array, extreme: Int32Array) => number;

/** A pass over all rows of `d` (or of a strided copy), folding the slot sums into the parameters' score and information. */
export function makePass(d: MultinomialDesign, P: number): Pass {
  const { X, pu, K, free, offset, y, n, slotParam, slotsOf } = d;
  const nf = free.length;
  const np = (nf * (nf + 1)) / 2;
  const S = nf * pu;
  const B = new Float64Array(S);
  const gs = new Float64Array(S);
  const G = new Float64Array(((pu * (pu + 1)) / 2) * np);
  const scratch = passScratch(K, nf, pu);
  // Packed indices of a column pair (u ≤ v) and of a free-class pair (f ≤ h), both ways round.
  const tIdx = new Int32Array(pu * pu);
  for (let u = 0, t = 0; u < pu; u++) for (let v = u; v < pu; v++, t++) tIdx[u * pu + v] = tIdx[v * pu + u] = t;
  const qIdx = new Int32Array(nf * nf);
  for (let f = 0, q = 0; f < nf; f++) for (let h = f; h < nf; h++, q++) qIdx[f * nf + h] = qIdx[h * nf + f] = q;
  return (theta, order, g, H, extreme) => {
    for (let s = 0; s < S; s++) B[s] = slotParam[s] >= 0 ? theta[slotParam[s]] : 0;
    if (order >= 1) gs.fill(0);
    if (order === 2) G.fill(0);
    const ll = multinomialPass(X, pu, K, free, offset, y, B, 0, n, order, gs, G, scratch, extreme);
    if (order === 0) return ll;
    for (let j = 0; j < P; j++) {
      let s = 0;
      for (const a of slotsOf[j]) s += gs[a];
      g[j] = s;
    }
    if (order === 1) return ll;
    for (let j = 0; j < P; j++)
      for (let l = j; l < P; l++) {
        let s = 0;
        for (const a of slotsOf[j])
          for (const b of slotsOf[l]) {
            const f = (a / pu) | 0;
            const h = (b / pu) | 0;
            s += G[tIdx[(a - f * pu) * pu + (b - h * pu)] * np + qIdx[f * nf + h]];
          }
        H[j * P + l] = H[l * P + j] = s;
      }
    return ll;
  };
}

/** Every k-th row of the design, for a warm start on big data. */
function strided(d: MultinomialDesign, k: number): MultinomialDesign {
  const n = Math.floor(d.n / k);
  const { pu, K } = d;
  const X = new Float64Array(n * pu);
  const y = new Int32Array(n);
  const offset = d.offset ? new Float64Array(n * K) : undefined;
  for (let i = 0; i < n; i++) {
    const r = i * k;
    X.set(d.X.subarray(r * pu, r * pu + pu), i * pu);
    y[i] = d.y[r];
    offset?.set(d.offset!.subarray(r * K, r * K + K), i * K);
  }
  return { ...d, n, X, y, offset };
}

/** When the big-data steps apply (tests use smaller sizes to reach them). */
export interface BigData {
  /** Rows above which the fit starts from a strided subsample's. */
  readonly warmAbove: number;
  /** Subsample rows: a tenth of the data, at most this. */
  readonly maxRows: number;
  /** Rows above which a negligible last Newton step is taken without a confirming pass. */
  readonly lastStepAbove: number;
}

export const BIG_DATA: BigData = { warmAbove: 50_000, maxRows: 100_000, lastStepAbove: 300_000 };

/**
 * Newton with step halving from theta0 (as solvers/glm.ts: converged when half the Newton decrement is below
 * tol·(1 + |ℓ|) after one polishing step). Data over `big.warmAbove` rows start from the fit of a strided
 * subsample (a tenth, at most `big.maxRows`), then take steps with the full score and the subsample's information
 * scaled to n (a pass without the information costs a fraction of one with it; each step shrinks the distance to
 * the optimum by the relative error of that information, a few per cent), until only the last exact Newton step is
 * left.
 */
export function solveMultinomial(
  d: MultinomialDesign,
  P: number,
  theta0: Float64Array,
  maxiter: number,
  tol: number,
  big: BigData = BIG_DATA,
): MultinomialFit {
  const beta = Float64Array.from(theta0);
  const pass = makePass(d, P);
  const g = new Float64Array(P);
  const H = new Float64Array(P * P);
  const L = new Float64Array(P * P);
  const step = new Float64Array(P);
  const trial = new Float64Array(P);
  const gPrev = new Float64Array(P);
  const hPrev = new Float64Array(P * P);
  const ext = new Int32Array(1);
  let scoreSteps = 0;
  if (d.n > big.warmAbove) {
    const sub = strided(d, Math.max(10, Math.ceil(d.n / big.maxRows)));
    const warm = solveMultinomial(sub, P, beta, 25, 1e-8);
    const scaled = Float64Array.from(warm.info, (v) => (v * d.n) / sub.n);
    if (warm.converged && warm.extremeRows === 0 && warm.theta.every(Number.isFinite) && cholesky(scaled, P, 0, L)) {
      beta.set(warm.theta);
      let ll = pass(beta, 1, g, H, ext);
      for (let k = 0; k < 10 && Number.isFinite(ll); k++) {
        cholSolve(L, P, g, step);
        let dec = 0;
        for (let j = 0; j < P; j++) dec += g[j] * step[j];
        if (dec / 2 <= 1e-4 * tol * (1 + Math.abs(ll))) break;
        for (let j = 0; j < P; j++) trial[j] = beta[j] + step[j];
        const llNew = pass(trial, 1, g, H, ext);
        if (!(llNew >= ll - 1e-12 * (1 + Math.abs(ll)))) break; // Newton below takes over
        beta.set(trial);
        ll = llNew;
        scoreSteps = k + 1;
      }
    }
  }
  let ll = pass(beta, 2, g, H, ext);
  let converged = false;
  let polished = false;
  let it = 0;
  for (it = 1; it <= maxiter && Number.isFinite(ll); it++) {
    if (!cholesky(H, P, 0, L)) break;
    cholSolve(L, P, g, step);
    let dec = 0;
    for (let j = 0; j < P; j++) dec += g[j] * step[j];
    // On big data a step this small is taken without another pass: the information is then that of a point within
    // ~1e-5 SE of the estimate, its relative difference from the optimum's ~1e-7 or less. Smaller data get the
    // confirming pass below, so their information is the estimate's own.
    if (d.n > big.lastStepAbove && dec / 2 <= 1e-4 * tol * (1 + Math.abs(ll))) {
      for (let j = 0; j < P; j++) beta[j] += step[j];
      ll += dec / 2;
      converged = true;
      break;
    }
    if (dec / 2 <= tol * (1 + Math.abs(ll))) {
      if (polished) {
        converged = true;
        break;
      }
      polished = true;
    }
    // Rows fitted with probability 1 on repeated steps: separation, where the estimates run off to infinity.
    if (ext[0] > 0 && it > 3) break;
    gPrev.set(g);
    hPrev.set(H);
    const llNew = halvingStep(beta, step, trial, ll, (t) => pass(t, 2, g, H, ext));
    if (!Number.isFinite(llNew)) {
      g.set(gPrev);
      H.set(hPrev);
      break;
    }
    beta.set(trial);
    ll = llNew;
    if (polished) {
      converged = true;
      break;
    }
  }
  let gn = 0;
  for (let j = 0; j < P; j++) gn += g[j] * g[j];
  return {
    theta: beta,
    logLik: ll,
    info: H,
    gradNorm: Math.sqrt(gn),
    iterations: scoreSteps + it,
    scoreSteps,
    converged,
    extremeRows: ext[0],
  };
}
