// Every derivative rule against central finite differences: each density's partials, each function and operator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distImpl } from '../../server/src/engine/distributions/index.ts';
import { makeOut, tri } from '../../server/src/engine/distributions/types.ts';
import { UNARY } from '../../server/src/engine/eval/functions.ts';
import { Program, makeEval } from '../../server/src/engine/eval/program.ts';
import type { Node, Term } from '../../server/src/engine/model.ts';

/** Points (y, args...) inside each density's domain, with y treated as continuous where that makes sense. */
const CASES: Record<string, number[][]> = {
  Normal: [
    [0.3, -0.2, 1.7],
    [5, 2, 0.5],
  ],
  Bernoulli: [
    [1, 0.3],
    [0, 0.8],
  ],
  BernoulliLogit: [
    [1, 0.4],
    [0, -2.5],
  ],
  Binomial: [[3, 10, 0.35]],
  BinomialLogit: [[7, 10, 0.6]],
  Poisson: [
    [4, 2.5],
    [0, 0.7],
  ],
  PoissonLog: [[4, 0.9]],
  Exponential: [[1.3, 0.8]],
};
/** Arguments that are data and never differentiated (Binomial size). */
const FIXED: Record<string, number[]> = { Binomial: [1], BinomialLogit: [1] };
/** Discrete y: no derivative in y. */
const DISCRETE_Y = new Set(['Bernoulli', 'BernoulliLogit', 'Binomial', 'BinomialLogit', 'Poisson', 'PoissonLog']);

function lpAt(name: string, x: number[]): { lp: number; d1: number[]; d2: (a: number, b: number) => number } {
  const impl = distImpl(name)!;
  const K = x.length;
  const out = makeOut(K, 1);
  impl.logpdf(
    1,
    x.map((v) => Float64Array.of(v)),
    2,
    out,
  );
  return { lp: out.lp[0], d1: out.d1.map((a) => a[0]), d2: (a, b) => out.d2[tri(a, b, K)][0] };
}

for (const [name, points] of Object.entries(CASES)) {
  test(`${name}: partials match finite differences`, () => {
    for (const x of points) {
      const base = lpAt(name, x);
      assert.ok(Number.isFinite(base.lp), `${name}(${x}) lp not finite`);
      const skip = new Set([...(FIXED[name] ?? []), ...(DISCRETE_Y.has(name) ? [0] : [])]);
      for (let a = 0; a < x.length; a++) {
        if (skip.has(a)) continue;
        const h = 1e-5 * Math.max(1, Math.abs(x[a]));
        const up = x.slice();
        up[a] += h;
        const dn = x.slice();
        dn[a] -= h;
        const fd = (lpAt(name, up).lp - lpAt(name, dn).lp) / (2 * h);
        assert.ok(
          Math.abs(fd - base.d1[a]) <= 1e-6 * Math.max(1, Math.abs(fd)),
          `${name} at ${JSON.stringify(x)}: d/dx${a} = ${base.d1[a]}, finite difference ${fd}`,
        );
        for (let b = 0; b < x.length; b++) {
          if (skip.has(b)) continue;
          const fd2 = (lpAt(name, up).d1[b] - lpAt(name, dn).d1[b]) / (2 * h);
          assert.ok(
            Math.abs(fd2 - base.d2(a, b)) <= 1e-5 * Math.max(1, Math.abs(fd2)),
            `${name} at ${JSON.stringify(x)}: d2/dx${a}dx${b} = ${base.d2(a, b)}, finite difference ${fd2}`,
          );
        }
      }
    }
  });
}

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
