// non-finite / extreme-value before fitting: an infinite or NaN outcome or data-only argument part is an error that
// names the expression and the row; a value beyond 1e150 is warned about; an ifelse guarding the branch is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

function diags(model: string, csv: string): string[] {
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${model}\n`, { ok: true, path: 'd.csv', table: t.table });
  return an.diagnostics
    .filter((d) => d.code === 'non-finite' || d.code === 'extreme-value')
    .map((d) => `${d.severity}[${d.code}] ${d.message}`);
}

const CSV = 'y,x\n1,2\n2,0\n3,2\n4,3\n5,4\n';
const HEAD = 'param a, b\nparam s > 0\n';

test('log(0) in a linear predictor: an error naming log(x), its value and the data row', () => {
  const d = diags(`${HEAD}y ~ Normal(a + b * log(x), s)`, CSV);
  assert.equal(d.length, 1, d.join('\n'));
  assert.match(d[0], /^error\[non-finite\] `log\(x\)` is −∞ in data row 2 \(file line 3\)/);
});

test('a transformed outcome that is infinite (log(0)) is one error naming the row (data-support says it first)', () => {
  const t = parseDataFile('d.csv', CSV);
  assert.ok(t.ok);
  const an = analyze(`data "d.csv"\n${HEAD}log(x) ~ Normal(a + b * y, s)\n`, {
    ok: true,
    path: 'd.csv',
    table: t.table,
  });
  const errors = an.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /-Infinity at row 2/);
});

test('1e308 in the outcome: a warning that squares overflow, with the row; the fit is not reported converged', () => {
  const csv = 'y,x\n1,0\n2,1\n1e308,2\n4,3\n5,4\n';
  const d = diags(`${HEAD}y ~ Normal(a + b * x, s)`, csv);
  assert.equal(d.length, 1, d.join('\n'));
  assert.match(d[0], /^warning\[extreme-value\] the outcome `y` is 1e\+308 in data row 3/);
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const r = runFit(
    analyze(`data "d.csv"\n${HEAD}y ~ Normal(a + b * x, s)\n`, { ok: true, path: 'd.csv', table: t.table }),
    'm',
  );
  assert.ok(r.ok);
  assert.ok(
    !(r.result.converged && r.result.parameters.some((p) => p.estimate === null)),
    'converged with null estimates',
  );
});

test('an ifelse that guards log(x) against 0, and finite data: no diagnostic', () => {
  assert.deepEqual(diags(`${HEAD}y ~ Normal(a + b * ifelse(x > 0, log(x), 0), s)`, CSV), []);
  assert.deepEqual(diags(`${HEAD}y ~ Normal(a + b * log(x + 1), s)`, CSV), []);
});
