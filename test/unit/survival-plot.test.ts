// Kaplan–Meier estimates against survival::survfit (test/reference/r-product-limit.R), and the survival plot's curves.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { productLimit } from '../../server/src/fit/product-limit.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

interface Case {
  name: string;
  input: { time: number[]; event: number[] };
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
}
const ref = JSON.parse(readFileSync('test/reference/r-product-limit.json', 'utf8')) as {
  cases: Case[];
  coxSnell: { time: number[]; surv: number[] };
  tolerances: { km: number; coxSnellTime: number; coxSnellKm: number };
};
const tol = ref.tolerances;

for (const c of ref.cases)
  test(`product-limit estimate = survfit: ${c.name}`, () => {
    const km = productLimit(c.input.time, c.input.event);
    const show = `input ${JSON.stringify(c.input)}`;
    assert.deepEqual(km.time, c.time, show);
    assert.deepEqual(km.atRisk, c.nRisk, show);
    assert.deepEqual(km.events, c.nEvent, show);
    assert.deepEqual(km.censored, c.nCensor, show);
    km.survival.forEach((s, k) =>
      assert.ok(Math.abs(s - c.surv[k]) <= tol.km, `${show}: Ŝ(${c.time[k]}) = ${s}, survfit ${c.surv[k]}`),
    );
  });

function fitOf(text: string, path: string, csv = readFileSync(path, 'utf8')) {
  const t = parseDataFile(path, csv);
  assert.ok(t.ok);
  const r = runFit(analyze(text, { ok: true, path, table: t.table }), 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  return r.result;
}

test('Weibull AFT on lung: the KM of the Cox–Snell residuals = survfit of survreg’s residuals', () => {
  const model = readFileSync('examples/lung-weibull-censored.mle', 'utf8');
  const f = fitOf(model, 'examples/lung.csv');
  const [p] = f.survival ?? [];
  assert.ok(p && p.kind === 'cox-snell', JSON.stringify(f.survival));
  assert.equal(p.time.length, ref.coxSnell.time.length);
  p.time.forEach((t, k) => {
    const want = ref.coxSnell.time[k];
    assert.ok(Math.abs(t - want) <= tol.coxSnellTime * want, `r[${k}] = ${t}, R ${want}`);
    assert.ok(
      Math.abs(p.km[k] - ref.coxSnell.surv[k]) <= tol.coxSnellKm,
      `Ŝ(${t}) = ${p.km[k]}, R ${ref.coxSnell.surv[k]}`,
    );
  });
  // The reference is the unit exponential's survival.
  p.x.forEach((x, k) => assert.ok(Math.abs(p.fitted[k] - Math.exp(-x)) < 1e-15));
  assert.equal(p.events, 165);
});

test('censored i.i.d. Exponential: KM of the times against the fitted S(x) = exp(−λ̂x), λ̂ = events / Σ time', () => {
  const f = fitOf(
    'data "lung.csv"\nparam rate > 0\ntime ~ Exponential(rate) censored right when status == 1\n',
    'examples/lung.csv',
  );
  const [p] = f.survival ?? [];
  assert.ok(p && p.kind === 'outcome');
  const c = ref.cases[0];
  assert.deepEqual(p.time, c.time);
  p.km.forEach((s, k) => assert.ok(Math.abs(s - c.surv[k]) <= tol.km));
  const total = c.input.time.reduce((a, b) => a + b, 0);
  const rate = 165 / total;
  assert.equal(p.x[0], 0);
  p.x.forEach((x, k) => assert.ok(Math.abs(p.fitted[k] - Math.exp(-rate * x)) < 1e-8, `S(${x}) = ${p.fitted[k]}`));
  assert.equal(f.plotNotes, undefined);
});

test('truncated i.i.d. Normal: the histogram against the density renormalised on (LO, HI), which integrates to n', () => {
  const ys = Array.from({ length: 300 }, (_, i) => 0.05 + ((i * 0.618034) % 1) * 2.9);
  const f = fitOf(
    'data "d.csv"\nparam m\nparam s > 0\ny ~ Normal(m, s) truncated (0, 3)\n',
    'd.csv',
    `y\n${ys.join('\n')}`,
  );
  const [p] = f.plots ?? [];
  assert.ok(p && !p.discrete, JSON.stringify(f.plotNotes));
  // Trapezoid rule over the data's range, which nearly fills (0, 3): counts per unit width × width.
  const width = p.edges[1] - p.edges[0];
  let area = 0;
  for (let k = 1; k < p.x.length; k++) area += ((p.expected[k] + p.expected[k - 1]) / 2) * (p.x[k] - p.x[k - 1]);
  area /= width;
  assert.ok(Math.abs(area - ys.length) < 0.05 * ys.length, `area ${area}`);
});
