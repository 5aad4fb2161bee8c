// `fit bootstrap = N`: the parametric bootstrap of an exponential rate against its closed-form sampling distribution,
// reproducibility from `fit seed`, the JSON object and table section, and the option's check.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { formatFit } from '../../server/src/cli/format-table.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';
import type { FitJson } from '../../server/src/protocol.ts';

const n = 200;
const B = 1000;

/** n exponential times with rate 0.5 (seeded), as a one-column CSV. */
function data(): string {
  const rand = rng(2024);
  const ys = Array.from({ length: n }, () => (-Math.log(1 - rand()) / 0.5).toFixed(9));
  return ['t', ...ys].join('\n');
}
const DATA = data();

function fit(fitLine: string): FitJson {
  const t = parseDataFile('d.csv', DATA);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\nparam rate > 0\nt ~ Exponential(rate)\n${fitLine}\n`, {
    ok: true,
    path: 'd.csv',
    table: t.table,
  });
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, JSON.stringify(r));
  return r.result;
}

describe('parametric bootstrap', () => {
  const res = fit(`fit bootstrap = ${B}, seed = 17`);

  test('exponential rate: bootstrap SE, bias and interval against the closed-form sampling distribution', () => {
    const b = res.bootstrap!;
    assert.ok(b, 'bootstrap object present');
    assert.deepEqual([b.replicates, b.failed, b.seed], [B, 0, 17]);
    const p = b.parameters[0];
    const lam = res.parameters[0].estimate!;
    // λ̂* = n/Σy*, Σy* ~ Gamma(n, λ̂): E λ̂* = λ̂ n/(n − 1), sd = λ̂ n/((n − 1)√(n − 2)) (≈ the Wald SE λ̂/√n).
    const sd = (lam * n) / ((n - 1) * Math.sqrt(n - 2));
    const wald = res.parameters[0].se!;
    assert.ok(Math.abs(wald - lam / Math.sqrt(n)) < 1e-9 * lam, `Wald SE ${wald} vs λ̂/√n`);
    // Monte-Carlo error of an SD from B draws: relative 1/√(2B) = 2.2 %; 4.5 of those: 10 %.
    const tolSe = 4.5 / Math.sqrt(2 * B);
    assert.ok(Math.abs(p.se! / sd - 1) < tolSe, `bootstrap SE ${p.se} vs exact ${sd} (Wald ${wald}), tol ${tolSe}`);
    assert.ok(Math.abs(p.se! / wald - 1) < tolSe + 0.01, `bootstrap SE ${p.se} vs Wald ${wald}`);
    // Bias λ̂/(n − 1); its Monte-Carlo SD is sd/√B.
    const bias = lam / (n - 1);
    assert.ok(
      Math.abs(p.bias! - bias) < 4.5 * (sd / Math.sqrt(B)),
      `bias ${p.bias} vs ${bias} (MC sd ${sd / Math.sqrt(B)})`,
    );
    // The 95 % percentile interval is about E λ̂* ± 1.96 sd (the gamma's skew moves each end by < 0.2 sd at n = 200).
    const mid = (lam * n) / (n - 1);
    for (const [got, want] of [
      [p.lower!, mid - 1.96 * sd],
      [p.upper!, mid + 1.96 * sd],
    ])
      assert.ok(Math.abs(got - want) < 0.35 * sd, `interval end ${got} vs ${want} (sd ${sd})`);
  });

  test('the same seed gives the same bootstrap; another seed another', () => {
    const again = fit(`fit bootstrap = 50, seed = 17`).bootstrap!;
    const same = fit(`fit bootstrap = 50, seed = 17`).bootstrap!;
    const other = fit(`fit bootstrap = 50, seed = 18`).bootstrap!;
    assert.deepEqual(same.parameters, again.parameters);
    assert.notDeepEqual(other.parameters, again.parameters);
  });

  test('the readable table has a bootstrap section; without the option there is no bootstrap object', () => {
    const text = formatFit(res);
    assert.match(text, new RegExp(`Parametric bootstrap: ${B} replicates, seed 17, 0 failed`));
    assert.match(text, /Bootstrap SE\s+Bias\s+percentile 2\.5 %\s+percentile 97\.5 %/);
    assert.equal(fit('fit seed = 1').bootstrap, undefined);
  });

  test('bootstrap must be a whole number ≥ 0 (invalid-option)', () => {
    for (const bad of ['-1', '2.5', 'many']) {
      const an = analyze(`param mu\nfit bootstrap = ${bad}\n`);
      assert.ok(
        an.diagnostics.some((d) => d.code === 'invalid-option'),
        `bootstrap = ${bad}: ${JSON.stringify(an.diagnostics.map((d) => d.code))}`,
      );
    }
  });
});
