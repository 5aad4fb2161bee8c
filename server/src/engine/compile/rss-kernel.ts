// Compiles a mean expression into one fused loop that sums what a Newton step on RSS/2 needs: Σr², Σ r·∂m, Σ ∂m∂mᵀ and
// Σ r·∂²m (r = mean − y) over all rows, with no per-row buffers and no pass through the likelihood program.

import type { Slot } from '../eval/slots.ts';
import { Unsupported, generatedFunction, powPartials } from './emit.ts';
import { meanCode } from './mean-code.ts';

/**
 * Sums over the rows at natural-scale θ into `out` (length 1 + R + R(R+1)): out[0] = Σr², then Σ r·∂m/∂θ[cols[a]]
 * (R entries), then the packed upper triangles (a ≤ b, row by row) of Σ ∂m_a·∂m_b and of Σ r·∂²m_ab. Returns false
 * when a residual is not finite (the sums are then meaningless).
 */
export type RssFn = (theta: Float64Array, out: Float64Array) => boolean;

/** Undefined where the compiler does not support the graph (the caller evaluates the likelihood program instead). */
export function rssKernel(
  slots: readonly Slot[],
  mean: Slot,
  y: Slot,
  cols: readonly number[],
  n: number,
): { fn: RssFn; source: string } | undefined {
  try {
    const { e, params, values, derivs, mean: dm } = meanCode(slots, mean, y, 2);
    const R = cols.length;
    const pos = cols.map((j) => mean.deps.indexOf(j));
    const d = (a: number): string | null => (pos[a] < 0 ? null : dm.d[pos[a]]);
    const h = (a: number, b: number): string | null =>
      pos[a] < 0 || pos[b] < 0 || mean.linear ? null : (dm.h[mean.pair[pos[a] * mean.m + pos[b]]] ?? null);
    // Accumulator names (sq…) are disjoint from the emitter's (v, d, h, x, c, F, fa…, pa…, ib, we, ue, D…, q, w, u, …).
    const decl: string[] = ['let sqS = 0;'];
    const acc: string[] = ['sqS += res * res;'];
    const store: string[] = ['out[0] = sqS;'];
    for (let a = 0; a < R; a++) {
      decl.push(`let sqG${a} = 0;`);
      const da = d(a);
      if (da !== null) acc.push(`sqG${a} += res * (${da});`);
      store.push(`out[${1 + a}] = sqG${a};`);
    }
    let k = 0;
    const T = (R * (R + 1)) / 2;
    for (let a = 0; a < R; a++)
      for (let b = a; b < R; b++, k++) {
        decl.push(`let sqJ${k} = 0;`, `let sqH${k} = 0;`);
        const da = d(a);
        const db = d(b);
        if (da !== null && db !== null) acc.push(`sqJ${k} += (${da}) * (${db});`);
        const hab = h(a, b);
        if (hab !== null) acc.push(`sqH${k} += res * (${hab});`);
        store.push(`out[${1 + R + k}] = sqJ${k};`, `out[${1 + R + T + k}] = sqH${k};`);
      }
    const body = [
      'const BP = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };',
      'return function rss(th, out) {',
      ...[...params].map((j) => `const th${j} = th[${j}];`),
      'let bad = false;',
      ...decl,
      `for (let i = 0; i < ${n}; i++) {`,
      ...values,
      `const res = ${e.value(mean)} - ${e.value(y)};`,
      'if (!Number.isFinite(res)) bad = true;',
      ...derivs,
      ...acc,
      '}',
      ...store,
      'return !bad;',
      '};',
    ].join('\n');
    const source = `'use strict';\n${e.prelude()}\n${body}`;
    // Built only from emit.ts's fragments, synthetic names and integers (see emit.ts).
    const fn = generatedFunction(['IN', 'POW'], source)(e.inputs, powPartials) as RssFn;
    return { fn, source };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
