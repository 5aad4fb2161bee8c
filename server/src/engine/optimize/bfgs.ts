// BFGS and limited-memory BFGS with a backtracking Armijo line search, on the free scale, gradient only.

import type { Objective, OptimizeOptions, OptimizeResult } from './types.ts';
import { progressIteration } from './progress.ts';

/** Line search along d from u (f, g known): Armijo backtracking; returns the accepted step length or 0. */
function lineSearch(
  fn: Objective,
  u: Float64Array,
  f: number,
  g: Float64Array,
  d: Float64Array,
  out: Float64Array,
  gOut: Float64Array,
  H: Float64Array,
): { t: number; f: number } {
  let slope = 0;
  for (let i = 0; i < u.length; i++) slope += g[i] * d[i];
  if (!(slope < 0)) return { t: 0, f };
  let t = 1;
  for (let k = 0; k < 50; k++) {
    for (let i = 0; i < u.length; i++) out[i] = u[i] + t * d[i];
    const fNew = fn(out, 1, gOut, H);
    if (Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope) return { t, f: fNew };
    t *= 0.5;
  }
  return { t: 0, f };
}

/** Dense BFGS (inverse-Hessian update) when memory = 0, else L-BFGS with that many correction pairs. */
export function bfgs(fn: Objective, u0: Float64Array, opts: OptimizeOptions, memory = 0): OptimizeResult {
  const n = u0.length;
  const u = Float64Array.from(u0);
  const g = new Float64Array(n);
  const H0 = new Float64Array(0);
  let f = fn(u, 1, g, H0);
  if (!Number.isFinite(f))
    return { u, f, iterations: 0, converged: false, reason: 'the objective is not finite at the starting values' };
  const Hinv = memory === 0 ? new Float64Array(n * n) : undefined;
  if (Hinv) for (let i = 0; i < n; i++) Hinv[i * n + i] = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const d = new Float64Array(n);
  const un = new Float64Array(n);
  const gn = new Float64Array(n);
  for (let it = 1; it <= opts.maxiter * 5; it++) {
    progressIteration(it, -f);
    if (Hinv)
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s -= Hinv[i * n + j] * g[j];
        d[i] = s;
      }
    else twoLoop(g, S, Y, d);
    const ls = lineSearch(fn, u, f, g, d, un, gn, H0);
    if (ls.t === 0) {
      let gmax = 0;
      for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
      const ok = gmax <= 1e-6 * (1 + Math.abs(f));
      return {
        u,
        f,
        iterations: it,
        converged: ok,
        reason: ok ? 'no further decrease; gradient small' : 'the line search failed',
      };
    }
    const s = Float64Array.from(un, (x, i) => x - u[i]);
    const y = Float64Array.from(gn, (x, i) => x - g[i]);
    const fOld = f;
    u.set(un);
    g.set(gn);
    f = ls.f;
    let sy = 0;
    for (let i = 0; i < n; i++) sy += s[i] * y[i];
    if (sy > 1e-12) {
      if (Hinv) bfgsUpdate(Hinv, s, y, sy, n);
      else {
        S.push(s);
        Y.push(y);
        if (S.length > memory) {
          S.shift();
          Y.shift();
        }
      }
    }
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]) * Math.max(1, Math.abs(u[i])));
    if (gmax <= opts.tol * 100 * (1 + Math.abs(f)) || Math.abs(fOld - f) <= 1e-15 * (1 + Math.abs(f)))
      return { u, f, iterations: it, converged: true, reason: 'gradient below tolerance' };
  }
  return { u, f, iterations: opts.maxiter * 5, converged: false, reason: 'stopped at the iteration limit' };
}

function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): void {
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0;
    for (let j = 0; j < n; j++) a += H[i * n + j] * y[j];
    Hy[i] = a;
  }
  let yHy = 0;
  for (let i = 0; i < n; i++) yHy += y[i] * Hy[i];
  const rho = 1 / sy;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      H[i * n + j] += (1 + yHy * rho) * rho * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
    }
}

/** L-BFGS two-loop recursion: d = −H_k g from the stored pairs. */
function twoLoop(g: Float64Array, S: Float64Array[], Y: Float64Array[], d: Float64Array): void {
  const n = g.length;
  const q = Float64Array.from(g);
  const alpha = new Array<number>(S.length);
  for (let k = S.length - 1; k >= 0; k--) {
    let sy = 0,
      sq = 0;
    for (let i = 0; i < n; i++) {
      sy += S[k][i] * Y[k][i];
      sq += S[k][i] * q[i];
    }
    alpha[k] = sq / sy;
    for (let i = 0; i < n; i++) q[i] -= alpha[k] * Y[k][i];
  }
  let gamma = 1;
  if (S.length) {
    const k = S.length - 1;
    let sy = 0,
      yy = 0;
    for (let i = 0; i < n; i++) {
      sy += S[k][i] * Y[k][i];
      yy += Y[k][i] * Y[k][i];
    }
    gamma = sy / yy;
  }
  for (let i = 0; i < n; i++) q[i] *= gamma;
  for (let k = 0; k < S.length; k++) {
    let sy = 0,
      yq = 0;
    for (let i = 0; i < n; i++) {
      sy += S[k][i] * Y[k][i];
      yq += Y[k][i] * q[i];
    }
    const beta = yq / sy;
    for (let i = 0; i < n; i++) q[i] += S[k][i] * (alpha[k] - beta);
  }
  for (let i = 0; i < n; i++) d[i] = -q[i];
}
