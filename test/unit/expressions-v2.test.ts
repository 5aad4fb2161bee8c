// Comparisons, ifelse, inf, column summaries, gamma/lbeta/log_sum_exp and the outcome Jacobian (language v2) against closed forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parse } from '../../server/src/language/parse.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { Program } from '../../server/src/engine/eval/program.ts';
import type { Node, Term } from '../../server/src/engine/model.ts';
import type { FitJson } from '../../server/src/protocol.ts';

const cars = loadData('examples/cars.csv', 'cars.csv');
const fit = (text: string, data = cars): FitJson => {
  const r = runFit(analyze(text, data), 'm.mle');
  assert.ok(r.ok, `fit failed: ${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}\n${text}`);
  return r.result;
};
const est = (f: FitJson, name: string): number => {
  const p = [...f.parameters, ...f.derived].find((x) => x.name === name);
  assert.ok(p && p.estimate !== null, `no ${name}`);
  return p.estimate;
};
const close = (a: number | null, b: number, tol: number, what: string): void =>
  assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ours ${a}, expected ${b}`);
const col = (name: string): number[] => {
  assert.ok(cars.ok);
  return Array.from(cars.table.byName.get(name)!.values);
};
const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

test('comparisons: lowest precedence, no chaining', () => {
  const e = parse('let z = a + b < c * d').file.statements[0];
  assert.ok(e.kind === 'let' && e.value?.kind === 'binary');
  assert.equal(e.value.op, '<');
  assert.equal(parse('let z = a < b < c').diagnostics[0]?.code, 'syntax');
  assert.equal(parse('let z = a == b\nlet w = a != b\nlet v = a >= b\nlet u = a <= b').diagnostics.length, 0);
});

test('ifelse and comparisons: group means (closed form), inf as an unused branch', () => {
  const speed = col('speed');
  const dist = col('dist');
  const hi = dist.filter((_, i) => speed[i] > 15);
  const lo = dist.filter((_, i) => !(speed[i] > 15));
  const f = fit('data "cars.csv"\nparam m1, m2\nparam s > 0\ndist ~ Normal(ifelse(speed > 15, m1, m2), s)\n');
  close(est(f, 'm1'), mean(hi), 1e-8, 'm1 = mean(dist | speed > 15)');
  close(est(f, 'm2'), mean(lo), 1e-8, 'm2 = mean(dist | speed <= 15)');
  const g = fit('data "cars.csv"\nparam a, b\nparam s > 0\ndist ~ Normal(a + b * (speed > 15), s)\n');
  close(est(g, 'b'), mean(hi) - mean(lo), 1e-8, 'b = difference of means');
  const h = fit(
    'data "cars.csv"\nparam a, b\nparam s > 0\nlet x = ifelse(speed > 1000, inf, speed)\ndist ~ Normal(a + b * x, s)\n',
  );
  const plain = fit('data "cars.csv"\nparam a, b\nparam s > 0\ndist ~ Normal(a + b * speed, s)\n');
  close(est(h, 'b'), est(plain, 'b'), 1e-10, 'the inf branch is never taken');
});

test('non-regular: a condition that depends on a parameter (change point)', () => {
  const d = analyze(
    'data "cars.csv"\nparam m1, m2, tau\nparam s > 0\ndist ~ Normal(ifelse(speed > tau, m1, m2), s)\n',
    cars,
  ).diagnostics.filter((x) => x.code === 'non-regular');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /`speed > tau` depends on `tau`/);
});

test('ifelse: exact gradient and Hessian through the chosen branch match finite differences', () => {
  const n = 400;
  const x: Node = { op: 'data', name: 'x', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i)) };
  const y: Node = { op: 'data', name: 'y', values: Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3)) };
  const p = (index: number): Node => ({ op: 'param', index });
  const cond: Node = { op: 'bin', fn: '>', a: x, b: { op: 'const', value: 0 } };
  const mu: Node = {
    op: 'ifelse',
    c: cond,
    a: { op: 'bin', fn: '*', a: p(0), b: { op: 'call', fn: 'exp', a: { op: 'bin', fn: '*', a: p(1), b: x } } },
    b: { op: 'call', fn: 'log1pexp', a: { op: 'bin', fn: '*', a: p(1), b: p(2) } },
  };
  const sigma: Node = { op: 'call', fn: 'exp', a: p(2) };
  const terms: Term[] = [{ dist: { name: 'Normal' }, y, args: [mu, sigma], source: 0 }];
  const prog = new Program(terms, n, 3);
  const at = (t: Float64Array) => {
    const e = { value: 0, grad: new Float64Array(3), hess: new Float64Array(9) };
    prog.evaluate(t, 2, e);
    return e;
  };
  const theta = Float64Array.of(0.4, -0.3, 0.2);
  const e = at(theta);
  for (let j = 0; j < 3; j++) {
    const h = 1e-6;
    const up = theta.slice();
    up[j] += h;
    const dn = theta.slice();
    dn[j] -= h;
    const [eu, ed] = [at(up), at(dn)];
    close(e.grad[j], (eu.value - ed.value) / (2 * h), 1e-6, `grad[${j}]`);
    for (let k = 0; k < 3; k++) close(e.hess[j * 3 + k], (eu.grad[k] - ed.grad[k]) / (2 * h), 1e-5, `hess[${j},${k}]`);
  }
});

test('column summaries: centring and scaling inside the model (closed form: OLS)', () => {
  const speed = col('speed');
  const dist = col('dist');
  const ms = mean(speed);
  const sd = Math.sqrt(speed.reduce((s, v) => s + (v - ms) ** 2, 0) / (speed.length - 1));
  const slope =
    speed.reduce((s, v, i) => s + (v - ms) * (dist[i] - mean(dist)), 0) / speed.reduce((s, v) => s + (v - ms) ** 2, 0);
  const f = fit(
    'data "cars.csv"\nparam a, b\nparam s > 0\nlet z = (speed - mean(speed)) / sd(speed)\ndist ~ Normal(a + b * z, s)\n' +
      'derive lo = min(speed) + 0 * a\nderive hi = max(speed) + 0 * a\nderive med = median(speed) + 0 * a\n',
  );
  close(est(f, 'a'), mean(dist), 1e-10, 'a = mean(dist)');
  close(est(f, 'b'), slope * sd, 1e-10, 'b = slope · sd(speed)');
  close(est(f, 'lo'), Math.min(...speed), 1e-12, 'min');
  close(est(f, 'hi'), Math.max(...speed), 1e-12, 'max');
  const bad = analyze('data "cars.csv"\nparam a\nparam s > 0\ndist ~ Normal(mean(a * speed), s)\n', cars);
  assert.match(bad.diagnostics.find((d) => d.code === 'invalid-argument')?.message ?? '', /cannot depend on `a`/);
  const sorted = [...speed].sort((u, v) => u - v);
  close(est(f, 'med'), (sorted[24] + sorted[25]) / 2, 1e-12, 'median of 50 values');
});

test('gamma, lbeta, log_sum_exp: values and derivatives through derived quantities', () => {
  const f = fit(
    'data "cars.csv"\nparam a\nparam s > 0\ndist ~ Normal(a, s)\n' +
      'derive g = gamma(4.5 + 0 * a)\nderive lb = lbeta(2, 3 + 0 * a)\nderive lse = log_sum_exp(log(2), log(3) + 0 * a)\n' +
      'derive big = log_sum_exp(1000, 1000 + 0 * a)\nderive lsa = log_sum_exp(a, 0)\n',
  );
  close(est(f, 'g'), 3.5 * 2.5 * 1.5 * 0.5 * Math.sqrt(Math.PI), 1e-12, 'gamma(4.5)');
  close(est(f, 'lb'), Math.log(1 / 12), 1e-12, 'lbeta(2, 3) = log(1/12)');
  close(est(f, 'lse'), Math.log(5), 1e-12, 'log_sum_exp(log 2, log 3) = log 5');
  close(est(f, 'big'), 1000 + Math.log(2), 1e-12, 'no overflow');
  const a = est(f, 'a');
  const se = f.parameters.find((p) => p.name === 'a')!.se!;
  const lsa = f.derived.find((d) => d.name === 'lsa')!;
  close(lsa.se, se * (Math.exp(a) / (Math.exp(a) + 1)), 1e-8, 'delta-method SE of log_sum_exp(a, 0)');
});

test('transformed outcome: info diagnostic; fit jacobian = true gives the LogNormal logLik of R', () => {
  const air = loadData('examples/airquality.csv', 'airquality.csv');
  const model = readFileSync('examples/airquality-lognormal.mle', 'utf8')
    .replace('Ozone ~ LogNormal(', 'log(Ozone) ~ Normal(')
    .replace(/^fit .*$/m, '');
  const info = analyze(model, air).diagnostics.filter((d) => d.code === 'transformed-outcome');
  assert.equal(info.length, 1);
  assert.equal(info[0].severity, 'info');
  assert.match(info[0].message, /not comparable with models of `Ozone`.*- log\(Ozone\).*fit jacobian = true/);
  const ref = JSON.parse(readFileSync('test/reference/r-fixtures.json', 'utf8'))['airquality-lognormal.mle'];
  const without = fit(model, air);
  const withJ = fit(model + '\nfit jacobian = true\n', air);
  close(withJ.logLik, ref.logLik, 1e-9, 'logLik with the Jacobian = R logLik(lm) - Σ log(Ozone)');
  close(withJ.aic, ref.aic, 1e-9, 'AIC with the Jacobian');
  assert.ok(Math.abs(without.logLik! - ref.logLik) > 1, 'without it, the logLik is that of log(Ozone)');
});
