// The fitter against closed forms (OLS, Bernoulli, Poisson, Exponential, a conjugate MAP) and its fit-time behaviour.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';

function fit(model: string, csv: string): FitJson {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle');
  assert.ok(r.ok, `fit failed for\n${model}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return r.result;
}
const close = (a: number | null, b: number, tol: number, what: string): void =>
  assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ours ${a}, closed form ${b}`);
const param = (r: FitJson, name: string) => r.parameters.find((p) => p.name === name)!;

// Deterministic data from a linear congruential generator.
let seed = 7;
const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const X = Array.from({ length: 200 }, () => 10 * u());
const Y = X.map((x) => 2 + 0.7 * x + (u() - 0.5) * 3);

test('simple linear regression equals closed-form OLS (σ̂² = RSS/n, SE(b) = σ̂/√Sxx)', () => {
  const n = X.length;
  const mx = X.reduce((a, b) => a + b) / n;
  const my = Y.reduce((a, b) => a + b) / n;
  const sxx = X.reduce((a, x) => a + (x - mx) ** 2, 0);
  const sxy = X.reduce((a, x, i) => a + (x - mx) * (Y[i] - my), 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const rss = X.reduce((s, x, i) => s + (Y[i] - a - b * x) ** 2, 0);
  const sigma = Math.sqrt(rss / n);
  const r = fit(
    'data "d.csv"\nparam a, b\nparam sigma > 0\ny ~ Normal(a + b * x, sigma)',
    `x,y\n${X.map((x, i) => `${x},${Y[i]}`).join('\n')}`,
  );
  close(param(r, 'a').estimate, a, 1e-10, 'a');
  close(param(r, 'b').estimate, b, 1e-10, 'b');
  close(param(r, 'sigma').estimate, sigma, 1e-10, 'sigma');
  close(param(r, 'b').se, sigma / Math.sqrt(sxx), 1e-8, 'SE(b)');
  close(param(r, 'a').se, sigma * Math.sqrt(1 / n + (mx * mx) / sxx), 1e-8, 'SE(a)');
  close(param(r, 'sigma').se, sigma / Math.sqrt(2 * n), 1e-8, 'SE(sigma)');
  close(r.logLik, -0.5 * n * (Math.log(2 * Math.PI * sigma * sigma) + 1), 1e-10, 'logLik');
});

test('Bernoulli p̂ = mean, SE = √(p̂(1−p̂)/n); Poisson λ̂ = mean, SE = √(λ̂/n); Exponential rate = 1/mean, SE = rate/√n', () => {
  const b: number[] = X.map((x) => (x > 6 ? 1 : 0));
  const pHat = b.reduce((s, v) => s + v, 0) / b.length;
  const rb = fit('data "d.csv"\nparam p in (0, 1)\ny ~ Bernoulli(p)', `y\n${b.join('\n')}`);
  close(param(rb, 'p').estimate, pHat, 1e-9, 'p');
  close(param(rb, 'p').se, Math.sqrt((pHat * (1 - pHat)) / b.length), 1e-6, 'SE(p)');
  const c = X.map((x) => Math.floor(x));
  const lam = c.reduce((s, v) => s + v, 0) / c.length;
  const rp = fit('data "d.csv"\nparam lambda > 0\ny ~ Poisson(lambda)', `y\n${c.join('\n')}`);
  close(param(rp, 'lambda').estimate, lam, 1e-9, 'lambda');
  close(param(rp, 'lambda').se, Math.sqrt(lam / c.length), 1e-6, 'SE(lambda)');
  const mean = X.reduce((s, v) => s + v, 0) / X.length;
  const re = fit('data "d.csv"\nparam rate > 0\ny ~ Exponential(rate)', `y\n${X.join('\n')}`);
  close(param(re, 'rate').estimate, 1 / mean, 1e-9, 'rate');
  close(param(re, 'rate').se, 1 / mean / Math.sqrt(X.length), 1e-6, 'SE(rate)');
});

test('MAP with a conjugate Normal prior equals its closed-form posterior mode; objective is posterior', () => {
  const n = Y.length;
  const sum = Y.reduce((a, b) => a + b);
  const r = fit('data "d.csv"\nparam mu\ny ~ Normal(mu, 2)\nprior mu ~ Normal(0, 1)', `y\n${Y.join('\n')}`);
  assert.equal(r.objective, 'posterior');
  assert.ok(r.logPosterior !== null && r.logLik !== null && r.logPosterior < r.logLik);
  close(param(r, 'mu').estimate, sum / 4 / (n / 4 + 1), 1e-9, 'posterior mode');
});

test('every optimizer reaches the same optimum on a mixture', () => {
  const z = X.map((x, i) => (i % 3 === 0 ? 1 + x / 10 : 5 + x / 5));
  const csv = `y\n${z.join('\n')}`;
  const base =
    'data "d.csv"\nparam w in (0, 1) init 0.4\nparam m1 init 1\nparam m2 init 6\nparam s1, s2 > 0 init 1\ny ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))\n';
  const ref = fit(base, csv);
  for (const m of ['newton', 'bfgs', 'lbfgs', 'nelder_mead', 'em']) {
    const r = fit(`${base}fit method = ${m}`, csv);
    assert.ok(r.converged, `${m} converged`);
    close(r.logLik, ref.logLik!, 1e-9, `${m} logLik`);
    close(param(r, 'm2').estimate, param(ref, 'm2').estimate!, 1e-6, `${m} m2`);
  }
});

test('restarts are reported: runs = 1 + restarts, and how many reached the best', () => {
  const r = fit(
    'data "d.csv"\nparam a, b\nparam s > 0\ny ~ Normal(a + b * x, s)\nfit restarts = 3, method = newton',
    `x,y\n${X.map((x, i) => `${x},${Y[i]}`).join('\n')}`,
  );
  assert.equal(r.restarts?.runs, 4);
  assert.ok((r.restarts?.reachedBest ?? 0) >= 1);
});

test('separation is reported before fitting (one covariate) and at fit time', () => {
  const model = 'data "d.csv"\nparam a, b\ny ~ Bernoulli(logistic(a + b * x))';
  const csv = 'x,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1';
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const an = analyze(model, { ok: true, path: 'd.csv', table: t.table });
  const pre = an.diagnostics.find((d) => d.code === 'separation');
  assert.ok(pre, 'pre-fit separation warning');
  assert.match(pre.message, /`b`.*column `x` completely separates/);
  const r = fit(model, csv);
  assert.ok(
    r.diagnostics.some((d) => d.code === 'separation' && /exactly 0 or 1/.test(d.message)),
    'fit-time separation warning',
  );
});

test('Uniform endpoints: non-regular is reported and nothing is NaN', () => {
  const r = fit(
    'data "d.csv"\nparam lo < 0.5 init 0\nparam hi > 9.5 init 10\ny ~ Uniform(lo, hi)',
    `y\n${X.join('\n')}`,
  );
  assert.ok(r.diagnostics.some((d) => d.code === 'non-regular'));
  assert.ok(!JSON.stringify(r).includes('NaN'));
});
