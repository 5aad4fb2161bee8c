// constant-outcome: an all-0 / all-1 binary outcome or all-zero counts is reported before fitting (no finite MLE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';

function codes(model: string, y: readonly number[], n: readonly number[] = y.map(() => 3)): string[] {
  const csv = 'y,x,n\n' + y.map((v, i) => `${v},${(i * 0.7) % 3},${n[i]}`).join('\n') + '\n';
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${model}\n`, { ok: true, path: 'd.csv', table: t.table });
  return an.diagnostics.filter((d) => d.code === 'constant-outcome').map((d) => d.message);
}

const LOGIT = 'param a, b\ny ~ Bernoulli(logistic(a + b * x))';
const POIS = 'param a, b\ny ~ Poisson(exp(a + b * x))';

test('an all-ones logistic regression outcome: warned, naming the column and the direction', () => {
  const m = codes(LOGIT, [1, 1, 1, 1, 1, 1]);
  assert.equal(m.length, 1);
  assert.match(m[0], /`y` is 1 in every one of the 6 used rows.*\+∞/);
});

test('all-zero counts in a Poisson regression: warned (mean goes to 0)', () => {
  const m = codes(POIS, [0, 0, 0, 0, 0]);
  assert.equal(m.length, 1);
  assert.match(m[0], /`y` is 0 in every one of the 5 used rows: .*fitted mean goes to 0/);
});

test('a binomial outcome equal to its size in every row: warned', () => {
  const m = codes('param a\ny ~ Binomial(n, logistic(a))', [3, 2, 4], [3, 2, 4]);
  assert.equal(m.length, 1);
  assert.match(m[0], /its number of trials/);
});

test('mixed outcomes, or priors on every parameter: no warning', () => {
  assert.deepEqual(codes(LOGIT, [1, 0, 1, 1, 0, 1]), []);
  assert.deepEqual(codes(POIS, [0, 0, 1, 0, 0]), []);
  assert.deepEqual(codes(LOGIT + '\nprior a, b ~ Normal(0, 2.5)', [1, 1, 1, 1]), []);
});
