// The compiled kernels against the interpreter (the reference) to 1e-12 relative: every example and fixture model,
// every registered family, every function and operator; the compiled derivatives against finite differences; and the
// generator's safety invariant (no name or number from the model in the generated source).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { lowerClean } from '../../server/src/language/checks/lowered.ts';
import { Program, makeEval, type Eval } from '../../server/src/engine/eval/program.ts';
import { UNARY } from '../../server/src/engine/eval/functions.ts';
import { FAMILIES } from '../../server/src/engine/distributions/index.ts';
import { defaultStart, transformFor } from '../../server/src/engine/eval/transforms.ts';
import { concentrateSigma } from '../../server/src/engine/solvers/concentrated.ts';
import { setCompilerEnabled } from '../../server/src/engine/compile/switch.ts';
import type { EngineModel, Node, ParamSpec, Term } from '../../server/src/engine/model.ts';

/**
 * Relative agreement: |a − b| ≤ 1e-12 · max(|b|, 1e-3 · scale), scale the largest |entry| of the same array: an
 * entry summing to nearly 0 over the rows (cancellation) is compared at 1e-15 of the largest one.
 */
const TOL = 1e-12;

function agree(label: string, a: Eval, b: Eval, P: number): void {
  const close = (x: number, y: number, scale: number): boolean =>
    x === y || Math.abs(x - y) <= TOL * Math.max(Math.abs(y), 1e-3 * scale, 1e-300);
  assert.ok(close(a.value, b.value, 0), `${label}: value compiled ${a.value}, interpreted ${b.value}`);
  const gs = Math.max(...b.grad.map(Math.abs));
  for (let j = 0; j < P; j++)
    assert.ok(close(a.grad[j], b.grad[j], gs), `${label}: grad[${j}] compiled ${a.grad[j]}, interpreted ${b.grad[j]}`);
  const hs = Math.max(...b.hess.map(Math.abs));
  for (let k = 0; k < P * P; k++)
    assert.ok(
      close(a.hess[k], b.hess[k], hs),
      `${label}: hess[${Math.floor(k / P)},${k % P}] compiled ${a.hess[k]}, interpreted ${b.hess[k]}`,
    );
}

/** Evaluates both programs at theta (every order, observed and expected) and compares. */
function compare(label: string, terms: readonly Term[], n: number, P: number, theta: Float64Array): boolean {
  const fast = new Program(terms, n, P);
  const ref = new Program(terms, n, P, undefined, true);
  if (!fast.compiledKernel()) return false;
  const orders: [0 | 1 | 2, boolean][] = [
    [0, false],
    [1, false],
    [2, false],
  ];
  if (ref.hasFisher) orders.push([2, true]);
  for (const [order, expected] of orders) {
    const a = makeEval(P);
    const b = makeEval(P);
    const okA = fast.evaluate(theta, order, a, undefined, expected);
    const okB = ref.evaluate(theta, order, b, undefined, expected);
    assert.equal(okA, okB, `${label} order ${order}: finite compiled ${okA}, interpreted ${okB}`);
    if (okB) agree(`${label} (order ${order}${expected ? ', expected' : ''}) at θ = ${Array.from(theta)}`, a, b, P);
  }
  return true;
}

/** A point inside the bounds near the declared/default start, moved a little so no derivative is special. */
function pointNear(params: readonly ParamSpec[]): Float64Array {
  return Float64Array.from(params, (p, j) => {
    const s = p.init ?? defaultStart(p);
    const t = s + 0.01 * (j % 3 === 0 ? 1 : -1) * Math.max(Math.abs(s), 0.1);
    const inside = (p.lower === undefined || t > p.lower) && (p.upper === undefined || t < p.upper);
    return inside ? t : s;
  });
}

function modelOf(path: string): EngineModel | undefined {
  const text = readFileSync(path, 'utf8');
  const dp = linkedDataPath(text);
  if (!dp) return undefined;
  const data = loadData(resolveDataPath(path, dp), dp);
  return lowerClean(analyze(text, data.ok ? data : undefined));
}

const dirFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.mle'))
    .map((f) => resolve(dir, f));

test('every example and fixture model: compiled = interpreted to 1e-12 (value, gradient, Hessian, Fisher)', () => {
  const files = [...dirFiles('examples'), ...dirFiles('test/fixtures/models/good')];
  let compiled = 0;
  for (const file of files) {
    const model = modelOf(file);
    if (!model) continue;
    const P = model.params.length;
    const theta = pointNear(model.params);
    if (compare(file, model.terms, model.n, P, theta)) compiled++;
    if (model.priors.length) compare(`${file} priors`, model.priors, 1, P, theta);
  }
  // Only factor lookups stay interpreted: most example models compile.
  assert.ok(compiled >= files.length - 6, `only ${compiled} of ${files.length} models compiled`);
});

const p = (index: number): Node => ({ op: 'param', index });
const c = (value: number): Node => ({ op: 'const', value });
const bin = (fn: '+' | '-' | '*' | '/' | '^' | '<', a: Node, b: Node): Node => ({ op: 'bin', fn, a, b });
const N = 1500;
const col = (name: string, f: (i: number) => number): Node => ({
  op: 'data',
  name,
  values: Float64Array.from({ length: N }, (_, i) => f(i)),
});
const x = col('x', (i) => Math.sin(i) * 0.8);

/** y drawn near a family's example so the density is finite. */
function outcome(ex: readonly number[], discrete: boolean, name: string): Node {
  return col(name, (i) => {
    const y = ex[0] + (discrete ? 0 : 0.05 * Math.sin(3 * i) * Math.max(1, Math.abs(ex[0])));
    return discrete ? Math.max(0, Math.round(y + (i % 3) - 1)) : y;
  });
}

test('every registered family: compiled = interpreted with each argument a nonlinear expression', () => {
  for (const fam of FAMILIES) {
    // Argument k = example_k · exp(θ_k + θ_last·x) (positive stays positive; y ~ data near the example).
    const ex = fam.example;
    const K = fam.args.length;
    const args: Node[] = fam.args.map((a, k) =>
      a.domain === 'nonnegative-integer'
        ? c(ex[k])
        : a.domain === 'probability'
          ? { op: 'call', fn: 'logistic', a: bin('+', c(Math.log(ex[k] / (1 - ex[k]))), bin('*', p(k), x)) }
          : bin('*', c(ex[k]), { op: 'call', fn: 'exp', a: bin('+', p(k), bin('*', p(K), x)) }),
    );
    const y =
      fam.name === 'Uniform' ? col('y', () => (ex[0] + ex[1]) / 2) : outcome([ex[0] ?? 1], fam.support.discrete, 'y');
    const yy = fam.name === 'Uniform' ? y : { ...y };
    const terms: Term[] = [{ dist: { name: fam.name }, y: yy, args, source: 0 }];
    const theta = Float64Array.from({ length: K + 1 }, (_, j) => 0.01 * (j + 1));
    assert.ok(compare(fam.name, terms, N, K + 1, theta), `${fam.name} did not compile`);
  }
});

test('every function and operator: compiled = interpreted, and compiled derivatives = finite differences', () => {
  const arg: Record<string, Node> = {
    log: bin('+', c(2), bin('*', p(1), x)),
    sqrt: bin('+', c(2), bin('*', p(1), x)),
    log1p: bin('+', c(1), bin('*', p(1), x)),
    logit: { op: 'call', fn: 'logistic', a: bin('*', p(1), x) },
    probit: { op: 'call', fn: 'logistic', a: bin('*', p(1), x) },
    lgamma: bin('+', c(2), bin('*', p(1), x)),
    gamma: bin('+', c(2), bin('*', p(1), x)),
  };
  const y = col('y', (i) => Math.cos(i * 0.7));
  for (const fn of Object.keys(UNARY)) {
    const inner = arg[fn] ?? bin('*', p(1), x);
    const mu = bin('+', p(0), bin('*', p(2), { op: 'call', fn, a: inner }));
    checkModel(`function ${fn}`, mu, y);
  }
  // Every binary operator, a neg, a comparison inside ifelse and a shared subexpression.
  const shared = bin('*', p(1), x);
  const mu = bin(
    '+',
    bin('-', p(0), { op: 'neg', a: shared }),
    bin('/', bin('^', bin('+', c(1.5), bin('*', shared, shared)), p(2)), {
      op: 'ifelse',
      c: bin('<', x, c(0)),
      a: bin('+', c(3), shared),
      b: bin('+', c(2), p(2)),
    }),
  );
  checkModel('operators', mu, y);
});

