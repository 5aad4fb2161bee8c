// Shared by the registry-driven derivative tests: one point's value and packed partials, their finite-difference
// check, and arguments perturbed near a family's example.

import assert from 'node:assert/strict';
import { makeOut, tri, type DistOut, type Family } from '../../server/src/engine/distributions/types.ts';
import { UNARY } from '../../server/src/engine/eval/functions.ts';

/** A density or tail packed like DistImpl.logpdf: x[0] is y, x[1..] the arguments. */
export type PackedFn = (len: number, x: readonly Float64Array[], order: 0 | 1 | 2, out: DistOut) => void;

export interface PointPartials {
  readonly lp: number;
  readonly d1: readonly number[];
  d2(a: number, b: number): number;
}

/** Value, first and second partials of `fn` at the single point x = [y, args…]. */
export function pointPartials(fn: PackedFn, x: readonly number[]): PointPartials {
  const K = x.length;
  const out = makeOut(K, 1);
  fn(
    1,
    x.map((v) => Float64Array.of(v)),
    2,
    out,
  );
  return { lp: out.lp[0], d1: out.d1.map((a) => a[0]), d2: (a: number, b: number) => out.d2[tri(a, b, K)][0] };
}

/**
 * Every first and second partial of `fn` at x against central differences (step 1e-5 relative, floor 1e-3), within
 * `tol` relative to max(1, |difference|); indices in `skip` are not differentiated.
 */
export function checkPartials(
  fn: PackedFn,
  x: readonly number[],
  label: string,
  tol: { readonly d1: number; readonly d2: number },
  skip: ReadonlySet<number> = new Set(),
): void {
  const base = pointPartials(fn, x);
  assert.ok(Number.isFinite(base.lp), `${label}: lp not finite at ${JSON.stringify(x)}`);
  for (let a = 0; a < x.length; a++) {
    if (skip.has(a)) continue;
    const h = 1e-5 * Math.max(Math.abs(x[a]), 1e-3);
    const up = x.slice();
    up[a] += h;
    const dn = x.slice();
    dn[a] -= h;
    const U = pointPartials(fn, up);
    const D = pointPartials(fn, dn);
    const fd = (U.lp - D.lp) / (2 * h);
    assert.ok(
      Math.abs(fd - base.d1[a]) <= tol.d1 * Math.max(1, Math.abs(fd)),
      `${label} at ${JSON.stringify(x)}: d/dx${a} = ${base.d1[a]}, finite difference ${fd}`,
    );
    for (let b = 0; b < x.length; b++) {
      if (skip.has(b)) continue;
      const fd2 = (U.d1[b] - D.d1[b]) / (2 * h);
      assert.ok(
        Math.abs(fd2 - base.d2(a, b)) <= tol.d2 * Math.max(1, Math.abs(fd2)),
        `${label} at ${JSON.stringify(x)}: d2/dx${a}dx${b} = ${base.d2(a, b)}, finite difference ${fd2}`,
      );
    }
  }
}

/** Arguments near the family's example: shifted on the scale of each argument's domain (data arguments kept). */
export function perturb(f: Family, rand: () => number): number[] {
  return f.example.map((v, j) => {
    const u = rand() - 0.5;
    switch (f.args[j].domain) {
      case 'real':
        return v + u;
      case 'positive':
        return v * Math.exp(0.6 * u);
      case 'probability':
        return UNARY.logistic.f(Math.log(v / (1 - v)) + u);
      default:
        return v;
    }
  });
}
