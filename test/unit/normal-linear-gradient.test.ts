// The linear Normal path's gradient (normalLinearGradient, which the fit uses in place of a likelihood pass) against
// the likelihood program's own order-1 pass (the reference), at points away from the optimum where it is not ~0:
// σ declared first and an offset, so the parameter mapping and the design's y − offset both matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { buildProblem } from '../../server/src/engine/fit-problem.ts';
import { buildDesign, normalLinearGradient } from '../../server/src/engine/solvers/linear-normal.ts';
import { residualPass } from '../../server/src/engine/solvers/gram-pass.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';

test('∂ℓ/∂β = Xᵀr/σ², ∂ℓ/∂σ = (RSS/σ² − n)/σ equal the likelihood program’s gradient at three points', () => {
  const u = rng(5);
  const rows = Array.from({ length: 60 }, () => {
    const x = u() * 3;
    const z = u() - 0.5;
    return `${x},${z},${(1 + 0.5 * x - 2 * z + z + 0.3 * (u() - 0.5)).toFixed(5)}`;
  });
  const t = parseDataFile('d.csv', `x,z,y\n${rows.join('\n')}`);
  assert.ok(t.ok);
  const text = 'data "d.csv"\nparam sigma > 0\nparam a, b, c\ny ~ Normal(b * x + z + c * z + a, sigma)\n';
  const model = lower(analyze(text, { ok: true, path: 'd.csv', table: t.table }));
  const pb = buildProblem(model);
  const [meanNode] = pb.terms[0].args;
  const built = buildDesign(meanNode, pb.terms[0].y, model.n, model.params.length);
  assert.ok(built, 'a linear design');
  for (const at of [
    [0.7, 1.2, 0.4, -0.5],
    [2.5, -1, 3, 2],
    [0.05, 0.9, 0.55, -1.1],
  ]) {
    pb.theta.set(at);
    assert.ok(pb.evalNatural(1));
    const ref = Float64Array.from(pb.ev.grad);
    const coef = Float64Array.from(built.deps, (j) => at[j]);
    const score = new Float64Array(coef.length);
    const rss = residualPass(built.cols, built.y, coef, 0, model.n, score);
    const g = normalLinearGradient(score, rss, model.n, at[0], built.deps, 0, 4);
    g.forEach((v, j) =>
      assert.ok(Math.abs(v - ref[j]) <= 1e-9 * (1 + Math.abs(ref[j])), `θ = ${at}: ∂ℓ/∂θ${j} ${v} vs ${ref[j]}`),
    );
  }
});
