// The fit problem's memo of its last order-2 evaluation (fit-problem.ts): replayed only for the very next request at
// the same theta, order and kind, with the values a fresh pass gives; any pass in between or another theta recomputes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { buildProblem } from '../../server/src/engine/fit-problem.ts';

function problem() {
  const ys = Array.from({ length: 40 }, (_, i) => 1 + Math.abs(Math.sin(i)) * 3 + i / 20);
  const csv = `y,x\n${ys.map((y, i) => `${y},${i % 7}`).join('\n')}`;
  const t = parseDataFile('d.csv', csv);
  assert.ok(t.ok);
  const model = lower(
    analyze('data "d.csv"\nparam a, b\nparam k > 0\ny ~ Weibull(k, exp(a + b * x))', {
      ok: true,
      path: 'd.csv',
      table: t.table,
    }),
  );
  return buildProblem(model);
}

test('a repeated order-2 evaluation at the same theta is replayed without a pass, with identical values', () => {
  const pb = problem();
  pb.theta.set([0.3, 0.05, 1.4]);
  assert.ok(pb.evalNatural(2));
  const first = { value: pb.ev.value, grad: Array.from(pb.ev.grad), hess: Array.from(pb.ev.hess) };
  const passes = pb.lik.evaluations;
  pb.ev.hess.fill(0); // a caller scribbling on the shared evaluation does not corrupt the replay
  assert.ok(pb.evalNatural(2));
  assert.equal(pb.lik.evaluations, passes, 'replayed, no pass');
  assert.deepEqual({ value: pb.ev.value, grad: Array.from(pb.ev.grad), hess: Array.from(pb.ev.hess) }, first);
});

test('another theta, or any pass in between, recomputes', () => {
  const pb = problem();
  pb.theta.set([0.3, 0.05, 1.4]);
  pb.evalNatural(2);
  const passes = pb.lik.evaluations;
  pb.theta[1] = 0.06;
  pb.evalNatural(2);
  assert.equal(pb.lik.evaluations, passes + 1, 'new theta');
  pb.evalNatural(0);
  pb.evalNatural(2);
  assert.equal(pb.lik.evaluations, passes + 3, 'an order-0 pass in between');
  // A pass made on the program directly (as the lasso strategy does) also invalidates the memo.
  pb.lik.evaluate(pb.theta, 0, { value: 0, grad: new Float64Array(3), hess: new Float64Array(9) });
  pb.evalNatural(2);
  assert.equal(pb.lik.evaluations, passes + 5, 'a direct pass in between');
  const v = pb.ev.value;
  pb.theta[1] = 0.05;
  pb.evalNatural(2);
  assert.notEqual(pb.ev.value, v);
});
