// A large dense linear Normal model takes the normal equations (n·m² > 2e7): estimates equal an independent OLS
// solve (ml-matrix, QR of X) and σ̂² = RSS/n; the sparse (factor) variant is checked against R in r-factor-glm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';

test('200,000 rows × 10 dense covariates: normal equations = QR to 1e-9', () => {
  const n = 200_000;
  const m = 10;
  const u = rng(77);
  const beta = [0.5, 1, -2, 0.3, 0, 0.7, -0.1, 2, -1.5, 0.25, 0.05];
  const X: number[][] = [];
  const lines = [['y', ...Array.from({ length: m }, (_, j) => `x${j + 1}`)].join(',')];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: m }, () => Number((u() * 4 - 2).toFixed(6)));
    let y = beta[0];
    x.forEach((v, j) => (y += beta[j + 1] * v));
    y = Number((y + (u() - 0.5) * 2).toFixed(6));
    X.push([1, ...x]);
    lines.push([y, ...x].join(','));
  }
  const t = parseDataFile('d.csv', lines.join('\n'));
  assert.ok(t.ok);
  const names = Array.from({ length: m }, (_, j) => `b${j + 1}`);
  const text = `data "d.csv"\nparam b0, ${names.join(', ')}\nparam sigma > 0\ny ~ Normal(b0 + ${names.map((b, j) => `${b} * x${j + 1}`).join(' + ')}, sigma)\n`;
  const r = runFit(analyze(text, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  const ys = Matrix.columnVector(lines.slice(1).map((l) => Number(l.split(',')[0])));
  const ref = new QrDecomposition(new Matrix(X)).solve(ys).to1DArray();
  r.result.parameters.slice(0, m + 1).forEach((p, j) => {
    assert.ok(Math.abs(p.estimate! - ref[j]) <= 1e-9 * (1 + Math.abs(ref[j])), `${p.name}: ${p.estimate} vs ${ref[j]}`);
  });
});
