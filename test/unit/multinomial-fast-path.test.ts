// The multinomial-logit fast path (solvers/strategies/multinomial.ts): chosen for a Categorical whose every η is
// linear over data columns (with `method = auto`), in agreement with the general Newton path (which
// `fit method = newton` asks for) to 1e-9 on estimates and SEs; not chosen for a nonlinear η or separated data; its score and
// information against finite differences of its own log-likelihood, including a parameter shared by two classes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { fitModel } from '../../server/src/engine/fit.ts';
import { DEFAULT_OPTIONS, type EngineModel, type Node } from '../../server/src/engine/model.ts';
import { multinomialDesign } from '../../server/src/engine/solvers/multinomial-design.ts';
import { makePass, solveMultinomial } from '../../server/src/engine/solvers/multinomial.ts';
import { MULTINOMIAL_METHOD } from '../../server/src/engine/solvers/strategies/multinomial.ts';
import type { FitJson } from '../../server/src/protocol.ts';

const TOL = 1e-9;

function fit(text: string, csv: string): FitJson {
  const r = runFit(analyze(text, loadData(`examples/${csv}`, csv)), 'm.mle');
  assert.ok(r.ok, `fit failed for\n${text}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return r.result;
}

const MODELS: [string, string, string][] = [
  [
    'iris: a standardised column (a parameter-free expression), the reference η = 0 · column',
    'iris.csv',
    'param a[Species] ref\nparam b[Species] ref\nlet z = (Sepal.Length - mean(Sepal.Length)) / sd(Sepal.Length)\nSpecies ~ Categorical(a[Species] + b[Species] * z)\n',
  ],
  [
    'warpbreaks: an indicator of a second factor',
    'warpbreaks.csv',
    'param a[tension] ref\nparam c[tension, wool] ref\ntension ~ Categorical(a[tension] + c[tension, wool])\n',
  ],
  [
    'warpbreaks: a raw column and an indicator',
    'warpbreaks.csv',
    'param a[tension] ref\nparam b[tension] ref\nparam c[tension, wool] ref\ntension ~ Categorical(a[tension] + b[tension] * breaks + c[tension, wool])\n',
  ],
  ['mtcars: intercepts only', 'mtcars.csv', 'param a[factor(gear)] ref\ngear ~ Categorical(a[factor(gear)])\n'],
];

for (const [what, csv, model] of MODELS) {
  test(`fast path chosen and equal to the general Newton path to ${TOL}: ${what}`, () => {
    const text = `data "${csv}"\n${model}`;
    const fast = fit(text, csv);
    const general = fit(`${text}fit method = newton\n`, csv);
    const show = `\n${text}\nfast: ${JSON.stringify(fast.parameters)}\ngeneral: ${JSON.stringify(general.parameters)}`;
    assert.equal(fast.method, MULTINOMIAL_METHOD, show);
    assert.equal(general.method, 'newton', show);
    // The post-fit verdict (first-order optimality from an independent gradient pass) ran and passed.
    assert.equal(fast.converged, true, show);
    assert.equal(fast.optimality?.ok, true, JSON.stringify(fast.optimality));
    assert.deepEqual(
      fast.diagnostics.filter((d) => d.severity !== 'info'),
      [],
      show,
    );
    assert.ok(Math.abs(fast.logLik! - general.logLik!) <= TOL * Math.abs(general.logLik!), show);
    for (const p of general.parameters) {
      const q = fast.parameters.find((x) => x.name === p.name)!;
      if (p.fixed) continue;
      assert.ok(Math.abs(q.estimate! - p.estimate!) <= TOL * Math.max(1, Math.abs(p.estimate!)), `${p.name}${show}`);
      assert.ok(Math.abs(q.se! - p.se!) <= TOL * p.se!, `${p.name} SE${show}`);
    }
  });
}

test('not chosen for a nonlinear η (exp(b) · x), nor for separated data (the general path reports separation)', () => {
  const nonlinear = fit(
    'data "iris.csv"\nparam a[Species] ref\nparam b[Species] ref\nSpecies ~ Categorical(a[Species] + exp(b[Species]) * Sepal.Length)\n',
    'iris.csv',
  );
  assert.equal(nonlinear.method, 'newton');
  const separated = fit(
    'data "iris.csv"\nparam a[Species] ref\nparam b[Species] ref\nparam c[Species] ref\nSpecies ~ Categorical(a[Species] + b[Species] * Sepal.Length + c[Species] * Sepal.Width)\n',
    'iris.csv',
  );
  assert.equal(separated.method, 'newton');
  assert.ok(
    separated.diagnostics.some((d) => d.code === 'separation'),
    JSON.stringify(separated.diagnostics),
  );
});

/** Three classes; η_1 = p0 + p2·x, η_2 = p1 + p2·z + p3·x: p2 is shared by two classes on different columns. */
function sharedModel(method: EngineModel['options']['method'], n = 400): EngineModel {
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const y = new Float64Array(n);
  let s = 12345;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  for (let i = 0; i < n; i++) {
    x[i] = rand() * 2 - 1;
    z[i] = rand() * 2 - 1;
    const e = [1, Math.exp(0.3 + 0.8 * x[i]), Math.exp(-0.2 + 0.8 * z[i] - 0.5 * x[i])];
    const u = rand() * (e[0] + e[1] + e[2]);
    y[i] = u < e[0] ? 0 : u < e[0] + e[1] ? 1 : 2;
  }
  const p = (index: number): Node => ({ op: 'param', index });
  const col = (name: string, values: Float64Array): Node => ({ op: 'data', name, values });
  const mul = (a: Node, b: Node): Node => ({ op: 'bin', fn: '*', a, b });
  const add = (a: Node, b: Node): Node => ({ op: 'bin', fn: '+', a, b });
  const X = col('x', x);
  return {
    params: ['a1', 'a2', 'c', 'b2'].map((name) => ({ name })),
    n,
    terms: [
      {
        dist: { name: 'Categorical', classes: 3 },
        y: col('y', y),
        args: [
          { op: 'const', value: 0 },
          add(p(0), mul(p(2), X)),
          add(add(p(1), mul(col('z', z), p(2))), mul(p(3), X)),
        ],
        source: 0,
      },
    ],
    priors: [],
    derived: [],
    options: { ...DEFAULT_OPTIONS, method },
  };
}

test('a parameter shared by two classes: fast path equals the general path; score and information by differences', () => {
  const fast = fitModel(sharedModel('auto'));
  const general = fitModel(sharedModel('newton'));
  const show = `\nfast: ${fast.estimates} ${JSON.stringify(fast.wald)}\ngeneral: ${general.estimates} ${JSON.stringify(general.wald)}`;
  assert.equal(fast.method, MULTINOMIAL_METHOD, show);
  assert.equal(fast.converged, true, show);
  for (let j = 0; j < 4; j++) {
    assert.ok(
      Math.abs(fast.estimates[j] - general.estimates[j]) <= TOL * Math.max(1, Math.abs(general.estimates[j])),
      show,
    );
    const [a, b] = [fast.cov![j][j]!, general.cov![j][j]!];
    assert.ok(Math.abs(Math.sqrt(a) - Math.sqrt(b)) <= TOL * Math.sqrt(b), show);
  }
  // The kernel's score and information at a point away from the optimum, against central differences of its ℓ.
  const model = sharedModel('auto');
  const d = multinomialDesign(model, model.terms[0])!;
  assert.ok(d, 'design');
  const pass = makePass(d, 4);
  const th = Float64Array.of(0.2, -0.4, 0.5, -0.3);
  const g = new Float64Array(4);
  const H = new Float64Array(16);
  const ext = new Int32Array(1);
  pass(th, 2, g, H, ext);
  const ll = (t: Float64Array): number => pass(t, 0, new Float64Array(4), new Float64Array(16), ext);
  const score = (t: Float64Array): Float64Array => {
    const s = new Float64Array(4);
    pass(t, 1, s, new Float64Array(16), ext);
    return s;
  };
  const h = 1e-5;
  const at = (j: number, dj: number): Float64Array => {
    const t = Float64Array.from(th);
    t[j] += dj;
    return t;
  };
  for (let j = 0; j < 4; j++) {
    const fd = (ll(at(j, h)) - ll(at(j, -h))) / (2 * h);
    assert.ok(Math.abs(fd - g[j]) <= 1e-6 * (1 + Math.abs(g[j])), `score ${j}: ${g[j]} vs ${fd}`);
    // Information = −∂(score)/∂θ_j, by central differences of the score.
    const [up, down] = [score(at(j, h)), score(at(j, -h))];
    for (let k = 0; k < 4; k++) {
      const fd2 = -(up[k] - down[k]) / (2 * h);
      assert.ok(
        Math.abs(fd2 - H[j * 4 + k]) <= 1e-6 * (1 + Math.abs(H[j * 4 + k])),
        `info ${j},${k}: ${H[j * 4 + k]} vs ${fd2}`,
      );
    }
  }
});

test('big data (subsample start, then steps with the full score and the scaled subsample information) = Newton', () => {
  // The path of data over 300,000 rows, here on 30,000 rows with a 3,000-row subsample.
  const sizes = { warmAbove: 10_000, maxRows: 3_000, lastStepAbove: 10_000 };
  const model = sharedModel('auto', 30_000);
  const d = multinomialDesign(model, model.terms[0])!;
  const start = new Float64Array(4);
  const newton = solveMultinomial(d, 4, start, 200, 1e-10, { ...sizes, warmAbove: Infinity, lastStepAbove: Infinity });
  const big = solveMultinomial(d, 4, start, 200, 1e-10, sizes);
  const show = `\nnewton: ${newton.theta} (${newton.iterations} it)\nbig: ${big.theta} (${big.iterations} it)`;
  assert.ok(newton.converged && big.converged, show);
  // Score steps were taken, and from there Newton needed fewer exact steps than from 0.
  assert.ok(big.scoreSteps > 0 && big.iterations - big.scoreSteps < newton.iterations, show);
  for (let j = 0; j < 4; j++) {
    assert.ok(Math.abs(big.theta[j] - newton.theta[j]) <= TOL * Math.max(1, Math.abs(newton.theta[j])), show);
    // Its information is taken within ~1e-5 SE of the estimate (the last, tiny step is taken without a pass).
    for (let k = 0; k < 4; k++)
      assert.ok(Math.abs(big.info[j * 4 + k] - newton.info[j * 4 + k]) <= 1e-6 * newton.info[j * 4 + j], show);
  }
  assert.ok(Math.abs(big.logLik - newton.logLik) <= TOL * Math.abs(newton.logLik), show);
});
