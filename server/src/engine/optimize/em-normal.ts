// EM for a mixture of K Normals whose means and scales are parameters of their own, fused and accelerated: one sweep
// over the rows does the E step and gathers the M step's sufficient statistics, and SQUAREM (Varadhan & Roland 2008)
// extrapolates along two EM steps so a start needs tens of sweeps where plain EM needs hundreds.

import { collapsed, setWeights, weightsOf, type EmProblem, type EmRun } from './em-mixture.ts';
import { LOG_2PI } from '../eval/special.ts';

/** Whether the fused path applies: every component Normal(mu, sigma) of free parameters used nowhere else. */
export function normalEmApplies(pr: EmProblem): boolean {
  return pr.comps.every(
    (c) =>
      c.impl.name === 'Normal' &&
      c.separable &&
      c.args.length === 2 &&
      c.args.every((a) => 'param' in a) &&
      unbounded(pr, (c.args[0] as { param: number }).param, undefined) &&
      unbounded(pr, (c.args[1] as { param: number }).param, 0),
  );
}

/** A parameter whose bounds the closed-form M step cannot leave: none (a mean), or only a lower one ≤ 0 (a scale). */
function unbounded(pr: EmProblem, j: number, lowerAtMost: number | undefined): boolean {
  const { lower, upper } = pr.bounds[j];
  if (upper !== undefined) return false;
  return lower === undefined || (lowerAtMost !== undefined && lower <= lowerAtMost);
}

/** Packed state p = [w_1…w_K, mu_1…mu_K, sigma_1…sigma_K]; the free coordinates q = [log w_c/w_1 (c>1), mu, log σ]. */
interface Work {
  readonly K: number;
  readonly a: Float64Array;
  readonly d: Float64Array;
  readonly s0: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly c0: Float64Array;
  readonly h: Float64Array;
}

/**
 * One fused EM pass: the log-likelihood at p, and p's EM update into out. With d_ic = y_i − μ_c and responsibilities
 * r_ic, the update is w_c = Σr/n, μ_c + Σ r d / Σ r, σ_c² = Σ r d² / Σ r − (Σ r d / Σ r)² (centred on the old mean,
 * so no cancellation once the means settle).
 */
function pass(y: Float64Array, p: Float64Array, out: Float64Array, wk: Work): number {
  if (wk.K === 2) return pass2(y, p, out);
  const { K, a, d, s0, s1, s2, c0, h } = wk;
  const n = y.length;
  // a_c = log w_c − log σ_c − d²/(2σ²): the constant −½ log 2π is added once at the end.
  for (let c = 0; c < K; c++) {
    c0[c] = Math.log(p[c]) - Math.log(p[2 * K + c]);
    h[c] = 0.5 / (p[2 * K + c] * p[2 * K + c]);
    s0[c] = s1[c] = s2[c] = 0;
  }
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    let m = -Infinity;
    for (let c = 0; c < K; c++) {
      const dc = yi - p[K + c];
      d[c] = dc;
      const ac = c0[c] - h[c] * dc * dc;
      a[c] = ac;
      if (ac > m) m = ac;
    }
    let s = 0;
    for (let c = 0; c < K; c++) {
      const e = Math.exp(a[c] - m);
      a[c] = e;
      s += e;
    }
    ll += m + Math.log(s);
    const inv = 1 / s;
    for (let c = 0; c < K; c++) {
      const r = a[c] * inv;
      const rd = r * d[c];
      s0[c] += r;
      s1[c] += rd;
      s2[c] += rd * d[c];
    }
  }
  for (let c = 0; c < K; c++) {
    const shift = s1[c] / s0[c];
    out[c] = s0[c] / n;
    out[K + c] = p[K + c] + shift;
    out[2 * K + c] = Math.sqrt(Math.max(0, s2[c] / s0[c] - shift * shift));
  }
  return ll - 0.5 * LOG_2PI * n;
}

/**
 * pass for K = 2 with scalars: one exp a row, as ℓ_i = max(a_1, a_2) + log(1 + e), e = exp(−|a_1 − a_2|), and the
 * responsibilities 1/(1 + e), e/(1 + e) for the larger and smaller term.
 */
