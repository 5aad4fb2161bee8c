// Every derivative rule against central finite differences: each function and operator, and the Program's AD.
// (Each density's partials are checked for every registered family in distributions-registry.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNARY } from '../../server/src/engine/eval/functions.ts';
import { Program, makeEval } from '../../server/src/engine/eval/program.ts';
import type { Node, Term } from '../../server/src/engine/model.ts';

const FN_POINTS: Record<string, number[]> = {
  exp: [-1, 0.5],
  log: [0.3, 4],
  sqrt: [0.2, 9],
  abs: [-2, 3],
  log1p: [-0.5, 2],
  expm1: [-1, 0.3],
  logistic: [-3, 0.4],
  logit: [0.2, 0.9],
  Phi: [-1.5, 0.7],
  probit: [0.1, 0.8],
  lgamma: [0.7, 5.5],
  sin: [0.3, 2],
  cos: [-1, 1.2],
  atan: [-2, 0.5],
  gamma: [0.7, 3.5, -0.5, -1.5],
  log1pexp: [-3, 0.5, 20],
};

test('every function: first and second derivatives match finite differences', () => {
  assert.deepEqual(Object.keys(FN_POINTS).sort(), Object.keys(UNARY).sort(), 'every function in UNARY has test points');
  for (const [name, xs] of Object.entries(FN_POINTS)) {
    const f = UNARY[name];
    for (const x of xs) {
      const h = 1e-5 * Math.max(1, Math.abs(x));
      const y = f.f(x);
      const fd1 = (f.f(x + h) - f.f(x - h)) / (2 * h);
      const fd2 = (f.d1(x + h, f.f(x + h)) - f.d1(x - h, f.f(x - h))) / (2 * h);
      assert.ok(
        Math.abs(fd1 - f.d1(x, y)) <= 1e-6 * Math.max(1, Math.abs(fd1)),
        `${name}'(${x}) = ${f.d1(x, y)}, finite difference ${fd1}`,
      );
      assert.ok(
        Math.abs(fd2 - f.d2(x, y)) <= 1e-5 * Math.max(1, Math.abs(fd2)),
        `${name}''(${x}) = ${f.d2(x, y)}, finite difference ${fd2}`,
      );
    }
  }
});

// A model exercising every operator, shared subexpressions, data columns and constants, through the whole Program.
const p = (index: number): Node => ({ op: 'param', index });
const c = (value: number): Node => ({ op: 'const', value });
const x: Node = { op: 'data', name: 'x', values: Float64Array.from({ length: 2500 }, (_, i) => Math.sin(i) * 2) };
const y: Node = {
  op: 'data',
  name: 'y',
  values: Float64Array.from({ length: 2500 }, (_, i) => Math.cos(i * 0.7) + 0.5 * Math.sin(i)),
};
const bin = (fn: '+' | '-' | '*' | '/' | '^', a: Node, b: Node): Node => ({ op: 'bin', fn, a, b });
const call = (fn: string, a: Node): Node => ({ op: 'call', fn, a });
const shared = bin('*', p(1), x);
const mu = bin(
  '+',
  bin('-', p(0), { op: 'neg', a: shared }),
  bin('/', bin('*', p(2), p(2)), bin('+', c(2), call('exp', p(3)))),
);
const sigma = bin('^', bin('+', call('exp', bin('*', p(3), c(0.5))), bin('*', shared, shared)), c(0.5));

test('Program: exact gradient and Hessian of a model using every operator match finite differences', () => {
  const terms: Term[] = [{ dist: { name: 'Normal' }, y, args: [mu, sigma], source: 0 }];
  const prog = new Program(terms, 2500, 4);
  const theta = Float64Array.of(0.3, -0.4, 0.8, 0.2);
  const at = (t: Float64Array) => {
    const e = makeEval(4);
    prog.evaluate(t, 2, e);
    return e;
  };
  const e = at(theta);
  for (let j = 0; j < 4; j++) {
    const h = 1e-6;
    const up = theta.slice();
    up[j] += h;
    const dn = theta.slice();
    dn[j] -= h;
    const eu = at(up);
    const ed = at(dn);
    const fd = (eu.value - ed.value) / (2 * h);
    assert.ok(
      Math.abs(fd - e.grad[j]) <= 1e-6 * Math.max(1, Math.abs(fd)),
      `grad[${j}] = ${e.grad[j]}, finite difference ${fd}`,
    );
    for (let k = 0; k < 4; k++) {
      const fd2 = (eu.grad[k] - ed.grad[k]) / (2 * h);
      assert.ok(
        Math.abs(fd2 - e.hess[j * 4 + k]) <= 1e-5 * Math.max(1, Math.abs(fd2)),
        `hess[${j},${k}] = ${e.hess[j * 4 + k]}, finite difference ${fd2}`,
      );
    }
  }
});