/** mu in Normal(mu, exp(θ3)): compiled against interpreted, then the compiled gradient and Hessian against FD. */
function checkModel(label: string, mu: Node, y: Node): void {
  const terms: Term[] = [{ dist: { name: 'Normal' }, y, args: [mu, { op: 'call', fn: 'exp', a: p(3) }], source: 0 }];
  const P = 4;
  const theta = Float64Array.of(0.2, 0.3, 0.7, -0.1);
  assert.ok(compare(label, terms, N, P, theta), `${label} did not compile`);
  const prog = new Program(terms, N, P);
  const at = (t: Float64Array): Eval => {
    const e = makeEval(P);
    prog.evaluate(t, 2, e);
    return e;
  };
  const e = at(theta);
  for (let j = 0; j < P; j++) {
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
      `${label}: grad[${j}] = ${e.grad[j]}, FD ${fd}`,
    );
    for (let k = 0; k < P; k++) {
      const fd2 = (eu.grad[k] - ed.grad[k]) / (2 * h);
      assert.ok(
        Math.abs(fd2 - e.hess[j * P + k]) <= 1e-5 * Math.max(1, Math.abs(fd2)),
        `${label}: hess[${j},${k}] = ${e.hess[j * P + k]}, FD ${fd2}`,
      );
    }
  }
}

test('safety: no model name, column name, function name or number reaches the generated source', () => {
  const secret = 'zz_evil_name";process.exit(1);//';
  const marker = 123.456789;
  const data: Node = { op: 'data', name: secret, values: Float64Array.from({ length: N }, (_, i) => marker + i) };
  const mu = bin('+', bin('*', p(0), data), bin('*', c(marker), { op: 'call', fn: 'exp', a: p(1) }));
  const terms: Term[] = [{ dist: { name: 'Normal' }, y: x, args: [mu, c(2)], source: 0 }];
  const prog = new Program(terms, N, 2);
  const k = prog.compiledKernel();
  assert.ok(k, 'the model compiled');
  prog.evaluate(Float64Array.of(0.1, 0.2), 2, makeEval(2));
  prog.evaluate(Float64Array.of(0.1, 0.2), 2, makeEval(2), undefined, true);
  assert.ok(k.sources.length >= 3, 'values, observed and expected sources generated');
  for (const src of k.sources) {
    assert.ok(!src.includes('zz_evil'), 'a column name in the source');
    assert.ok(!src.includes('123.45'), 'a model number in the source');
    assert.ok(!src.includes('exp'), 'a function name in the source');
    // Only synthetic names, integer indices and the generator's own fragments.
    const words = new Set(src.match(/[A-Za-z_$][\w$]*/g));
    for (const w of words)
      assert.ok(
        /^([vdhxcqwuFVDHTgG]\d*(_\d+)?|we\d+_\d+|ue\d+_\d+_\d+|fa+\d+|ib\d+|p[ab]{1,2}\d+|D[12]_\d+_\d+|th\d*|IN|POW|BP|V|T|G|H|i|ii|start|len|const|let|for|return|function|values|derivs|columns|scalars|fns|f|d1|d2|d[12]|v|fa|fb|faa|fab|fbb|NaN|Math|pow|use|strict)$/.test(
          w,
        ),
        `unexpected word ${w}`,
      );
  }
});

