// The fused Normal mixture (distributions/normal-mixture.ts): the generic mixture's values and partials to 1e-12,
// and finite differences, for K = 2 and 3, including a component with an invalid sigma and one that underflows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveDist } from '../../server/src/engine/distributions/index.ts';
import { genericMixture } from '../../server/src/engine/distributions/mixture.ts';
import { normal } from '../../server/src/engine/distributions/normal.ts';
import { makeOut } from '../../server/src/engine/distributions/types.ts';
import { checkPartials } from './partials.ts';

const spec = (K: number) => ({ name: 'Mixture', components: Array.from({ length: K }, () => ({ name: 'Normal' })) });

// x = [y, w1…w(K−1), mu1, s1, …]; rows: ordinary points, a far-away y (a responsibility underflows to 0).
const POINTS: Record<number, number[][]> = {
  2: [
    [1.3, 0.3, 0.8, 0.9, 2.2, 0.6],
    [-0.7, 0.85, -1, 2, 3, 0.4],
    [40, 0.5, 0, 1, 1, 3],
  ],
  3: [
    [1.3, 0.3, 0.25, 0.8, 0.9, -1, 1.7, 2.2, 0.6],
    [0.1, 0.1, 0.7, 0.8, 0.3, 0.2, 1.1, -2.2, 1.6],
    [-30, 0.2, 0.3, 0.8, 0.9, -1, 1.7, 2.2, 0.6],
  ],
};

for (const K of [2, 3]) {
  test(`fused Normal mixture K = ${K}: the generic mixture's values and partials, and finite differences`, () => {
    const fused = resolveDist(spec(K), 4)!;
    const generic = genericMixture(
      Array.from({ length: K }, () => normal),
      4,
    );
    assert.match(fused.name, /^Mixture\(Normal/);
    assert.notEqual(fused.logpdf, generic.logpdf, 'the fused form is in use');
    const rows = [...POINTS[K], POINTS[K][0].map((v, j) => (j === K + 1 ? -1 : v))]; // last: sigma1 < 0
    const W = rows[0].length;
    const x = Array.from({ length: W }, (_, j) => Float64Array.from(rows, (r) => r[j]));
    for (const order of [0, 1, 2] as const) {
      const a = makeOut(W, rows.length);
      const b = makeOut(W, rows.length);
      fused.logpdf(rows.length, x, order, a);
      generic.logpdf(rows.length, x, order, b);
      const close = (u: number, v: number, what: string) =>
        assert.ok(
          u === v || Math.abs(u - v) <= 1e-12 * Math.max(1, Math.abs(v)),
          `K=${K} order ${order} ${what}: fused ${u}, generic ${v}; rows ${JSON.stringify(rows)}`,
        );
      for (let i = 0; i < rows.length; i++) {
        close(a.lp[i], b.lp[i], `lp row ${i}`);
        if (order >= 1) for (let j = 0; j < W; j++) close(a.d1[j][i], b.d1[j][i], `d1[${j}] row ${i}`);
        if (order === 2) for (let j = 0; j < a.d2.length; j++) close(a.d2[j][i], b.d2[j][i], `d2[${j}] row ${i}`);
      }
    }
    // The component with sigma < 0 drops out; the mixture stays finite.
    const out = makeOut(W, rows.length);
    fused.logpdf(rows.length, x, 0, out);
    assert.ok(Number.isFinite(out.lp[rows.length - 1]));
    for (const p of POINTS[K].slice(0, 2))
      checkPartials((n, xs, o, po) => fused.logpdf(n, xs, o, po), p, `Mixture K=${K}`, { d1: 1e-6, d2: 1e-5 });
  });
}

test('weights outside the simplex give −∞ in the fused form', () => {
  const fused = resolveDist(spec(2), 1)!;
  const out = makeOut(6, 1);
  fused.logpdf(
    1,
    [1.3, 1.2, 0.8, 0.9, 2.2, 0.6].map((v) => Float64Array.of(v)),
    0,
    out,
  );
  assert.equal(out.lp[0], -Infinity);
});
