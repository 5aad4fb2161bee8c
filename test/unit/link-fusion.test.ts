// Probit fusion and data-driven starts against R: Bernoulli/Binomial(Phi(η)) vs glm(binomial(link = "probit")), an
// exponential survival regression from the default starts vs survreg, and the intercept solved through any link.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { lower } from '../../server/src/language/lower.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import type { FitJson } from '../../server/src/protocol.ts';
import type { EngineModel, Node, Term } from '../../server/src/engine/model.ts';
import { DEFAULT_OPTIONS } from '../../server/src/engine/model.ts';
import { fuseTerm } from '../../server/src/engine/eval/fuse.ts';
import { buildProblem } from '../../server/src/engine/fit-problem.ts';
import { guessStarts } from '../../server/src/engine/solvers/starts.ts';
import { family } from '../../server/src/engine/distributions/index.ts';
import { scalarEval } from '../../server/src/engine/eval/scalar-eval.ts';
import { logPhi } from '../../server/src/engine/eval/special.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

interface RFit {
  r: string;
  estimate: number[];
  seExpected?: number[];
  seObserved?: number[];
  se?: number[];
  logLik: number;
}
const ref = JSON.parse(readFileSync('test/fixtures/descriptors/r-descriptors.json', 'utf8')) as Record<string, RFit>;
/** The R-agreement tolerances: estimates and logLik 1e-6, SEs 1e-4 (relative). */
const TOL = { estimate: 1e-6, se: 1e-4 };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Analyses `text` as if it were the file `modelPath` (its data path resolved from there). */
function analyzed(text: string, modelPath: string) {
  const dp = linkedDataPath(text)!;
  return analyze(text, loadData(resolveDataPath(resolve(modelPath), dp), dp));
}

function fit(text: string, modelPath: string): FitJson {
  const res = runFit(analyzed(text, modelPath), modelPath);
  assert.ok(res.ok, res.ok ? '' : `${res.message} ${JSON.stringify(res.diagnostics)}`);
  return res.result;
}

function agrees(ours: FitJson, r: RFit, names: string[], se: number[] | undefined): void {
  const ctx = (what: string, a: unknown, b: unknown): string => `${what}: ours ${a}, R ${b} (R call: ${r.r})`;
  assert.equal(ours.converged, true, 'converged');
  assert.ok(rel(ours.logLik!, r.logLik) <= TOL.estimate, ctx('logLik', ours.logLik, r.logLik));
  names.forEach((name, j) => {
    const p = ours.parameters.find((q) => q.name === name)!;
    assert.ok(rel(p.estimate!, r.estimate[j]) <= TOL.estimate, ctx(`${name} estimate`, p.estimate, r.estimate[j]));
    if (se) assert.ok(rel(p.se!, se[j]) <= TOL.se, ctx(`${name} SE`, p.se, se[j]));
  });
}

const INFERT = (init: string): string => `data "infert.csv"
param a${init}
param b_spont, b_induced, b_age
case ~ Bernoulli(Phi(a + b_spont * spontaneous + b_induced * induced + b_age * age))
`;
const INFERT_NAMES = ['a', 'b_spont', 'b_induced', 'b_age'];

test('Bernoulli(Phi(η)) and Binomial(n, Phi(η)) fuse to the probit forms', () => {
  const eta: Node = { op: 'param', index: 0 };
  const y: Node = { op: 'data', name: 'y', values: Float64Array.of(0, 1) };
  const phi: Node = { op: 'call', fn: 'Phi', a: eta };
  const b = fuseTerm({ dist: { name: 'Bernoulli' }, y, args: [phi], source: 0 });
  assert.equal(b.dist.name, 'BernoulliProbit');
  assert.equal(b.args[0], eta);
  const n: Node = { op: 'const', value: 5 };
  const bin = fuseTerm({ dist: { name: 'Binomial' }, y, args: [n, phi], source: 0 });
  assert.equal(bin.dist.name, 'BinomialProbit');
  assert.deepEqual(bin.args, [n, eta]);
});

test('probit regression on infert agrees with glm(binomial(link = "probit")): observed and expected SEs', () => {
  const r = ref.infertProbit;
  agrees(fit(INFERT(''), 'examples/probit.mle'), r, INFERT_NAMES, r.seObserved);
  agrees(fit(INFERT('') + 'fit se = expected\n', 'examples/probit.mle'), r, INFERT_NAMES, r.seExpected);
});

test('probit from an intercept of −60: the log-likelihood is finite there (log Φ, not log of an underflow)', () => {
  const text = INFERT(' init -60');
  const model = lower(analyzed(text, 'examples/probit.mle'));
  const p = buildProblem(model);
  assert.equal(p.theta0[0], -60);
  p.theta.set(p.theta0);
  assert.ok(p.evalNatural(0), 'finite at the start');
  // Slopes start at 0, so each case contributes log Φ(−60) and each control log Φ(60).
  const y = (model.terms[0].y as { values: Float64Array }).values;
  const cases = y.reduce((s, v) => s + v, 0);
  const expected = cases * logPhi(-60) + (y.length - cases) * logPhi(60);
  assert.ok(rel(p.ev.value, expected) <= 1e-12, `logLik at the start ${p.ev.value}, expected ${expected}`);
  agrees(fit(text, 'examples/probit.mle'), ref.infertProbit, INFERT_NAMES, ref.infertProbit.seObserved);
});