function pass2(y: Float64Array, p: Float64Array, out: Float64Array): number {
  const n = y.length;
  const mu1 = p[2];
  const mu2 = p[3];
  const c1 = Math.log(p[0]) - Math.log(p[4]);
  const c2 = Math.log(p[1]) - Math.log(p[5]);
  const h1 = 0.5 / (p[4] * p[4]);
  const h2 = 0.5 / (p[5] * p[5]);
  let s01 = 0,
    s11 = 0,
    s21 = 0,
    s02 = 0,
    s12 = 0,
    s22 = 0,
    ll = 0,
    prod = 1;
  for (let i = 0; i < n; i++) {
    const d1 = y[i] - mu1;
    const d2 = y[i] - mu2;
    const a1 = c1 - h1 * d1 * d1;
    const a2 = c2 - h2 * d2 * d2;
    // Both from the one exp (not r2 = 1 − r1, which would round a tiny responsibility to 0).
    let r1: number, r2: number;
    if (a1 >= a2) {
      const e = Math.exp(a2 - a1);
      const t = 1 + e;
      ll += a1;
      prod *= t;
      r1 = 1 / t;
      r2 = e * r1;
    } else {
      const e = Math.exp(a1 - a2);
      const t = 1 + e;
      ll += a2;
      prod *= t;
      r2 = 1 / t;
      r1 = e * r2;
    }
    // Σ log(1 + e_i) as the log of 32-row products (each factor in [1, 2], so no overflow): a log per 32 rows.
    if ((i & 31) === 31) {
      ll += Math.log(prod);
      prod = 1;
    }
    const rd1 = r1 * d1;
    const rd2 = r2 * d2;
    s01 += r1;
    s11 += rd1;
    s21 += rd1 * d1;
    s02 += r2;
    s12 += rd2;
    s22 += rd2 * d2;
  }
  ll += Math.log(prod);
  const m1 = s11 / s01;
  const m2 = s12 / s02;
  out[0] = s01 / n;
  out[1] = s02 / n;
  out[2] = mu1 + m1;
  out[3] = mu2 + m2;
  out[4] = Math.sqrt(Math.max(0, s21 / s01 - m1 * m1));
  out[5] = Math.sqrt(Math.max(0, s22 / s02 - m2 * m2));
  // NaN (an invalid start) propagates: a1 ≥ a2 is false, so ll picks up NaN through a2.
  return ll - 0.5 * LOG_2PI * n;
}

const toFree = (K: number, p: Float64Array, q: Float64Array): void => {
  for (let c = 1; c < K; c++) q[c - 1] = Math.log(p[c] / p[0]);
  for (let c = 0; c < K; c++) {
    q[K - 1 + c] = p[K + c];
    q[2 * K - 1 + c] = Math.log(p[2 * K + c]);
  }
};

const fromFree = (K: number, q: Float64Array, p: Float64Array): void => {
  let m = 0;
  for (let c = 1; c < K; c++) m = Math.max(m, q[c - 1]);
  let s = Math.exp(-m);
  for (let c = 1; c < K; c++) s += Math.exp(q[c - 1] - m);
  p[0] = Math.exp(-m) / s;
  for (let c = 1; c < K; c++) p[c] = Math.exp(q[c - 1] - m) / s;
  for (let c = 0; c < K; c++) {
    p[K + c] = q[K - 1 + c];
    p[2 * K + c] = Math.exp(q[2 * K - 1 + c]);
  }
};

/** The packed state of theta, and theta with a packed state written in. */
function pack(pr: EmProblem, theta: Float64Array, p: Float64Array): void {
  const K = pr.comps.length;
  weightsOf(pr, theta).forEach((w, c) => (p[c] = w));
  pr.comps.forEach((c, k) => {
    p[K + k] = theta[(c.args[0] as { param: number }).param];
    p[2 * K + k] = theta[(c.args[1] as { param: number }).param];
  });
}

function unpack(pr: EmProblem, p: Float64Array, theta: Float64Array): Float64Array {
  const K = pr.comps.length;
  const out = Float64Array.from(theta);
  setWeights(pr, out, Array.from(p.subarray(0, K)));
  pr.comps.forEach((c, k) => {
    out[(c.args[0] as { param: number }).param] = p[K + k];
    out[(c.args[1] as { param: number }).param] = p[2 * K + k];
  });
  return out;
}

/**
 * EM from theta (already past its first M step when the start was a split) until one plain EM step raises the
 * log-likelihood by less than tol·(1 + |ℓ|), at maxiter passes over the rows, or on a degenerate component. Each cycle
 * takes two EM steps p0 → p1 → p2, steps to p0 − 2αr + α²v (r = p1 − p0, v = p2 − 2p1 + p0, α = −|r|/|v| ≤ −1, on
 * the free scale) and keeps that point's EM update only if the likelihood there is at least ℓ(p1); else p2. The
 * likelihood thus never falls, as in plain EM, and a collapse is only ever reported from a plain EM step. `joined`
 * (asked after every cycle) stops the run early once it is next to a maximum another start already reached.
 */
