// Regressions for simulate-and-refit: every fitting path (QR, IRLS, Levenberg–Marquardt, Newton) and fused link form.

import { family } from '../../server/src/engine/distributions/index.ts';
import { randNormal } from '../../server/src/engine/distributions/random.ts';
import { Phi } from '../../server/src/engine/eval/special.ts';
import { sumLogpdf, type Columns, type ParamSpec, type SimCase } from './sim-case.ts';

export const REGRESSION_N = 600;

/** Covariates: x1 ~ N(0, 1), x2 ~ U(−1, 1), t ~ U(0, 4) (a decay time), m ∈ {1, …, 10} (Binomial trials). */
const COVARIATES: Readonly<Record<string, (rand: () => number) => number>> = {
  x1: (rand) => randNormal(rand),
  x2: (rand) => 2 * rand() - 1,
  t: (rand) => 4 * rand(),
  m: (rand) => 1 + Math.floor(10 * rand()),
};

type Row = Readonly<Record<string, number>>;

interface RegressionSpec {
  readonly name: string;
  readonly family: string;
  readonly params: readonly ParamSpec[];
  readonly covariates: readonly string[];
  readonly likelihood: string;
  /** The family's arguments for one row at θ (mirrors the likelihood text; the same truth drives the draws). */
  readonly args: (th: Readonly<Record<string, number>>, row: Row) => number[];
  readonly fuses?: string;
}

function regression(spec: RegressionSpec, seed: number): SimCase {
  const f = family(spec.family)!;
  const named = (theta: readonly number[]) => Object.fromEntries(spec.params.map((p, j) => [p.name, theta[j]]));
  const truth = named(spec.params.map((p) => p.truth));
  const rowAt = (cols: Columns, i: number): Row => Object.fromEntries(spec.covariates.map((c) => [c, cols[c][i]]));
  return {
    name: spec.name,
    params: spec.params,
    n: REGRESSION_N,
    seed,
    expectation: 'regular',
    likelihood: spec.likelihood,
    fuses: spec.fuses,
    simulate(rand) {
      const cols: Record<string, Float64Array> = { y: new Float64Array(REGRESSION_N) };
      for (const c of spec.covariates) cols[c] = new Float64Array(REGRESSION_N);
      for (let i = 0; i < REGRESSION_N; i++) {
        for (const c of spec.covariates) cols[c][i] = COVARIATES[c](rand);
        cols.y[i] = f.random(spec.args(truth, rowAt(cols, i)), rand);
      }
      return cols;
    },
    logLik(theta, cols) {
      const th = named(theta);
      const n = cols.y.length;
      const argCols = Array.from({ length: f.nargs }, () => new Float64Array(n));
      for (let i = 0; i < n; i++) spec.args(th, rowAt(cols, i)).forEach((v, a) => (argCols[a][i] = v));
      return sumLogpdf(f, cols.y, argCols);
    },
  };
}

const real = (name: string, truth: number): ParamSpec => ({ name, truth, domain: 'real' });
const pos = (name: string, truth: number): ParamSpec => ({ name, truth, domain: 'positive' });
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

