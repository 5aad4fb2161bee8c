// Simulated outcomes (engine/inference/simulate.ts, distributions/draw.ts): moments against the model's closed-form
// means and probabilities at CLT tolerances, seeded reproducibility, and the CSV written back (fit/simulate-csv.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';
import { simulateOutcomes, unsimulable } from '../../server/src/engine/inference/simulate.ts';
import { simulatedCsv } from '../../server/src/fit/simulate-csv.ts';

const N = 20_000;

/** A data set of N rows: x evenly spread in [0, 1), a placeholder outcome y, a text factor g with levels a, b, c. */
function dataset(): string {
  const lines = ['x,y,g'];
  for (let i = 0; i < N; i++) lines.push(`${(i / N).toFixed(6)},1,${'abc'[i % 3]}`);
  return lines.join('\n');
}
const DATA = dataset();

function modelOf(body: string) {
  const t = parseDataFile('d.csv', DATA);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${body}\n`, { ok: true, path: 'd.csv', table: t.table });
  const errors = an.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], body);
  return { an, model: lower(an), table: t.table };
}

/** z = Σ(y − m)/√Σv: under the model approximately N(0, 1); |z| < 4.5 fails by chance with probability 7e-6. */
function assertZ(sumDiff: number, sumVar: number, what: string): void {
  const z = sumDiff / Math.sqrt(sumVar);
  assert.ok(Math.abs(z) < 4.5, `${what}: z = ${z.toFixed(2)} (Σ(y − mean) = ${sumDiff}, Σvar = ${sumVar})`);
}

describe('simulated outcomes', () => {
  test('Poisson regression: Σ(y − λ_i) and Σ((y − λ_i)² − λ_i) within CLT bounds at given parameters', () => {
    const { model, table } = modelOf('param a, b\ny ~ Poisson(exp(a + b * x))');
    const theta = Float64Array.of(1, 1.5);
    const [y] = simulateOutcomes(model, theta, rng(11));
    const xs = table.byName.get('x')!.values;
    let d1 = 0,
      v1 = 0,
      d2 = 0,
      v2 = 0;
    for (let i = 0; i < N; i++) {
      const l = Math.exp(1 + 1.5 * xs[i]);
      d1 += y[i] - l;
      v1 += l;
      // Var((Y − λ)²) = μ4 − λ² = λ + 3λ² − λ² for a Poisson.
      d2 += (y[i] - l) ** 2 - l;
      v2 += l + 2 * l * l;
      assert.ok(Number.isInteger(y[i]) && y[i] >= 0, `row ${i}: ${y[i]}`);
    }
    assertZ(d1, v1, 'mean');
    assertZ(d2, v2, 'variance');
  });

  test('Mixture(w, Normal, Normal): mean w·μ1 + (1 − w)·μ2 and the share above the midpoint', () => {
    const { model } = modelOf(
      'param w in (0, 1)\nparam m1, m2\nparam s > 0\ny ~ Mixture(w, Normal(m1, s), Normal(m2, s))',
    );
    const [w, m1, m2, s] = [0.3, -2, 3, 0.5];
    const [y] = simulateOutcomes(model, Float64Array.of(w, m1, m2, s), rng(3));
    const mean = w * m1 + (1 - w) * m2;
    const variance = s * s + w * (1 - w) * (m2 - m1) ** 2;
    let sum = 0,
      below = 0;
    for (const v of y) {
      sum += v - mean;
      if (v < 0.5) below++;
    }
    assertZ(sum, N * variance, 'mixture mean');
    // Components 5 SDs from the midpoint: the share below it is w up to 3e-7.
    assertZ(below - N * w, N * w * (1 - w), 'component 1 share');
  });

  test('Categorical: level frequencies against softmax(η) with η_a = 0, η_b = 1, η_c = −0.5', () => {
    const { model } = modelOf('param b[g] ref\ng ~ Categorical(b[g])');
    assert.equal(model.params.length, 2);
    const eta = [0, 1, -0.5];
    const [y] = simulateOutcomes(model, Float64Array.of(eta[1], eta[2]), rng(5));
    const z = eta.reduce((a, e) => a + Math.exp(e), 0);
    for (let k = 0; k < 3; k++) {
      const p = Math.exp(eta[k]) / z;
      let c = 0;
      for (const v of y) if (v === k) c++;
      assertZ(c - N * p, N * p * (1 - p), `level ${k}`);
    }
  });

  test('a seed fixes the draws; another seed changes them', () => {
    const { model } = modelOf('param mu\nparam s > 0\ny ~ Normal(mu, s)');
    const th = Float64Array.of(1, 2);
    const a = simulateOutcomes(model, th, rng(42))[0];
    assert.deepEqual(simulateOutcomes(model, th, rng(42))[0], a);
    assert.notDeepEqual(simulateOutcomes(model, th, rng(43))[0], a);
  });

  test('the CSV keeps the header, every row and the other columns; factor outcomes are written as labels', () => {
    const { an, model, table } = modelOf('param b[g] ref\ng ~ Categorical(b[g] + 0 * x)');
    const [y] = simulateOutcomes(model, Float64Array.of(0.2, -0.1), rng(9));
    const res = simulatedCsv(table, an.rowsUsed, model, [y], () => 'term');
    assert.ok('csv' in res);
    const lines = res.csv.trimEnd().split('\n');
    assert.equal(lines.length, N + 1);
    assert.equal(lines[0], 'x,y,g');
    const orig = DATA.split('\n');
    for (const i of [1, 2, 777, N]) {
      const [x, yy, g] = lines[i].split(',');
      const [ox, oy] = orig[i].split(',');
      assert.deepEqual([Number(x), Number(yy)], [Number(ox), Number(oy)], `row ${i}`);
      assert.equal(g, 'abc'[y[i - 1]], `row ${i}`);
    }
  });

  test('a transformed outcome cannot be written back to a column: a clear error', () => {
    const { an, model, table } = modelOf('param mu\nparam s > 0\nlog(x + 1) ~ Normal(mu, s)');
    assert.equal(unsimulable(model), undefined);
    const ys = simulateOutcomes(model, Float64Array.of(0, 1), rng(1));
    const res = simulatedCsv(table, an.rowsUsed, model, ys, () => 'log(x + 1) ~ Normal(mu, s)');
    assert.ok('error' in res && /expression, not a column/.test(res.error), JSON.stringify(res));
  });
});
