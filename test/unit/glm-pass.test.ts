// The blocked IRLS kernel equals the textbook row-by-row sums (closed form per row) over a range crossing row blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glmPass, FAMILY_LOG, FAMILY_LOGIT } from '../../server/src/engine/solvers/glm-pass.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Σ over rows of the log-likelihood, score and information, one row at a time with the plain formulas. */
function naive(
  family: number,
  cols: Float64Array[],
  off: Float64Array,
  y: Float64Array,
  size: Float64Array | undefined,
  beta: Float64Array,
  from: number,
  to: number,
): { ll: number; g: number[]; H: number[][] } {
  const p = cols.length;
  const g = new Array<number>(p).fill(0);
  const H = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let ll = 0;
  for (let i = from; i < to; i++) {
    let eta = off[i];
    for (let q = 0; q < p; q++) eta += beta[q] * cols[q][i];
    const ni = size ? size[i] : 1;
    const mu = family === FAMILY_LOG ? Math.exp(eta) : (ni * 1) / (1 + Math.exp(-eta));
    const w = family === FAMILY_LOG ? mu : mu * (1 - mu / ni);
    ll += family === FAMILY_LOG ? y[i] * eta - mu : y[i] * eta - ni * Math.log(1 + Math.exp(eta));
    for (let j = 0; j < p; j++) {
      g[j] += cols[j][i] * (y[i] - mu);
      for (let k = 0; k < p; k++) H[j][k] += w * cols[j][i] * cols[k][i];
    }
  }
  return { ll, g, H };
}

test('glmPass equals the row-by-row sums (odd p, a range that starts and ends inside a row block)', () => {
  const r = lcg(5);
  const n = 700;
  const from = 13;
  const to = 690;
  for (const p of [1, 4, 5]) {
    const cols = Array.from({ length: p }, (_, q) => Float64Array.from({ length: n }, () => (q ? 2 * r() - 1 : 1)));
    const off = Float64Array.from({ length: n }, () => 0.2 * r());
    const beta = Float64Array.from({ length: p }, () => r() - 0.5);
    const size = Float64Array.from({ length: n }, () => 1 + Math.floor(4 * r()));
    const cases = [
      { family: FAMILY_LOGIT, size: undefined, y: Float64Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0)) },
      { family: FAMILY_LOGIT, size, y: size.map((s) => Math.floor(r() * (s + 1))) },
      { family: FAMILY_LOG, size: undefined, y: Float64Array.from({ length: n }, () => Math.floor(4 * r())) },
    ];
    for (const c of cases) {
      const g = new Float64Array(p);
      const H = new Float64Array(p * p);
      const ll = glmPass(c.family, cols, off, c.y, c.size, beta, from, to, g, H, true, new Int32Array(1));
      const ref = naive(c.family, cols, off, c.y, c.size, beta, from, to);
      const what = `p = ${p}, family ${c.family}, size ${c.size ? 'given' : 'none'}, beta ${Array.from(beta)}`;
      const near = (a: number, b: number, label: string): void =>
        assert.ok(Math.abs(a - b) <= 1e-11 * Math.max(1, Math.abs(b)), `${what} ${label}: ${a} vs ${b}`);
      near(ll, ref.ll, 'logLik');
      for (let j = 0; j < p; j++) near(g[j], ref.g[j], `g[${j}]`);
      for (let j = 0; j < p; j++) for (let k = j; k < p; k++) near(H[j * p + k], ref.H[j][k], `H[${j},${k}]`);
      // The value-only pass: the same log-likelihood, nothing added to g or H.
      const g0 = new Float64Array(p);
      near(glmPass(c.family, cols, off, c.y, c.size, beta, from, to, g0, H, false, new Int32Array(1)), ref.ll, 'll0');
      assert.ok(
        g0.every((v) => v === 0),
        what,
      );
    }
  }
});
