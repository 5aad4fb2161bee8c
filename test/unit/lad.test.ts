// The exact L1 solver against brute force: the LAD optimum is at a vertex (p zero residuals), so the least Σ|r|
// over every p-row basis is the answer; integer data with ties exercise degenerate vertices.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leastAbsoluteDeviations } from '../../server/src/engine/solvers/lad.ts';
import { invertDense } from '../../server/src/engine/solvers/dense-lu.ts';

let seed = 11;
const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

function bruteForce(cols: Float64Array[], y: Float64Array): number {
  const p = cols.length;
  const n = y.length;
  let best = Infinity;
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === p) {
      const XB = new Float64Array(p * p);
      chosen.forEach((i, k) => cols.forEach((c, j) => (XB[k * p + j] = c[i])));
      const inv = invertDense(XB, p);
      if (!inv) return;
      const beta = Array.from({ length: p }, (_, j) => chosen.reduce((s, i, k) => s + inv[j * p + k] * y[i], 0));
      let sad = 0;
      for (let i = 0; i < n; i++) sad += Math.abs(y[i] - cols.reduce((s, c, j) => s + c[i] * beta[j], 0));
      best = Math.min(best, sad);
      return;
    }
    for (let i = start; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return best;
}

test('LAD equals the brute-force vertex minimum on 200 small problems with ties (p = 2–4), with a certificate', () => {
  for (let rep = 0; rep < 200; rep++) {
    const n = 9 + (rep % 5);
    const p = 2 + (rep % 3);
    const cols = [
      new Float64Array(n).fill(1),
      ...Array.from({ length: p - 1 }, () => Float64Array.from({ length: n }, () => Math.floor(5 * u()))),
    ];
    const y = Float64Array.from({ length: n }, (_, i) => Math.floor(4 * u()) + cols[1][i]);
    const fit = leastAbsoluteDeviations(cols, y);
    const brute = bruteForce(cols, y);
    const input = `x = ${cols.map((c) => `[${Array.from(c)}]`).join(' ')}, y = [${Array.from(y)}]`;
    if (!fit) {
      // Only a rank-deficient design may be declined.
      assert.equal(brute, Infinity, `declined a full-rank problem: ${input}`);
      continue;
    }
    assert.ok(fit.optimal && fit.kkt <= 1e-9, `no certificate (kkt ${fit.kkt}): ${input}`);
    assert.ok(
      Math.abs(fit.sad - brute) <= 1e-9 * Math.max(1, brute),
      `Σ|r| ${fit.sad} vs brute force ${brute}: ${input}`,
    );
    if (fit.alternative) {
      let sad = 0;
      for (let i = 0; i < n; i++) sad += Math.abs(y[i] - cols.reduce((s, c, j) => s + c[i] * fit.alternative![j], 0));
      assert.ok(Math.abs(sad - brute) <= 1e-9 * Math.max(1, brute), `the named alternative is not optimal: ${input}`);
    }
  }
});

test('one column: the median, with the flat interval between the middle values for even n', () => {
  const one = (ys: number[]) => leastAbsoluteDeviations([new Float64Array(ys.length).fill(1)], Float64Array.from(ys))!;
  assert.equal(one([3, 1, 2]).coef[0], 2);
  assert.equal(one([3, 1, 2]).nonunique, false);
  const even = one([4, 1, 3, 2]);
  assert.equal(even.coef[0], 2.5);
  assert.deepEqual(even.interval, [2, 3]);
  assert.equal(even.nonunique, true);
  assert.equal(one([1, 2, 2, 3]).nonunique, false);
});
