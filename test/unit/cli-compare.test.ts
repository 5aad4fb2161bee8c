// `mle compare`: criteria and likelihood-ratio tests against R (test/reference/r-compare.R), the χ̄² boundary case,
// data mismatches and model failures reported as JSON, non-converged models excluded.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli, showRun, type Run } from './run-cli.ts';
import { chisqSurvival, lrtPValue } from '../../server/src/fit/lrt.ts';
import { erfc } from '../../server/src/engine/eval/special.ts';

const ref = JSON.parse(readFileSync(new URL('../reference/r-compare.json', import.meta.url), 'utf8'));
const fx = (f: string): string => `test/fixtures/compare/${f}`;
const base = (m: string): string => m.split('/').pop()!;

function json(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message})\n${showRun(r)}`);
  }
}

/** |a − b| ≤ tol·max(1, |b|)… relative for large values, absolute near 0; prints both on failure. */
function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300), `${what}: got ${a}, want ${b} (rel tol ${tol})`);
}

describe('mle compare', () => {
  test('three nested Poisson glms on warpbreaks: logLik, AIC, BIC, ΔAIC, weights and LRTs as R (anova, AIC)', async () => {
    const r = await runCli(['compare', fx('wb-null.mle'), fx('wb-wool.mle'), fx('wb-wool-tension.mle'), '--json']);
    assert.equal(r.code, 0, showRun(r));
    const out = json(r);
    const tol = ref._meta.tolerance.warpbreaks;
    const tolP = ref._meta.tolerance.warpbreaksP;
    assert.equal(out.models.length, 3, showRun(r));
    for (const m of out.models) {
      const want = ref.warpbreaks.models[base(m.model)];
      assert.equal(m.k, want.k, m.model);
      close(m.logLik, want.logLik, tol, `${m.model} logLik`);
      close(m.aic, want.aic, tol, `${m.model} AIC`);
      close(m.bic, want.bic, tol, `${m.model} BIC`);
      assert.ok(Math.abs(m.deltaAic - want.deltaAic) <= tol * 600, `${m.model} ΔAIC ${m.deltaAic} vs ${want.deltaAic}`);
      close(m.akaikeWeight, want.akaikeWeight, tolP, `${m.model} Akaike weight`);
    }
    assert.equal(out.tests.length, 3, JSON.stringify(out.tests));
    for (const want of ref.warpbreaks.tests) {
      const t = out.tests.find((x: any) => base(x.smaller) === want.smaller && base(x.larger) === want.larger);
      assert.ok(t, `no test ${want.smaller} in ${want.larger}: ${JSON.stringify(out.tests)}`);
      assert.equal(t.df, want.df);
      assert.equal(t.reference, 'chisq');
      close(t.statistic, want.statistic, tol * 10, `${want.smaller} in ${want.larger} statistic`);
      close(t.p, want.p, tolP, `${want.smaller} in ${want.larger} p`);
    }
  });

  test('a restricted parameter on its bound (v = 0, v > 0): χ̄² note and p = ½ P(χ²₁ > 2Δℓ) (closed form and R)', async () => {
    const r = await runCli(['compare', fx('cars-linear.mle'), fx('cars-hetero.mle'), '--json']);
    assert.equal(r.code, 0, showRun(r));
    const out = json(r);
    assert.equal(out.tests.length, 1, showRun(r));
    const t = out.tests[0];
    const want = ref.boundary;
    assert.equal(base(t.smaller), want.smaller);
    assert.deepEqual([t.reference, t.boundary, t.df], ['chibar2', ['v'], 1]);
    assert.match(t.note, /χ̄² mixture ½χ²\(0\) \+ ½χ²\(1\)/);
    // Closed form: P(χ²₁ > x) = erfc(√(x/2)); the mixture halves it.
    close(t.p, 0.5 * erfc(Math.sqrt(t.statistic / 2)), 1e-12, 'p vs ½ erfc(√(x/2))');
    close(t.statistic, want.statistic, ref._meta.tolerance.boundary, 'statistic vs R');
    close(t.p, want.p, ref._meta.tolerance.boundary, 'p vs R');
    const table = await runCli(['compare', fx('cars-linear.mle'), fx('cars-hetero.mle')]);
    assert.match(table.stdout, /χ̄²/, showRun(table));
    assert.match(table.stdout, /v = 0 lies on the bound/, showRun(table));
  });

  test('χ̄² weights: two boundary parameters take binomial(2, ½) weights over χ²(df − 2)…χ²(df)', () => {
    for (const x of [0.3, 2, 7.5]) {
      // df = 2, b = 2: ¼·χ²(0) + ½·χ²(1) + ¼·χ²(2); P(χ²₂ > x) = e^{−x/2}.
      close(lrtPValue(x, 2, 2), 0.5 * erfc(Math.sqrt(x / 2)) + 0.25 * Math.exp(-x / 2), 1e-12, `x = ${x}`);
      close(chisqSurvival(x, 2), Math.exp(-x / 2), 1e-13, `χ²₂ survival at ${x}`);
    }
    assert.equal(lrtPValue(0, 1, 1), 1);
  });

  test('different data files: a JSON error naming both models and both files (exit 2)', async () => {
    const r = await runCli(['compare', fx('aq-ozone.mle'), fx('wb-null.mle'), '--json']);
    assert.equal(r.code, 2, showRun(r));
    const out = json(r);
    assert.equal(out.kind, 'input', showRun(r));
    assert.match(out.error, /aq-ozone\.mle and .*wb-null\.mle read different data files/);
    assert.match(out.error, /airquality\.csv and .*warpbreaks\.csv/);
  });

  test('the same file, different rows: the JSON error lists the rows one model drops', async () => {
    // Rows (1-based) where Ozone is present but Solar.R missing: aq-ozone uses them, aq-ozone-solar drops them.
    const lines = readFileSync(fx('airquality.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    const rows = lines.flatMap((l, i) => {
      const [oz, sol] = l.split(',');
      return oz !== 'NA' && sol === 'NA' ? [i + 1] : [];
    });
    assert.ok(rows.length > 0);
    const r = await runCli(['compare', fx('aq-ozone.mle'), fx('aq-ozone-solar.mle'), '--json']);
    assert.equal(r.code, 2, showRun(r));
    const out = json(r);
    assert.equal(out.kind, 'input');
    assert.ok(
      out.error.includes(`aq-ozone-solar.mle drops data rows (1-based, header excluded) ${rows.join(', ')} that`),
      `${out.error}\nexpected rows ${rows.join(', ')}`,
    );
  });

  test('a model with errors ends the comparison with its diagnostics as JSON (exit 1)', async () => {
    const r = await runCli(['compare', fx('wb-null.mle'), 'test/fixtures/models/bad/arity.mle', '--json']);
    assert.equal(r.code, 1, showRun(r));
    const out = json(r);
    assert.equal(out.model, 'test/fixtures/models/bad/arity.mle');
    assert.ok(
      out.diagnostics.some((d: any) => d.severity === 'error'),
      showRun(r),
    );
  });

  test('a model that does not converge is listed with its verdict and excluded from ΔAIC, weights and tests', async () => {
    const r = await runCli([
      'compare',
      fx('wb-wool-maxiter.mle'),
      fx('wb-null.mle'),
      fx('wb-wool-tension.mle'),
      '--json',
    ]);
    assert.equal(r.code, 0, showRun(r));
    const out = json(r);
    const bad = out.models.find((m: any) => base(m.model) === 'wb-wool-maxiter.mle');
    assert.equal(bad.converged, false);
    assert.match(bad.verdict, /fails/);
    assert.deepEqual([bad.deltaAic, bad.akaikeWeight], [null, null]);
    assert.match(out.excluded[0].reason, /did not converge/);
    assert.equal(out.tests.length, 1, JSON.stringify(out.tests));
    assert.ok(out.tests.every((t: any) => !t.smaller.includes('maxiter') && !t.larger.includes('maxiter')));
  });

  test('fewer than two models is a usage error, as JSON under --json', async () => {
    const r = await runCli(['compare', fx('wb-null.mle'), '--json']);
    assert.equal(r.code, 2, showRun(r));
    assert.equal(json(r).kind, 'usage');
  });
});
