// The normal equations solve only well-conditioned designs: equal to Householder QR (the reference, R's method) when
// κ₁ of the scaled XᵀX is small, declined (undefined, so the caller uses QR) when it exceeds MAX_SCALED_CONDITION or
// the design is collinear; a large nearly collinear fit still keeps QR's digits and reports the collinearity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { MAX_SCALED_CONDITION, normalEquations } from '../../server/src/engine/solvers/normal-equations.ts';
import { leastSquaresQR } from '../../server/src/engine/linalg/householder-qr.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

/** Intercept, x1, and x2 = x1 + eps·z (eps = 0: exactly collinear), y = 1 + 2·x1 − x2 + noise. */
function design(n: number, eps: number, seed: number): { cols: Float64Array[]; y: Float64Array } {
  const u = rng(seed);
  const x1 = Float64Array.from({ length: n }, () => u() * 4 - 2);
  const x2 = x1.map((v) => v + eps * (u() - 0.5));
  const y = Float64Array.from(x1, (v, i) => 1 + 2 * v - x2[i] + (u() - 0.5));
  return { cols: [new Float64Array(n).fill(1), x1, x2], y };
}

test('well conditioned: the normal equations give the QR solution, RSS and (XᵀX)⁻¹ to 1e-10', () => {
  const { cols, y } = design(5000, 1, 3);
  const ne = normalEquations(cols, y);
  assert.ok(ne, 'solved by the normal equations');
  const qr = leastSquaresQR(cols, y);
  for (let j = 0; j < 3; j++)
    assert.ok(
      Math.abs(ne.coef[j] - qr.coef[j]) <= 1e-10 * (1 + Math.abs(qr.coef[j])),
      `b${j}: ${ne.coef[j]} vs ${qr.coef[j]}`,
    );
  assert.ok(Math.abs(ne.rss - qr.rss) <= 1e-10 * qr.rss, `rss ${ne.rss} vs ${qr.rss}`);
  ne.xtxInv!.forEach((v, k) =>
    assert.ok(Math.abs(v - qr.xtxInv![k]) <= 1e-9 * Math.abs(qr.xtxInv![k]), `(XᵀX)⁻¹[${k}]: ${v} vs ${qr.xtxInv![k]}`),
  );
});

test(`nearly collinear (scaled condition above ${MAX_SCALED_CONDITION}) or collinear: declined, left to QR`, () => {
  // x2 − x1 of spread 1e-4 against x1's 1.15: κ(X) ≈ 2e4, κ(XᵀX) ≈ 4e8, where the Cholesky factor still exists.
  const near = design(5000, 1e-4, 5);
  assert.equal(normalEquations(near.cols, near.y), undefined, 'κ(S) ≈ 4e8 must go to QR');
  const exact = design(5000, 0, 7);
  assert.equal(normalEquations(exact.cols, exact.y), undefined, 'an exactly collinear design must go to QR');
});

test('210,000 rows × 10, two columns nearly collinear: QR digits (ml-matrix reference) and the collinearity named', () => {
  const n = 210_000;
  const m = 10;
  const u = rng(91);
  const X: number[][] = [];
  const ys: number[] = [];
  const lines = [['y', ...Array.from({ length: m }, (_, j) => `x${j + 1}`)].join(',')];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: m - 1 }, () => Number((u() * 4 - 2).toFixed(6)));
    x.push(Number((x[0] + 1e-6 * (u() - 0.5)).toFixed(10)));
    const y = Number((0.5 + x.reduce((s, v, j) => s + (j % 3) * v, 0) + (u() - 0.5)).toFixed(6));
    X.push([1, ...x]);
    ys.push(y);
    lines.push([y, ...x].join(','));
  }
  const t = parseDataFile('d.csv', lines.join('\n'));
  assert.ok(t.ok);
  const names = Array.from({ length: m }, (_, j) => `b${j + 1}`);
  const text = `data "d.csv"\nparam b0, ${names.join(', ')}\nparam sigma > 0\ny ~ Normal(b0 + ${names.map((b, j) => `${b} * x${j + 1}`).join(' + ')}, sigma)\n`;
  const an = analyze(text, { ok: true, path: 'd.csv', table: t.table });
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  const ref = new QrDecomposition(new Matrix(X)).solve(Matrix.columnVector(ys)).to1DArray();
  r.result.parameters.slice(0, m + 1).forEach((p, j) => {
    // The pair's own digits are few (κ(X) ≈ 1e7; the two QRs differ by 6e-7 relative): compared in SEs there.
    const tol = 1e-9 * Math.abs(ref[j]) + 1e-5 * p.se!;
    assert.ok(Math.abs(p.estimate! - ref[j]) <= tol, `${p.name}: ${p.estimate} vs ${ref[j]}`);
  });
  const said = r.result.diagnostics.map((d) => d.code);
  assert.ok(said.includes('collinearity'), `collinearity reported: ${said.join(', ')}`);
});
