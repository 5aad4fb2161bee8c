// The blocked linear-model passes (gram-pass.ts) against plain row-by-row sums (the reference), over every remainder
// of the unrolling (three rows by two columns, two columns: p = 1…8) and of the 256-row blocks, from mid-block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gramPass, residualPass } from '../../server/src/engine/solvers/gram-pass.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';

function columns(p: number, n: number, seed: number): Float64Array[] {
  const u = rng(seed);
  return Array.from({ length: p }, () => Float64Array.from({ length: n }, () => u() * 4 - 2));
}

const close = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b)), `${what}: blocked ${a} vs reference ${b}`);

for (const p of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`gramPass: upper triangle of XᵀX over rows [37, 1000), p = ${p}`, () => {
    const n = 1000;
    const from = 37;
    const cols = columns(p, n, 11 + p);
    const P = p + 2; // a wider stride, as when the Gram matrix is a block of a larger one
    const G = new Float64Array(P * P).fill(0.5);
    gramPass(cols, from, n, G, P);
    for (let j = 0; j < p; j++)
      for (let k = 0; k < P; k++) {
        let s = 0.5;
        if (k >= j && k < p) for (let i = from; i < n; i++) s += cols[j][i] * cols[k][i];
        close(G[j * P + k], s, `p = ${p}, G[${j}][${k}]`);
      }
  });

  test(`residualPass: Σr² and Xᵀr of r = y − Xb over rows [300, 777), p = ${p}`, () => {
    const n = 777;
    const from = 300;
    const cols = columns(p, n, 40 + p);
    const y = columns(1, n, 99)[0];
    const coef = Float64Array.from({ length: p }, (_, j) => 0.3 * j - 0.4);
    const xr = new Float64Array(p).fill(1);
    const rss = residualPass(cols, y, coef, from, n, xr);
    let want = 0;
    const wantXr = new Float64Array(p).fill(1);
    for (let i = from; i < n; i++) {
      let r = y[i];
      for (let j = 0; j < p; j++) r -= coef[j] * cols[j][i];
      want += r * r;
      for (let j = 0; j < p; j++) wantXr[j] += cols[j][i] * r;
    }
    close(rss, want, `p = ${p}, rss`);
    for (let j = 0; j < p; j++) close(xr[j], wantXr[j], `p = ${p}, (Xᵀr)[${j}]`);
  });
}
