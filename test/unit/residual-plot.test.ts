// Randomized quantile residuals (Dunn & Smyth 1996): for a Normal model exactly the standardized residuals (closed
// form); for counts simulated from the fitted model class, N(0, 1) moments; deterministic and at most 2,000 points.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { rng, randPoisson, randNormal } from '../../server/src/engine/distributions/random.ts';

function fit(model: string, csv: string) {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  return r.result;
}
const est = (r: ReturnType<typeof fit>, name: string): number => r.parameters.find((p) => p.name === name)!.estimate!;
function moments(xs: readonly number[]): { mean: number; variance: number; skew: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const skew = xs.reduce((a, b) => a + (b - mean) ** 3, 0) / n / variance ** 1.5;
  return { mean, variance, skew };
}

test('Normal linear model: the quantile residuals are (y − μ̂)/σ̂ row by row (1e-9)', () => {
  const rand = rng(3);
  const xs = Array.from({ length: 300 }, (_, i) => i / 30);
  const ys = xs.map((x) => 2 + 0.7 * x + 1.5 * randNormal(rand));
  const csv = ['y,x', ...xs.map((x, i) => `${ys[i]},${x}`)].join('\n');
  const r = fit('data "d.csv"\nparam a\nparam b\nparam s > 0\ny ~ Normal(a + b * x, s)', csv);
  const [p] = r.residuals ?? [];
  assert.ok(p, JSON.stringify(r.residuals));
  assert.equal(p.residual.length, 300);
  const [a, b, s] = ['a', 'b', 's'].map((n) => est(r, n));
  p.residual.forEach((res, i) => {
    const expected = (ys[i] - (a + b * xs[i])) / s;
    assert.ok(Math.abs(res - expected) < 1e-9, `row ${i}: ${res} vs ${expected} (y ${ys[i]}, x ${xs[i]})`);
    assert.ok(Math.abs(p.fitted[i] - (a + b * xs[i])) < 1e-9, `fitted row ${i}`);
  });
  assert.deepEqual(
    p.sample,
    [...p.residual].sort((u, v) => u - v),
  );
});

const N = 1500;
const rand = rng(11);
const px = Array.from({ length: N }, (_, i) => (i % 50) / 25);
const py = px.map((x) => randPoisson(Math.exp(0.2 + 0.6 * x), rand));
const POISSON = ['y,x', ...px.map((x, i) => `${py[i]},${x}`)].join('\n');
const POISSON_MODEL = 'data "d.csv"\nparam a\nparam b\ny ~ Poisson(exp(a + b * x))';

test('Poisson regression on data from the model: residuals have N(0, 1) moments (mean ±0.08, var ±0.12, skew ±0.2)', () => {
  const r = fit(POISSON_MODEL, POISSON);
  const [p] = r.residuals ?? [];
  assert.ok(p && p.discrete, JSON.stringify(r.residuals?.map((q) => q.term)));
  const m = moments(p.residual);
  // Without the uniform spread (u = F(y)) the mean is about +0.3 and the variance well below 1 for these small counts.
  assert.ok(Math.abs(m.mean) < 0.08, `mean ${m.mean}`);
  assert.ok(Math.abs(m.variance - 1) < 0.12, `variance ${m.variance}`);
  assert.ok(Math.abs(m.skew) < 0.2, `skew ${m.skew}`);
  // The Q–Q pairs: sorted residuals against Φ⁻¹((i − ½)/m), and the same on a refit (seeded).
  assert.equal(p.theoretical.length, p.sample.length);
  assert.deepEqual(
    p.sample,
    [...p.residual].sort((a, b) => a - b),
    'the sample quantiles are the residuals in order',
  );
  assert.deepEqual(fit(POISSON_MODEL, POISSON).residuals?.[0].residual, p.residual);
});

test('at most 2,000 points, evenly spaced, for a large data set; i.i.d. terms get no residual plot', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `${i % 7},${(i % 13) / 13}`);
  const r = fit(POISSON_MODEL, ['y,x', ...rows].join('\n'));
  const [p] = r.residuals ?? [];
  assert.ok(p);
  assert.equal(p.residual.length, 2000);
  assert.equal(p.rows, 5000);
  const iid = fit('data "d.csv"\nparam l > 0\ny ~ Poisson(l)', POISSON);
  assert.deepEqual(iid.residuals, []);
});

test('Bernoulli regression (no CDF descriptor): u spread over [0, 1 − p] or [1 − p, 1]', () => {
  const r2 = rng(5);
  const xs = Array.from({ length: 1200 }, (_, i) => (i % 40) / 10 - 2);
  const ys = xs.map((x) => (r2() < 1 / (1 + Math.exp(-(0.3 + 1.1 * x))) ? 1 : 0));
  const r = fit(
    'data "d.csv"\nparam a\nparam b\ny ~ Bernoulli(logistic(a + b * x))',
    ['y,x', ...xs.map((x, i) => `${ys[i]},${x}`)].join('\n'),
  );
  const [p] = r.residuals ?? [];
  assert.ok(p);
  const m = moments(p.residual);
  assert.ok(Math.abs(m.mean) < 0.08 && Math.abs(m.variance - 1) < 0.12, JSON.stringify(m));
  p.residual.forEach((res, i) => assert.equal(res > probitOf(1 - p.fitted[i]) - 1e-12, ys[i] === 1, `row ${i}`));
});

function probitOf(u: number): number {
  // Bisection on Φ: independent of the implementation under test.
  const Phi = (x: number): number => 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (Phi(mid) < u) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
