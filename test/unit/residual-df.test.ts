// `fit df = residual` against R's summary(lm) and confint (test/reference/residual-df.json, written by
// test/reference/residual-df.R; relative tolerance stated there), and its invalid-option error off the linear Normal path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

interface Case {
  name: string;
  level: number;
  df: number;
  sigma: number;
  sigmaCi: number[];
  estimate: number[];
  se: number[];
  t: number[];
  p: number[];
  lower: number[];
  upper: number[];
  vcov: number[][];
  logLik: number;
  derived: { estimate: number; se: number; lower: number; upper: number };
}
const ref = JSON.parse(readFileSync('test/reference/residual-df.json', 'utf8')) as { tolerance: number; cases: Case[] };
const TOL = ref.tolerance;

const MODELS: Record<string, { csv: string; text: (level: number) => string }> = {
  cars: {
    csv: 'examples/cars.csv',
    text: (level) => `data "cars.csv"
param a, b
param sigma > 0
dist ~ Normal(a + b * speed, sigma)
derive dist_at_20 = a + 20 * b
fit df = residual, level = ${level}
`,
  },
  trees: {
    csv: 'examples/trees.csv',
    text: (level) => `data "trees.csv"
param a, b_girth, b_height
param sigma > 0
log(Volume) ~ Normal(a + b_girth * log(Girth) + b_height * log(Height), sigma)
derive scale_elasticity = b_girth + b_height
fit df = residual, level = ${level}
`,
  },
};

function fitText(csvPath: string, text: string) {
  const t = parseDataFile(csvPath, readFileSync(csvPath, 'utf8'));
  assert.ok(t.ok);
  return runFit(analyze(text, { ok: true, path: csvPath, table: t.table }), 'm.mle');
}

const close = (got: number | null, want: number, what: string): void => {
  assert.ok(got !== null, `${what}: null, R ${want}`);
  const err = Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
  assert.ok(err <= TOL, `${what}: ${got} vs R ${want} (relative error ${err.toExponential(2)} > ${TOL})`);
};

for (const c of ref.cases) {
  test(`fit df = residual matches R summary(lm) on ${c.name}`, () => {
    const m = MODELS[c.name.replace(/\d+$/, '')];
    const r = fitText(m.csv, m.text(c.level));
    assert.ok(r.ok, JSON.stringify(r));
    const f = r.result;
    assert.equal(f.method, 'qr');
    assert.deepEqual(f.inference, { kind: 't', df: c.df });
    const ps = f.parameters;
    const k = c.estimate.length;
    for (let j = 0; j < k; j++) {
      const p = ps[j];
      close(p.estimate, c.estimate[j], `${c.name} ${p.name} estimate`);
      close(p.se, c.se[j], `${c.name} ${p.name} se`);
      close(p.z, c.t[j], `${c.name} ${p.name} t`);
      close(p.p, c.p[j], `${c.name} ${p.name} p`);
      close(p.ci.wald[0], c.lower[j], `${c.name} ${p.name} lower`);
      close(p.ci.wald[1], c.upper[j], `${c.name} ${p.name} upper`);
      for (let i = 0; i < k; i++) close(f.covariance![j][i], c.vcov[j][i], `${c.name} vcov[${j}][${i}]`);
    }
    const sigma = ps[k];
    close(sigma.estimate, c.sigma, `${c.name} sigma (lm's residual standard error)`);
    close(sigma.ci.wald[0], c.sigmaCi[0], `${c.name} sigma lower (chi-square)`);
    close(sigma.ci.wald[1], c.sigmaCi[1], `${c.name} sigma upper (chi-square)`);
    // A linear combination of coefficients: SE from vcov(lm), t interval (R: predict(lm, interval = "confidence")).
    const d = f.derived[0];
    close(d.estimate, c.derived.estimate, `${c.name} ${d.name} estimate`);
    close(d.se, c.derived.se, `${c.name} ${d.name} se`);
    close(d.ci.wald[0], c.derived.lower, `${c.name} ${d.name} lower`);
    close(d.ci.wald[1], c.derived.upper, `${c.name} ${d.name} upper`);
    // The likelihood is the model's: logLik(lm) uses the MLE σ, and so does ours.
    close(f.logLik, c.logLik, `${c.name} logLik`);
  });
}

test('without df = residual the inference is asymptotic (z), σ the MLE', () => {
  const r = fitText('examples/cars.csv', MODELS.cars.text(0.95).replace('df = residual, ', ''));
  assert.ok(r.ok);
  // The derived quantity keeps the asymptotic SE: σ̂_MLE² (XᵀX)⁻¹, smaller than lm's by √((n − p)/n).
  const c0 = ref.cases[0];
  close(r.result.derived[0].se, c0.derived.se * Math.sqrt(c0.df / 50), 'asymptotic derived se');
  assert.deepEqual(r.result.inference, { kind: 'z' });
  const c = ref.cases[0];
  const mle = c.sigma * Math.sqrt(c.df / 50);
  close(r.result.parameters[2].estimate, mle, 'MLE sigma');
});

test('df = residual on a model off the linear Normal path is an invalid-option error saying why', () => {
  for (const text of [
    `data "cars.csv"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a * exp(b * speed), sigma)\nfit df = residual\n`,
    `data "cars.csv"\nparam rate > 0\ndist ~ Exponential(rate)\nfit df = residual\n`,
    `data "cars.csv"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)\nfit df = residual, method = newton\n`,
  ]) {
    const r = fitText('examples/cars.csv', text);
    assert.ok(!r.ok, `expected an error for:\n${text}`);
    assert.equal(r.diagnostics[0].code, 'invalid-option', text);
    assert.match(r.diagnostics[0].message, /linear in its coefficients/);
  }
});

test('df is a known fit option with values asymptotic and residual', () => {
  const t = parseDataFile('examples/cars.csv', readFileSync('examples/cars.csv', 'utf8'));
  assert.ok(t.ok);
  const an = analyze(`data "cars.csv"\nparam rate > 0\ndist ~ Exponential(rate)\nfit df = resid\n`, {
    ok: true,
    path: 'examples/cars.csv',
    table: t.table,
  });
  const d = an.diagnostics.find((x) => x.code === 'invalid-option');
  assert.ok(d, JSON.stringify(an.diagnostics));
  assert.match(d.message, /asymptotic, residual/);
});
