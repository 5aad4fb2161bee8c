// A generated log-linear (Poisson-form) pass for a fixed column count: score and information in register locals.
//
// The generic GLM kernel (solvers/glm-pass.ts) adds every row's w·x·xᵀ into a typed array, a load and a store per
// entry; with the column count known the loop is unrolled and the sums live in locals (3× faster on 1M × 12). The
// source is built only from this module's fixed fragments and integer indices (the invariant of emit.ts).

import { generatedFunction } from './emit.ts';
import { compilerEnabled } from './switch.ts';
import { anyPass, FAMILY_LOG } from '../solvers/glm-pass.ts';

/**
 * Rows [from, to) of a row-major n × q design X at coefficients b: η = x·b, μ = e^η; returns Σ y·η − μ and adds
 * Σ x·(y − μ) to g and (unless score-only) Σ μ·x·xᵀ to H's upper triangle (row-major, stride q), as
 * glmPass(FAMILY_LOG) does.
 */
export type LogLinearPass = (
  X: Float64Array,
  y: Float64Array,
  b: Float64Array,
  from: number,
  to: number,
  g: Float64Array,
  H: Float64Array,
) => number;

const cache = new Map<string, LogLinearPass>();

/** The source of the q-column pass, with or without the information (exported for the safety test of its words). */
export function logLinearSource(q: number, info = true): string {
  const cols = Array.from({ length: q }, (_, j) => j);
  const pairs: [number, number][] = [];
  for (const j of cols) for (let k = j; k < q; k++) pairs.push([j, k]);
  const L: string[] = [];
  L.push('let v = 0;');
  for (const j of cols) L.push(`let g${j} = 0; const c${j} = b[${j}];`);
  if (info) for (const [j, k] of pairs) L.push(`let h${j}_${k} = 0;`);
  L.push(`for (let i = from; i < to; i++) {`, `const r = i * ${q};`);
  for (const j of cols) L.push(`const x${j} = X[r + ${j}];`);
  L.push(`const e = ${cols.map((j) => `x${j} * c${j}`).join(' + ')};`);
  L.push('const m = Math.exp(e);', 'const t = y[i];', 'v += t * e - m;', 'const u = t - m;');
  for (const j of cols) {
    L.push(`g${j} += x${j} * u;`);
    if (!info) continue;
    L.push(`const w${j} = m * x${j};`);
    for (let k = j; k < q; k++) L.push(`h${j}_${k} += w${j} * x${k};`);
  }
  L.push('}');
  for (const j of cols) L.push(`g[${j}] += g${j};`);
  if (info) for (const [j, k] of pairs) L.push(`H[${j * q + k}] += h${j}_${k};`);
  L.push('return v;');
  return L.join('\n');
}

/**
 * The pass for q columns (score-only with info = false: H is not touched): generated once per shape, or the generic
 * kernel when the compiler is switched off.
 */
export function logLinearPass(q: number, info = true): LogLinearPass {
  if (!compilerEnabled() || q > 64)
    return (X, y, b, from, to, g, H) => {
      // The generic kernel computes the score only together with the information: a scratch H for score-only.
      const h = info ? H : new Float64Array(q * q);
      return anyPass(FAMILY_LOG, X, q, undefined, 0, q, ZERO(to), y, undefined, b, from, to, g, h, true, EXT);
    };
  const key = `${q}:${info}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = generatedFunction(['X', 'y', 'b', 'from', 'to', 'g', 'H'], logLinearSource(q, info)) as LogLinearPass;
    cache.set(key, fn);
  }
  return fn;
}

const EXT = new Int32Array(1);
let zeros = new Float64Array(0);
/** A zero offset at least `n` long (the generic kernel reads one per row). */
const ZERO = (n: number): Float64Array => (zeros.length >= n ? zeros : (zeros = new Float64Array(n)));
