// Compiles a mean expression into one fused loop that sums what a Newton step on RSS/2 needs: Σr², Σ r·∂m, Σ ∂m∂mᵀ and
// Σ r·∂²m (r = mean − y) over all rows, with no per-row buffers and no pass through the likelihood program. Order 1
// (no Σ r·∂²m) is what a Gauss–Newton / Levenberg–Marquardt step needs: JᵀJ and Jᵀr without storing J.

import type { Slot } from '../eval/slots.ts';
import { Unsupported, powPartials } from './emit.ts';
import { reusedKernel } from './kernel-cache.ts';
import { meanCode } from './mean-code.ts';

/**
 * Sums over the rows at natural-scale θ into `out` (length 1 + R + R(R+1)): out[0] = Σr², then Σ r·∂m/∂θ[cols[a]]
 * (R entries), then the packed upper triangles (a ≤ b, row by row) of Σ ∂m_a·∂m_b and of Σ r·∂²m_ab (left 0 at
 * order 1). Returns false when a residual is not finite (the sums are then meaningless).
 */
export type RssFn = (theta: Float64Array, out: Float64Array) => boolean;

/** Undefined where the compiler does not support the graph (the caller evaluates the likelihood program instead). */
export function rssKernel(
  slots: readonly Slot[],
  mean: Slot,
  y: Slot,
  cols: readonly number[],
  n: number,
  order: 1 | 2 = 2,
): { fn: RssFn; source: string } | undefined {
  try {
    const { e, params, values, derivs, mean: dm } = meanCode(slots, mean, y, order);
    const R = cols.length;
    const pos = cols.map((j) => mean.deps.indexOf(j));
    const d = (a: number): string | null => (pos[a] < 0 ? null : dm.d[pos[a]]);
    const h = (a: number, b: number): string | null =>
      order < 2 || pos[a] < 0 || pos[b] < 0 || mean.linear ? null : (dm.h[mean.pair[pos[a] * mean.m + pos[b]]] ?? null);
    // The sums accumulate in `out` itself: with ~20 loop-carried locals starting at the integer 0 this loop measured
    // 2–3× slower than the residual loop on 100k rows (likely kept boxed by V8); typed-array slots stay raw doubles.
    const acc: string[] = ['out[0] += res * res;'];
    for (let a = 0; a < R; a++) {
      const da = d(a);
      if (da !== null) acc.push(`out[${1 + a}] += res * (${da});`);
    }
    let k = 0;
    const T = (R * (R + 1)) / 2;
    for (let a = 0; a < R; a++)
      for (let b = a; b < R; b++, k++) {
        const da = d(a);
        const db = d(b);
        if (da !== null && db !== null) acc.push(`out[${1 + R + k}] += (${da}) * (${db});`);
        const hab = h(a, b);
        if (hab !== null) acc.push(`out[${1 + R + T + k}] += res * (${hab});`);
      }
    const body = [
      'const BP = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };',
      'return function rss(th, out) {',
      ...[...params].map((j) => `const th${j} = th[${j}];`),
      'let bad = false;',
      `out.fill(0, 0, ${1 + R + 2 * T});`,
      `for (let i = 0; i < ${n}; i++) {`,
      ...values,
      `const res = ${e.value(mean)} - ${e.value(y)};`,
      'if (!Number.isFinite(res)) bad = true;',
      ...derivs,
      ...acc,
      '}',
      'return !bad;',
      '};',
    ].join('\n');
    const source = `'use strict';\n${e.prelude()}\n${body}`;
    // Built only from emit.ts's fragments, synthetic names and integers (see emit.ts).
    const fn = reusedKernel(['POW'], source, e.inputs, [powPartials]) as RssFn;
    return { fn, source };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
