// A generated log-linear (Poisson-form) pass for a fixed column count: score and information in register locals.
//
// The generic GLM kernel (solvers/glm-pass.ts) adds every row's w·x·xᵀ into a typed array, a load and a store per
// entry; with the column count known the loop is unrolled and the sums live in locals (3× faster on 1M × 12). The
// source is built only from this module's fixed fragments and integer indices (the invariant of emit.ts).

import { generatedFunction } from './emit.ts';
import { compilerEnabled } from './switch.ts';

/**
 * Rows [from, to) of the design given as q columns C at coefficients b: η = x·b, μ = e^η; returns Σ y·η − μ and adds
 * Σ x·(y − μ) to g and (unless score-only) Σ μ·x·xᵀ to H's upper triangle (row-major, stride q), as
 * glmPass(FAMILY_LOG) does in blocks of rows. The data's own columns are read in place (twelve sequential streams),
 * so no n × q matrix is built; unrolled for q, the sums stay in locals.
 */
export type LogLinearPass = (
  C: readonly Float64Array[],
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
  for (const j of cols) L.push(`let g${j} = 0; const c${j} = b[${j}]; const C${j} = C[${j}];`);
  if (info) for (const [j, k] of pairs) L.push(`let h${j}_${k} = 0;`);
  L.push(`for (let i = from; i < to; i++) {`);
  for (const j of cols) L.push(`const x${j} = C${j}[i];`);
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
 * The pass for q columns (score-only with info = false: H is not touched): generated once per shape, or the
 * interpreted loop below when the compiler is switched off.
 */
export function logLinearPass(q: number, info = true): LogLinearPass {
  if (!compilerEnabled() || q > 64) return (C, y, b, from, to, g, H) => interpretedPass(C, y, b, from, to, g, H, info);
  const key = `${q}:${info}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = generatedFunction(['C', 'y', 'b', 'from', 'to', 'g', 'H'], logLinearSource(q, info)) as LogLinearPass;
    cache.set(key, fn);
  }
  return fn;
}

/** The same sums by plain loops over the columns (what the generated code unrolls). */
function interpretedPass(
  C: readonly Float64Array[],
  y: Float64Array,
  b: Float64Array,
  from: number,
  to: number,
  g: Float64Array,
  H: Float64Array,
  info: boolean,
): number {
  const q = C.length;
  let v = 0;
  for (let i = from; i < to; i++) {
    let e = 0;
    for (let j = 0; j < q; j++) e += C[j][i] * b[j];
    const m = Math.exp(e);
    const t = y[i];
    v += t * e - m;
    const u = t - m;
    for (let j = 0; j < q; j++) {
      const xj = C[j][i];
      g[j] += xj * u;
      if (!info) continue;
      const w = m * xj;
      for (let k = j; k < q; k++) H[j * q + k] += w * C[k][i];
    }
  }
  return v;
}
