// Identifiability on real data (mtcars, exported by test/fixtures/identifiability/export-mtcars.R): unit-invariant
// rank decisions, one message per dependency before and at fit time, and a warning for near-collinear designs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
/** What the tests read of a diagnostic (the analysis' and the fit JSON's share these). */
interface Diagnostic {
  readonly code: string;
  readonly message: string;
}

const dir = fileURLToPath(new URL('../fixtures/identifiability/', import.meta.url));
/** R's numbers for near.mle, written by export-mtcars.R. */
const R = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).near as {
  coefficients: number[];
  oneMinusR2: number;
  maxDeviation: number;
  scaledCondition: number;
};

function load(file: string): { text: string; an: ReturnType<typeof analyze> } {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  return { text, an: analyze(text, loadData(resolveDataPath(path, linkedDataPath(text)!))) };
}
const show = (ds: readonly Diagnostic[]): string => ds.map((d) => `[${d.code}] ${d.message}`).join('\n  ');
const ofCode = (ds: readonly Diagnostic[], code: string): string[] =>
  ds.filter((d) => d.code === code).map((d) => d.message);

function both(file: string): {
  pre: readonly Diagnostic[];
  fit: readonly Diagnostic[];
  estimates: number[];
  se: (number | null)[];
} {
  const { an } = load(file);
  const r = runFit(an, join(dir, file));
  assert.ok(r.ok, `${file} did not fit: ${r.ok ? '' : r.message}`);
  const pre = an.diagnostics;
  // The result lists the analysis' diagnostics then the fit's: remove one copy of each analysis diagnostic.
  const left = pre.map((d) => `${d.code} ${d.message}`);
  const fit = r.result.diagnostics.filter((d) => {
    const k = left.indexOf(`${d.code} ${d.message}`);
    if (k >= 0) left.splice(k, 1);
    return k < 0;
  });
  return {
    pre,
    fit,
    estimates: r.result.parameters.map((p) => p.estimate as number),
    se: r.result.parameters.map((p) => p.se),
  };
}

