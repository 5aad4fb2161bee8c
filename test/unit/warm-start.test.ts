// Newton on many rows starts from a subsample's optimum (strategies/general.ts): the answer must still be the full
// data's optimum, checked against the closed form of Normal(mu, exp(s)) on 200,000 rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

test('a 200,000-row Newton fit from the subsample start reaches the full-data optimum (closed form)', () => {
  const n = 200_000;
  let seed = 11;
  const u = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // Skewed values, so the subsample's mean and SD differ from the full data's in the third digit or so.
  const y = Array.from({ length: n }, (_, i) => (i < n / 2 ? 5 * u() * u() : 3 + u()));
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  const t = parseDataFile('d.csv', `y\n${y.join('\n')}`);
  assert.ok(t.ok);
  const r = runFit(
    analyze('data "d.csv"\nparam mu init 1\nparam s init 0\ny ~ Normal(mu, exp(s))', {
      ok: true,
      path: 'd.csv',
      table: t.table,
    }),
    'm.mle',
  );
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.result.method, 'newton');
  const est = (name: string): number => r.result.parameters.find((p) => p.name === name)!.estimate!;
  assert.ok(Math.abs(est('mu') - mean) <= 1e-9 * Math.abs(mean), `mu ${est('mu')}, closed form ${mean}`);
  assert.ok(Math.abs(est('s') - Math.log(sd)) <= 1e-9, `s ${est('s')}, closed form ${Math.log(sd)}`);
});
