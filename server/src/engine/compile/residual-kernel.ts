// Compiles a mean expression into one fused loop over all rows: residuals mean − y and, when asked, the Jacobian
// columns ∂mean/∂θ (for least squares), with no per-chunk buffers.

import type { Slot } from '../eval/slots.ts';
import { Unsupported, powPartials } from './emit.ts';
import { reusedKernel } from './kernel-cache.ts';
import { meanCode } from './mean-code.ts';

/**
 * Fills r[i] = mean_i − y_i for every row and, with J, J[a][i] = ∂mean_i/∂θ[cols[a]] · scale[a] (0 for a parameter the
 * mean does not involve). Returns false when a residual is not finite.
 */
export type ResidualFn = (
  theta: Float64Array,
  r: Float64Array,
  J: Float64Array[] | undefined,
  scale: Float64Array,
) => boolean;

/**
 * `slots` are the parameter-dependent slots of [mean, y] in topological order; `cols` the parameter of each Jacobian
 * column. Undefined where the compiler does not support the graph (the caller interprets).
 */
export function residualKernel(
  slots: readonly Slot[],
  mean: Slot,
  y: Slot,
  cols: readonly number[],
  n: number,
): { fn: ResidualFn; source: string } | undefined {
  try {
    const { e, params, values, derivs, mean: m } = meanCode(slots, mean, y, 1);
    const dm = m.d;
    const jac = cols.map((j, a) => {
      const p = mean.deps.indexOf(j);
      const d = p < 0 ? null : dm[p];
      return `J${a}[i] = ${d === null ? '0' : d === '1' ? `s${a}` : `(${d}) * s${a}`};`;
    });
    const body = [
      'const BP = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };',
      'return function residuals(th, r, J, scale) {',
      ...[...params].map((j) => `const th${j} = th[${j}];`),
      ...cols.map((_, a) => `const s${a} = scale[${a}];`),
      'let bad = false;',
      'if (J) {',
      ...cols.map((_, a) => `const J${a} = J[${a}];`),
      `for (let i = 0; i < ${n}; i++) {`,
      ...values,
      `const res = ${e.value(mean)} - ${e.value(y)};`,
      'if (!Number.isFinite(res)) bad = true;',
      'r[i] = res;',
      ...derivs,
      ...jac,
      '}',
      '} else {',
      `for (let i = 0; i < ${n}; i++) {`,
      ...values,
      `const res = ${e.value(mean)} - ${e.value(y)};`,
      'if (!Number.isFinite(res)) bad = true;',
      'r[i] = res;',
      '}',
      '}',
      'return !bad;',
      '};',
    ].join('\n');
    const source = `'use strict';\n${e.prelude()}\n${body}`;
    // Built only from emit.ts's fragments, synthetic names and integers (see emit.ts).
    const fn = reusedKernel(['POW'], source, e.inputs, [powPartials]) as ResidualFn;
    return { fn, source };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