test('a factor lookup is unsupported: the interpreter runs it', () => {
  const lookup: Node = {
    op: 'lookup',
    codes: Int32Array.from({ length: N }, (_, i) => i % 3),
    params: Int32Array.of(-1, 0, 1),
    labels: ['a', 'b', 'c'],
  };
  const terms: Term[] = [{ dist: { name: 'Normal' }, y: x, args: [lookup, c(1)], source: 0 }];
  const prog = new Program(terms, N, 2);
  assert.equal(prog.compiledKernel(), null);
  const e = makeEval(2);
  assert.ok(prog.evaluate(Float64Array.of(0.1, 0.2), 2, e));
});

test('least-squares residuals and Jacobian: compiled = interpreted (biexponential mean, a power and a ratio)', () => {
  const t = col('t', (i) => (20 * i) / N);
  const y = col('y', (i) => 3 * Math.exp(-1.2 * ((20 * i) / N)) + 0.01 * Math.sin(i));
  const e = (a: Node): Node => ({ op: 'call', fn: 'exp', a });
  const mean = bin(
    '+',
    bin('*', p(0), e({ op: 'neg', a: bin('*', p(1), t) })),
    bin('/', bin('*', p(2), e(bin('*', c(-1), bin('*', p(3), t)))), bin('^', bin('+', c(1), t), c(0.1))),
  );
  const params: ParamSpec[] = [
    { name: 'b1' },
    { name: 'b2', lower: 0 },
    { name: 'b3' },
    { name: 'b4' },
    { name: 's', lower: 0 },
  ];
  const model = {
    params,
    n: N,
    terms: [{ dist: { name: 'Normal' }, y, args: [mean, p(4)], source: 0 }],
    priors: [],
    derived: [],
    options: {} as EngineModel['options'],
  } as EngineModel;
  const tr = params.map(transformFor);
  const v = Float64Array.of(2, Math.log(0.8), 1, 0.1);
  const run = (on: boolean): { r: Float64Array; J: Float64Array[]; f: number; g: Float64Array; H: Float64Array } => {
    setCompilerEnabled(on);
    try {
      const cs = concentrateSigma(model, model.terms, tr)!;
      const r = new Float64Array(N);
      const J = Array.from({ length: 4 }, () => new Float64Array(N));
      assert.ok(cs.residuals(v, r, J));
      // Newton's RSS/2 with its observed Hessian: the fused compiled sums (rss-kernel.ts) against the unit program.
      const g = new Float64Array(4);
      const H = new Float64Array(16);
      const f = cs.objective(v, 2, g, H);
      return { r, J, f, g, H };
    } finally {
      setCompilerEnabled(true);
    }
  };
  const a = run(true);
  const b = run(false);
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= TOL * Math.max(Math.abs(y), 1e-300);
  for (let i = 0; i < N; i++) {
    assert.ok(close(a.r[i], b.r[i]), `r[${i}] compiled ${a.r[i]}, interpreted ${b.r[i]}`);
    for (let k = 0; k < 4; k++) assert.ok(close(a.J[k][i], b.J[k][i]), `J${k}[${i}]: ${a.J[k][i]} vs ${b.J[k][i]}`);
  }
  assert.ok(close(a.f, b.f), `RSS/2 compiled ${a.f}, interpreted ${b.f}`);
  // Sums over N rows: relative to the largest entry (cancellation in the r·∂²m part).
  const gs = Math.max(...b.g.map(Math.abs));
  const hs = Math.max(...b.H.map(Math.abs));
  for (let k = 0; k < 4; k++) assert.ok(Math.abs(a.g[k] - b.g[k]) <= 1e-10 * gs, `g${k}: ${a.g[k]} vs ${b.g[k]}`);
  for (let k = 0; k < 16; k++) assert.ok(Math.abs(a.H[k] - b.H[k]) <= 1e-10 * hs, `H${k}: ${a.H[k]} vs ${b.H[k]}`);
});
