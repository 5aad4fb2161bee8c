// A mixture on more than 40,000 rows searches its starts on a 20,000-row subsample (solvers/mixture-runs.ts): the
// reported estimate must still be the full data's maximum, here the one Newton reaches from the true values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { lowerClean } from '../../server/src/language/checks/lowered.ts';
import { buildProblem } from '../../server/src/engine/fit-problem.ts';
import { newton } from '../../server/src/engine/optimize/newton.ts';

test('a 60,000-row two-Normal mixture fitted from subsample starts reaches the full-data maximum', () => {
  let seed = 5;
  const u = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const normal = (): number => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
  const y = Array.from({ length: 60_000 }, () => (u() < 0.35 ? normal() : 3 + 1.5 * normal()));
  const t = parseDataFile('d.csv', `y\n${y.map((v) => v.toFixed(6)).join('\n')}`);
  assert.ok(t.ok);
  const text =
    'data "d.csv"\nparam w in (0, 1)\nparam mu1, mu2\nparam sigma1, sigma2 > 0\ny ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))';
  const an = analyze(text, { ok: true, path: 'd.csv', table: t.table });
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.result.converged, true);
  // The reference: Newton on all rows from the true values.
  const pb = buildProblem(lowerClean(an)!);
  const truth = [0.35, 0, 3, 1, 1.5];
  const ref = newton(
    pb.objective,
    Float64Array.from(truth, (v, j) => pb.tr[j].toFree(v)),
    { maxiter: 200, tol: 1e-10 },
  );
  assert.ok(ref.converged);
  pb.tr.forEach((tr, j) => {
    const ours = r.result.parameters[j].estimate!;
    const theirs = tr.toNatural(ref.u[j]);
    assert.ok(
      Math.abs(ours - theirs) <= 1e-6 * Math.max(1, Math.abs(theirs)),
      `${r.result.parameters[j].name}: ${ours} vs ${theirs}`,
    );
  });
});