export function normalEmRun(
  pr: EmProblem,
  theta0: Float64Array,
  opts: { readonly maxiter: number; readonly tol: number },
  joined?: (theta: Float64Array) => boolean,
): EmRun {
  const K = pr.comps.length;
  const M = 3 * K;
  const F = 3 * K - 1;
  const wk: Work = {
    K,
    a: new Float64Array(K),
    d: new Float64Array(K),
    s0: new Float64Array(K),
    s1: new Float64Array(K),
    s2: new Float64Array(K),
    c0: new Float64Array(K),
    h: new Float64Array(K),
  };
  const [p0, p1, p2, px, q0, q1, q2, qx] = [M, M, M, M, F, F, F, F].map((m) => new Float64Array(m));
  pack(pr, theta0, p0);
  let passes = 0;
  // collapsed()'s tests on the packed state, so the common case builds no theta (its message when one fails).
  const n = pr.y.length;
  const floor = 1e-6 * pr.spread;
  const suspect = (p: Float64Array): boolean => {
    for (let c = 0; c < K; c++) if (!(p[c] * n >= 1e-6) || !(p[2 * K + c] > floor)) return true;
    return false;
  };
  const degenerate = (p: Float64Array, ll: number): EmRun | undefined => {
    const bad = suspect(p);
    if (!bad && Number.isFinite(ll)) return undefined;
    const theta = unpack(pr, p, theta0);
    const why = bad ? collapsed(pr, theta) : undefined;
    if (why) return { theta, logLik: NaN, iterations: passes, degenerate: why };
    if (!Number.isFinite(ll))
      return { theta, logLik: ll, iterations: passes, degenerate: 'the likelihood degenerated' };
    return undefined;
  };
  const start = degenerate(p0, 0);
  if (start) return start;
  let stepMax = 1;
  while (passes < opts.maxiter) {
    const l0 = pass(pr.y, p0, p1, wk);
    passes++;
    const bad0 = degenerate(p1, l0);
    if (bad0) return bad0;
    const l1 = pass(pr.y, p1, p2, wk);
    passes++;
    const bad1 = degenerate(p2, l1);
    if (bad1) return bad1;
    if (l1 - l0 <= opts.tol * (1 + Math.abs(l1)))
      return { theta: unpack(pr, p1, theta0), logLik: l1, iterations: passes };
    // Climbing into the basin of a maximum already found: its end point is that maximum's (the caller shares it).
    if (joined) {
      const theta = unpack(pr, p2, theta0);
      if (joined(theta)) return { theta, logLik: l1, iterations: passes };
    }
    toFree(K, p0, q0);
    toFree(K, p1, q1);
    toFree(K, p2, q2);
    let rr = 0;
    let vv = 0;
    for (let j = 0; j < F; j++) {
      const r = q1[j] - q0[j];
      const v = q2[j] - 2 * q1[j] + q0[j];
      rr += r * r;
      vv += v * v;
    }
    // The step length, capped by stepMax: the cap grows fourfold each time it binds and the step is kept, and
    // shrinks when a capped step is refused (SQUAREM's global step-length control).
    const raw = Math.sqrt(rr / vv);
    const alpha = -Math.min(raw, stepMax);
    if (!(alpha < -1) || passes >= opts.maxiter) {
      // α = −1 is p2 itself, the plain EM step (always kept).
      if (raw >= stepMax) stepMax *= 4;
      p0.set(p2);
      continue;
    }
    for (let j = 0; j < F; j++) {
      const r = q1[j] - q0[j];
      const v = q2[j] - 2 * q1[j] + q0[j];
      qx[j] = q0[j] - 2 * alpha * r + alpha * alpha * v;
    }
    fromFree(K, qx, px);
    // The extrapolated point's likelihood comes with its EM update (the stabilising step); kept only if it is no
    // worse than p0's, so the likelihood never falls (F(px) is at least as good as px). (Halving a refused step
    // towards p2 and trying again, as SQUAREM can, cost more passes than it saved here.)
    const lx = suspect(px) && collapsed(pr, unpack(pr, px, theta0)) ? -Infinity : (passes++, pass(pr.y, px, p0, wk));
    const kept = lx >= l0 && !degenerate(p0, lx);
    if (raw >= stepMax) stepMax = kept ? stepMax * 4 : Math.max(1, stepMax / 4);
    if (!kept) p0.set(p2);
  }
  return { theta: unpack(pr, p0, theta0), logLik: NaN, iterations: passes };
}