const SPECS: readonly RegressionSpec[] = [
  {
    name: 'Normal linear',
    family: 'Normal',
    params: [real('a', 2), real('b1', -1.5), real('b2', 0.8), pos('sigma', 1.3)],
    covariates: ['x1', 'x2'],
    likelihood: 'y ~ Normal(a + b1 * x1 + b2 * x2, sigma)',
    args: (p, r) => [p.a + p.b1 * r.x1 + p.b2 * r.x2, p.sigma],
  },
  {
    name: 'Normal nonlinear (exponential decay)',
    family: 'Normal',
    params: [real('a', 5), real('b', -0.6), pos('sigma', 0.4)],
    covariates: ['t'],
    likelihood: 'y ~ Normal(a * exp(b * t), sigma)',
    args: (p, r) => [p.a * Math.exp(p.b * r.t), p.sigma],
  },
  {
    name: 'Bernoulli logistic',
    family: 'Bernoulli',
    params: [real('a', -0.5), real('b1', 1.2), real('b2', -0.8)],
    covariates: ['x1', 'x2'],
    likelihood: 'y ~ Bernoulli(logistic(a + b1 * x1 + b2 * x2))',
    args: (p, r) => [logistic(p.a + p.b1 * r.x1 + p.b2 * r.x2)],
    fuses: 'BernoulliLogit',
  },
  {
    name: 'Bernoulli probit',
    family: 'Bernoulli',
    params: [real('a', 0.3), real('b1', -0.7), real('b2', 0.5)],
    covariates: ['x1', 'x2'],
    likelihood: 'y ~ Bernoulli(Phi(a + b1 * x1 + b2 * x2))',
    args: (p, r) => [Phi(p.a + p.b1 * r.x1 + p.b2 * r.x2)],
    fuses: 'BernoulliProbit',
  },
  {
    name: 'Binomial logistic',
    family: 'Binomial',
    params: [real('a', -1), real('b1', 0.6)],
    covariates: ['x1', 'm'],
    likelihood: 'y ~ Binomial(m, logistic(a + b1 * x1))',
    args: (p, r) => [r.m, logistic(p.a + p.b1 * r.x1)],
    fuses: 'BinomialLogit',
  },
  {
    name: 'Binomial probit',
    family: 'Binomial',
    params: [real('a', 0.4), real('b1', -0.5)],
    covariates: ['x1', 'm'],
    likelihood: 'y ~ Binomial(m, Phi(a + b1 * x1))',
    args: (p, r) => [r.m, Phi(p.a + p.b1 * r.x1)],
    fuses: 'BinomialProbit',
  },
  {
    name: 'Poisson log-link',
    family: 'Poisson',
    params: [real('a', 1), real('b1', 0.5), real('b2', -0.4)],
    covariates: ['x1', 'x2'],
    likelihood: 'y ~ Poisson(exp(a + b1 * x1 + b2 * x2))',
    args: (p, r) => [Math.exp(p.a + p.b1 * r.x1 + p.b2 * r.x2)],
    fuses: 'PoissonLog',
  },
  {
    name: 'NegBinomial log-link',
    family: 'NegBinomial',
    params: [real('a', 1.2), real('b1', 0.4), pos('size', 2.5)],
    covariates: ['x1'],
    likelihood: 'y ~ NegBinomial(exp(a + b1 * x1), size)',
    args: (p, r) => [Math.exp(p.a + p.b1 * r.x1), p.size],
  },
  {
    name: 'Exponential log-linear scale',
    family: 'Exponential',
    params: [real('a', 0.5), real('b1', 0.7)],
    covariates: ['x1'],
    likelihood: 'y ~ Exponential(exp(-(a + b1 * x1)))',
    args: (p, r) => [Math.exp(-(p.a + p.b1 * r.x1))],
  },
  {
    name: 'Gamma log-linear mean',
    family: 'Gamma',
    params: [pos('shape', 2), real('a', 1), real('b1', -0.5)],
    covariates: ['x1'],
    likelihood: 'y ~ Gamma(shape, shape * exp(-(a + b1 * x1)))',
    args: (p, r) => [p.shape, p.shape * Math.exp(-(p.a + p.b1 * r.x1))],
  },
  {
    name: 'Weibull log-linear scale',
    family: 'Weibull',
    params: [pos('shape', 1.5), real('a', 0.8), real('b1', 0.4)],
    covariates: ['x1'],
    likelihood: 'y ~ Weibull(shape, exp(a + b1 * x1))',
    args: (p, r) => [p.shape, Math.exp(p.a + p.b1 * r.x1)],
  },
];

export const regressionCases = (): SimCase[] => SPECS.map((s, i) => regression(s, 2001 + i));
