// Nelder–Mead simplex search (derivative-free; for rough or non-smooth objectives such as Laplace's median).

import type { Objective, OptimizeOptions, OptimizeResult } from './types.ts';

export function nelderMead(fn: Objective, u0: Float64Array, opts: OptimizeOptions): OptimizeResult {
  const n = u0.length;
  const g = new Float64Array(n);
  const H = new Float64Array(0);
  const f = (x: Float64Array): number => {
    const v = fn(x, 0, g, H);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [Float64Array.from(u0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(u0);
    p[i] += u0[i] !== 0 ? 0.1 * Math.abs(u0[i]) + 0.05 : 0.25;
    pts.push(p);
  }
  let vals = pts.map(f);
  const maxEval = Math.max(2000, opts.maxiter * 50 * n);
  let evals = n + 1;
  let it = 0;
  while (evals < maxEval) {
    it++;
    const order = vals.map((v, i) => i).sort((a, b) => vals[a] - vals[b]);
    const P = order.map((i) => pts[i]);
    const V = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...P);
    vals = V;
    const spread = Math.abs(vals[n] - vals[0]);
    let size = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(pts[i][j] - pts[0][j]));
    if (spread <= 1e-12 * (1 + Math.abs(vals[0])) && size <= 1e-9 * (1 + Math.max(...Array.from(pts[0], Math.abs)))) {
      return { u: pts[0], f: vals[0], iterations: it, converged: true, reason: 'simplex collapsed' };
    }
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] += pts[i][j] / n;
    const at = (t: number): Float64Array => Float64Array.from(c, (x, j) => x + t * (pts[n][j] - x));
    const r = at(-1);
    const fr = f(r);
    evals++;
    if (fr < vals[0]) {
      const e = at(-2);
      const fe = f(e);
      evals++;
      if (fe < fr) {
        pts[n] = e;
        vals[n] = fe;
      } else {
        pts[n] = r;
        vals[n] = fr;
      }
    } else if (fr < vals[n - 1]) {
      pts[n] = r;
      vals[n] = fr;
    } else {
      const k = fr < vals[n] ? at(-0.5) : at(0.5);
      const fk = f(k);
      evals++;
      if (fk < Math.min(fr, vals[n])) {
        pts[n] = k;
        vals[n] = fk;
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = Float64Array.from(pts[i], (x, j) => pts[0][j] + 0.5 * (x - pts[0][j]));
          vals[i] = f(pts[i]);
          evals++;
        }
      }
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  return {
    u: pts[best],
    f: vals[best],
    iterations: it,
    converged: false,
    reason: `stopped after ${maxEval} evaluations`,
  };
}
