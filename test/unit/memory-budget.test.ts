// The memory budget's decision (engine/solvers/memory-budget.ts): the budget and footprint arithmetic, and which lowered models
// the SQL backend fits when the data are over budget (the rest are refused, with the reason).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { modelFor } from '../../server/src/fit/run-fit.ts';
import {
  BYTES_PER_CELL,
  budgetBytes,
  chooseFitPath,
  footprintBytes,
} from '../../server/src/engine/solvers/memory-budget.ts';

const MB = 1024 * 1024;
const CSV = 'y,x1,x2,g,t\n1,0.5,1,a,u\n0,-1,2,b,v\n1,2,0.5,a,w\n0,0.1,-1,b,u\n1,-0.3,0.2,a,v\n0,1.5,1.1,b,w\n';
const NUMERIC = new Set(['y', 'x1', 'x2']);

function model(body: string, fit = '') {
  const parsed = parseDataFile('d.csv', CSV);
  assert.ok(parsed.ok);
  const text = `data "d.csv"\n${body}\n${fit}`;
  const an = analyze(text, { ok: true, path: 'd.csv', table: parsed.table });
  return { m: modelFor(an), text };
}

/** The decision at 10 M rows × 3 columns (600 MB in memory) under a 100 MB budget. */
const over = (body: string, fit = '') => {
  const { m, text } = model(body, fit);
  return { path: chooseFitPath(10_000_000, 3, 100 * MB, m, NUMERIC), text };
};

test('budget: megabytes when positive, else a quarter of the RAM; footprint = rows × columns × bytes per cell', () => {
  assert.equal(budgetBytes(512, 16 * 1024 * MB), 512 * MB);
  assert.equal(budgetBytes(0, 16 * 1024 * MB), 4 * 1024 * MB);
  assert.equal(budgetBytes(undefined, 8 * 1024 * MB), 2 * 1024 * MB);
  assert.equal(budgetBytes(0.5, 1), 0.5 * MB);
  assert.equal(footprintBytes(1_000_000, 11), 11_000_000 * BYTES_PER_CELL);
});

test('within the budget: in memory, whatever the model', () => {
  const { m } = model('param a, b\nparam s > 0\nx1 ~ Normal(a + b * x2, s)');
  assert.deepEqual(chooseFitPath(1000, 3, 100 * MB, m, NUMERIC), { kind: 'memory' });
  // Exactly at the budget is still within it.
  assert.deepEqual(chooseFitPath(100 * MB, 1, 100 * MB * BYTES_PER_CELL, m, NUMERIC), { kind: 'memory' });
});

test('over the budget: a logistic regression goes to SQL, its coefficients mapped to the parameters in any order', () => {
  const { path, text } = over('param b1, b0, b2\ny ~ Bernoulli(logistic(x1 * b1 + b0 + b2 * x2))');
  assert.deepEqual(path, { kind: 'sql', shape: { y: 'y', covariates: ['x1', 'x2'], order: [1, 0, 2] } }, text);
  const plain = over('param b0, b1\ny ~ Bernoulli(logistic(b0 + b1 * x1))', 'fit level = 0.9');
  assert.equal(plain.path.kind, 'sql', plain.text);
});

test('over the budget: every other model is refused, with the reason', () => {
  const cases: [string, string, RegExp][] = [
    ['param a, b\ny ~ Poisson(exp(a + b * x1))', '', /not y ~ Bernoulli\(logistic/],
    ['param a, b\ny ~ Bernoulli(logistic(a - b * x1))', '', /linear predictor/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * x1 * x2))', '', /linear predictor/],
    ['param b\ny ~ Bernoulli(logistic(b * x1))', '', /intercept/],
    ['param a, b[g]\ny ~ Bernoulli(logistic(a + b[g]))', '', /linear predictor/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * log(x2 + 2)))', '', /parameter \* numeric column/],
    ['param a, b > 0\ny ~ Bernoulli(logistic(a + b * x1))', '', /bounded/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * x1))\nprior b ~ Normal(0, 1)', '', /priors/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * x1))', 'fit ci = profile', /ci = profile/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * x1))', 'fit bootstrap = 10', /bootstrap/],
    ['param a, b\ny ~ Bernoulli(logistic(a + b * x1))', 'fit se = sandwich', /sandwich/],
  ];
  for (const [body, fit, why] of cases) {
    const { path, text } = over(body, fit);
    assert.equal(path.kind, 'refuse', text);
    assert.match(path.kind === 'refuse' ? path.reason : '', why, text);
  }
  // A factor outcome (coded in memory) is not a numeric column for the SQL.
  const { m } = model('param a, b\ny ~ Bernoulli(logistic(a + b * x1))');
  const path = chooseFitPath(10_000_000, 3, 100 * MB, m, new Set(['x1']));
  assert.equal(path.kind, 'refuse');
});