test('wt and wt_kg = 453.592·wt: the relation is named (not "changing b_wt does not change the likelihood")', () => {
  const { pre, fit } = both('kg.mle');
  const ni = ofCode(pre, 'not-identifiable');
  assert.equal(ni.length, 1, show(pre));
  assert.match(ni[0], /`b_kg` is not identifiable: column `wt_kg` is a linear function of `wt` \(wt_kg = 453\.592·wt/);
  const si = ofCode(fit, 'singular-information');
  assert.equal(si.length, 1, show(fit));
  assert.match(si[0], /wt_kg = 453\.592·wt/);
  assert.match(si[0], /only `b_wt \+ 453\.592·b_kg`/);
});

test('a unit change and a dummy trap in one model: each dependency is named on its own, before and at fit time', () => {
  const { pre, fit } = both('trap.mle');
  for (const [stage, ds, code] of [
    ['before fitting', pre, 'not-identifiable'],
    ['at fit time', fit, 'singular-information'],
  ] as const) {
    const msgs = ofCode(ds, code);
    assert.equal(msgs.length, 2, `${stage}: two ${code} warnings\n  ${show(ds)}`);
    const kg = msgs.filter((m) => m.includes('wt_kg = 453.592·wt'));
    const trap = msgs.filter((m) => m.includes('manual = −auto + 1'));
    assert.equal(kg.length, 1, `${stage}: one message names wt_kg = 453.592·wt\n  ${show(ds)}`);
    assert.equal(trap.length, 1, `${stage}: one message names manual = −auto + 1\n  ${show(ds)}`);
    // Neither message mixes in the other dependency's parameters.
    assert.doesNotMatch(kg[0], /auto|manual|`a`/, stage);
    assert.doesNotMatch(trap[0], /b_wt|b_kg/, stage);
  }
  assert.match(ofCode(fit, 'singular-information').join('\n'), /only `a \+ b_manual` and `b_auto − b_manual`/);
});

test('wt and wt_e6 = 10⁶·wt: exact dependency found and both parameters named, whatever the scale', () => {
  const { pre, fit } = both('e6.mle');
  const ni = ofCode(pre, 'not-identifiable');
  assert.equal(ni.length, 1, show(pre));
  assert.match(ni[0], /`b6` is not identifiable: column `wt_e6` is a linear function of `wt` \(wt_e6 = 1000000·wt/);
  assert.match(ofCode(fit, 'singular-information').join('\n'), /only `b1 \+ 1000000·b6`/, show(fit));
});

test('the rank decision and the relation do not depend on the columns’ units', () => {
  // The same dependency with the second column in units 10⁻⁶, 1 and 10⁶ times wt: one warning each time, naming it.
  const rows = readFileSync(join(dir, 'mtcars.csv'), 'utf8').trim().split('\n').slice(1);
  const shown: [number, string][] = [
    [1e-6, '1e-6·wt'],
    [1, 'wt'],
    [1e6, '1000000·wt'],
    [453.592, '453.592·wt'],
  ];
  for (const [k, rhs] of shown) {
    const csv = `mpg,wt,w2\n${rows
      .map((l) => l.split(','))
      .map((c) => `${c[0]},${c[1]},${Number(c[1]) * k}`)
      .join('\n')}`;
    const t = parseDataFile('d.csv', csv);
    assert.ok(t.ok);
    const model = 'data "d.csv"\nparam a, b1, b2\nparam s > 0\nmpg ~ Normal(a + b1 * wt + b2 * w2, s)';
    const ds = analyze(model, { ok: true, path: 'd.csv', table: t.table }).diagnostics;
    const ni = ofCode(ds, 'not-identifiable');
    assert.equal(ni.length, 1, `w2 = ${k}·wt\n  ${show(ds)}`);
    assert.ok(ni[0].includes(`(w2 = ${rhs}, exactly)`), `w2 = ${k}·wt named: ${ni[0]}`);
  }
});

test('near-collinear columns: a collinearity warning naming the column and how close (R’s R² and residual)', () => {
  const { pre, fit, estimates } = both('near.mle');
  // The estimates are R's (the huge, unstable numbers lm prints without a word); tolerance 1e-6 relative.
  R.coefficients.forEach((c, j) =>
    assert.ok(Math.abs(estimates[j] - c) <= 1e-6 * Math.abs(c), `coefficient ${j}: ours ${estimates[j]}, R ${c}`),
  );
  assert.deepEqual(ofCode(pre, 'not-identifiable'), [], show(pre));
  for (const [stage, ds] of [
    ['before fitting', pre],
    ['at fit time', fit],
  ] as const) {
    const c = ofCode(ds, 'collinearity');
    assert.equal(c.length, 1, `${stage}: one collinearity warning\n  ${show(ds)}`);
    assert.match(
      c[0],
      /Column `lhp_sdisp` is nearly a linear function of `log_hp`, `sqrt_disp` \(lhp_sdisp ≈ log_hp \+ sqrt_disp;/,
    );
    // R² and the largest deviation as R computes them (export-mtcars.R), to the two digits shown.
    assert.ok(
      c[0].includes(`R² = 1 − ${R.oneMinusR2.toExponential(1)}`),
      `${stage}: R² as R (${R.oneMinusR2}): ${c[0]}`,
    );
    assert.ok(
      c[0].includes(`largest deviation ${R.maxDeviation.toExponential(2)}`),
      `${stage}: deviation as R: ${c[0]}`,
    );
    const kappa = Number(/scaled condition number ([0-9.e+]+)/.exec(c[0])?.[1]);
    assert.ok(Math.abs(kappa / R.scaledCondition - 1) < 0.1, `${stage}: κ ${kappa} vs R's kappa ${R.scaledCondition}`);
  }
  assert.deepEqual(ofCode(fit, 'singular-information'), [], show(fit));
});

test('a GLM on nearly collinear columns: collinearity before fitting; at fit time "so nearly", with R², not "is"', () => {
  const { pre, fit } = both('glm-near.mle');
  assert.equal(ofCode(pre, 'collinearity').length, 1, show(pre));
  const si = ofCode(fit, 'singular-information');
  assert.equal(si.length, 1, show(fit));
  assert.match(
    si[0],
    /column `lhp_sdisp` is so nearly a linear function of `log_hp`, `sqrt_disp` \(lhp_sdisp ≈ log_hp \+ sqrt_disp; R² = 1 − 4\.1e-13\)/,
  );
  assert.match(si[0], /only `b1 \+ b3` and `b2 \+ b3`/);
});