test('grouped probit regression on esoph agrees with glm(cbind(ncases, ncontrols) ~ …, binomial(link = "probit"))', () => {
  const names = ['a', 'b_age35', 'b_age45', 'b_age55', 'b_age65', 'b_age75', 'b_alc', 'b_tob'];
  const text = `data "esoph.csv"
param ${names.join(', ')}
let eta = a + b_age35 * age_35_44 + b_age45 * age_45_54 + b_age55 * age_55_64 +
          b_age65 * age_65_74 + b_age75 * age_75plus + b_alc * alc + b_tob * tob
ncases ~ Binomial(ncases + ncontrols, Phi(eta))
`;
  agrees(fit(text, 'examples/esoph-probit.mle'), ref.esophProbit, names, ref.esophProbit.seObserved);
});

test('exponential survival regression from the default starts agrees with survreg (it ended at a = 301 before)', () => {
  const text = `data "lung.csv"
param a, b_age, b_sex
time ~ Exponential(exp(-(a + b_age * age + b_sex * sex)))
`;
  const r = ref.lungExponential;
  agrees(fit(text, 'test/fixtures/descriptors/lung.mle'), r, ['a', 'b_age', 'b_sex'], r.se);
});

/** A one-term model on y with x, parameters a (intercept), b (slope) and k (a second argument). */
function oneTerm(dist: string, args: (a: Node, b: Node, x: Node, k: Node) => Node[], y: Float64Array, x: Float64Array) {
  const [a, b, k]: Node[] = [0, 1, 2].map((index) => ({ op: 'param', index }));
  const xn: Node = { op: 'data', name: 'x', values: x };
  const yn: Node = { op: 'data', name: 'y', values: y };
  const t: Term = { dist: { name: dist }, y: yn, args: args(a, b, xn, k), source: 0 };
  const model: EngineModel = {
    params: [{ name: 'a' }, { name: 'b' }, { name: 'k', lower: 0 }],
    n: y.length,
    terms: [fuseTerm(t)],
    priors: [],
    derived: [],
    options: DEFAULT_OPTIONS,
  };
  return { model, unfused: t };
}

const bin = (fn: '+' | '-' | '*' | '/', a: Node, b: Node): Node => ({ op: 'bin', fn, a, b });
const call = (fn: string, a: Node): Node => ({ op: 'call', fn, a });
const lin = (a: Node, b: Node, x: Node): Node => bin('+', a, bin('*', b, x));

const CASES: [string, string, (a: Node, b: Node, x: Node, k: Node) => Node[], readonly number[]][] = [
  ['Exponential', 'exp(-(a + b x))', (a, b, x) => [call('exp', { op: 'neg', a: lin(a, b, x) })], [0.01]],
  [
    'Exponential',
    '1 / exp(a + b x)',
    (a, b, x) => [bin('/', { op: 'const', value: 1 }, call('exp', lin(a, b, x)))],
    [0.3],
  ],
  ['Poisson', 'exp(a + b x) (fused)', (a, b, x) => [call('exp', lin(a, b, x))], [40]],
  ['Bernoulli', 'logistic(a + b x) (fused)', (a, b, x) => [call('logistic', lin(a, b, x))], [0.2]],
  ['Bernoulli', 'Phi(a + b x) (fused)', (a, b, x) => [call('Phi', lin(a, b, x))], [0.85]],
  ['Gamma', 'k, k / exp(a + b x)', (a, b, x, K) => [K, bin('/', K, call('exp', lin(a, b, x)))], [3, 0.02]],
  ['Weibull', 'k, exp(a + b x)', (a, b, x, K) => [K, call('exp', lin(a, b, x))], [1.5, 200]],
  ['Normal', 'a + b x, k', (a, b, x, K) => [lin(a, b, x), K], [100, 5]],
  ['NegBinomial', 'exp(a + b x), k', (a, b, x, K) => [call('exp', lin(a, b, x)), K], [12, 2]],
  [
    'Beta',
    'k, k·exp(−(a + b x))',
    (a, b, x, K) => [K, bin('*', K, call('exp', { op: 'neg', a: lin(a, b, x) }))],
    [2, 6],
  ],
];

for (const [dist, form, args, truth] of CASES) {
  test(`starts: ${dist}(${form}) gets the intercept whose mean matches the data's mean`, () => {
    const f = family(dist)!;
    const rand = rng(77);
    const y = Float64Array.from({ length: 4000 }, () => f.random(truth, rand));
    const x = Float64Array.from({ length: 4000 }, () => 10 + 60 * rand());
    const { model, unfused } = oneTerm(dist, args, y, x);
    const g = guessStarts(model);
    assert.ok(g.has(0), `${dist}(${form}): no intercept start`);
    const theta = Float64Array.from([0, 1, 2], (j) => (j === 1 ? 0 : (g.get(j) ?? NaN)));
    const natural = unfused.args.map((n) => scalarEval(n, theta).value);
    const want = f.mean(f.starts(y))!;
    const got = f.mean(natural)!;
    assert.ok(rel(got, want) <= 1e-9, `${dist}(${form}): mean at the start ${got}, data's moment mean ${want}`);
    const sample = y.reduce((s, v) => s + v, 0) / y.length;
    assert.ok(rel(got, sample) <= 0.1, `${dist}(${form}): mean at the start ${got}, sample mean ${sample}`);
  });
}
