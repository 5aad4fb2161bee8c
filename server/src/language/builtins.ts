// Catalogue of the distributions (from the engine's family descriptors, plus Mixture and Categorical), functions and keywords.

import { FAMILIES } from '../engine/distributions/index.ts';
import type { ArgDomain as FamilyArgDomain, Family, SupportKind } from '../engine/distributions/types.ts';

/** What values an argument accepts; `positive` arguments trigger `unconstrained-scale`. */
export type ArgDomain = FamilyArgDomain | 'distribution';

/** The support of the observed data ('categorical': the levels of a factor outcome). */
export type Support = SupportKind | 'mixture' | 'categorical';

export interface DistArg {
  readonly name: string;
  readonly domain: ArgDomain;
  readonly doc: string;
}

export interface DistributionInfo {
  readonly name: string;
  readonly args: readonly DistArg[];
  readonly support: Support;
  readonly supportText: string;
  readonly density: string;
  readonly mean: string;
  readonly variance: string;
  readonly closedFormMle?: string;
  readonly notes?: string;
  /** Discrete distributions; used by support checks. */
  readonly discrete: boolean;
}

/** A family's catalogue entry comes from its descriptor (engine/distributions/<family>.ts). */
const fromFamily = (f: Family): DistributionInfo => ({
  name: f.name,
  args: f.args,
  support: f.support.kind,
  supportText: f.support.text,
  discrete: f.support.discrete,
  ...f.doc,
});

const d = (info: DistributionInfo): DistributionInfo => info;

export const DISTRIBUTIONS: readonly DistributionInfo[] = [
  ...FAMILIES.map(fromFamily),
  d({
    name: 'Mixture',
    args: [
      {
        name: 'w',
        domain: 'probability',
        doc: 'weight of D1, in (0, 1); or a `simplex` vector w[1:K] for K components',
      },
      { name: 'D1', domain: 'distribution', doc: 'first component' },
      { name: 'D2', domain: 'distribution', doc: 'second component (with a simplex w: D2, …, DK)' },
    ],
    support: 'mixture',
    supportText: 'that of its components',
    discrete: false,
    density: 'f(y) = w f1(y) + (1-w) f2(y); with a simplex w[1:K]: f(y) = Σ_k w[k] fk(y)',
    mean: 'Σ_k w_k mean_k',
    variance: 'Σ_k w_k (var_k + mean_k^2) - mean^2',
  }),
  // Not an engine family descriptor: its engine form takes K arguments η_0…η_{K−1}, one per level of the outcome,
  // which lowering makes by evaluating the one written argument once per level (lower-categorical.ts).
  d({
    name: 'Categorical',
    args: [
      {
        name: 'eta',
        domain: 'real',
        doc: 'log-odds of a level: evaluated once per level k of the outcome, with every x[OUTCOME] at level k',
      },
    ],
    support: 'categorical',
    supportText: 'the K ≥ 2 levels of a factor (a numeric outcome is read as factor(column))',
    discrete: true,
    density: 'P(Y = k) = exp(η_k) / Σ_j exp(η_j)',
    mean: 'P(Y = k) for each level k',
    variance: 'P(Y = k)(1 - P(Y = k)) for each level k',
    closedFormMle: 'with eta = a[Y] and a ref: a[k] = log(n_k / n_ref)',
    notes:
      'Multi-class logistic regression (softmax). Fix a reference level with `ref` on the parameters indexed by the outcome, e.g. `param a[Species] ref`.',
  }),
];

const byName = new Map(DISTRIBUTIONS.map((x) => [x.name, x]));
export const distribution = (name: string): DistributionInfo | undefined => byName.get(name);

export interface FunctionInfo {
  readonly name: string;
  readonly params: readonly string[];
  readonly doc: string;
}

export const FUNCTIONS: readonly FunctionInfo[] = [
  { name: 'exp', params: ['x'], doc: 'e^x' },
  { name: 'log', params: ['x'], doc: 'natural logarithm' },
  { name: 'sqrt', params: ['x'], doc: 'square root' },
  { name: 'abs', params: ['x'], doc: 'absolute value' },
  { name: 'log1p', params: ['x'], doc: 'log(1 + x), accurate for small x' },
  { name: 'expm1', params: ['x'], doc: 'exp(x) - 1, accurate for small x' },
  { name: 'logistic', params: ['x'], doc: '1 / (1 + e^-x), the inverse logit' },
  { name: 'logit', params: ['p'], doc: 'log(p / (1 - p))' },
  { name: 'probit', params: ['p'], doc: 'standard normal quantile, the inverse of Phi' },
  { name: 'Phi', params: ['x'], doc: 'standard normal CDF' },
  { name: 'lgamma', params: ['x'], doc: 'log of the gamma function' },
  { name: 'pow', params: ['x', 'y'], doc: 'x^y' },
  { name: 'sin', params: ['x'], doc: 'sine' },
  { name: 'cos', params: ['x'], doc: 'cosine' },
  { name: 'atan', params: ['x'], doc: 'arc tangent, in (-pi/2, pi/2)' },
  // v2 additions.
  { name: 'gamma', params: ['x'], doc: 'the gamma function Γ(x)' },
  { name: 'lbeta', params: ['a', 'b'], doc: 'log of the beta function, lgamma(a) + lgamma(b) - lgamma(a + b)' },
  { name: 'log_sum_exp', params: ['a', 'b'], doc: 'log(exp(a) + exp(b)), without overflow' },
  { name: 'ifelse', params: ['cond', 'yes', 'no'], doc: '`yes` where `cond` is non-zero, else `no` (per row)' },
  { name: 'mean', params: ['x'], doc: 'mean of a column expression over the used rows (computed once)' },
  { name: 'sd', params: ['x'], doc: 'standard deviation (n - 1) of a column expression over the used rows' },
  { name: 'min', params: ['x'], doc: 'smallest value of a column expression over the used rows' },
  { name: 'max', params: ['x'], doc: 'largest value of a column expression over the used rows' },
  { name: 'median', params: ['x'], doc: 'median of a column expression over the used rows' },
  {
    name: 'factor',
    params: ['column'],
    doc: 'a numeric column read as a factor (levels in numeric order); only as an index',
  },
];

const fnByName = new Map(FUNCTIONS.map((x) => [x.name, x]));
export const func = (name: string): FunctionInfo | undefined => fnByName.get(name);

export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, inf: Infinity };

export const KEYWORDS = [
  'data',
  'param',
  'let',
  'prior',
  'derive',
  'fit',
  'in',
  'init',
  'ref',
  'simplex',
  'censored',
  'truncated',
  'right',
  'left',
  'when',
] as const;

export interface FitOptionInfo {
  readonly name: string;
  readonly values?: readonly string[];
  readonly kind: 'word' | 'integer' | 'number';
  readonly doc: string;
}

export const FIT_OPTIONS: readonly FitOptionInfo[] = [
  {
    name: 'method',
    kind: 'word',
    values: ['auto', 'newton', 'bfgs', 'lbfgs', 'irls', 'em', 'nelder_mead'],
    doc: 'optimizer (auto: the engine picks)',
  },
  {
    name: 'se',
    kind: 'word',
    values: ['observed', 'expected', 'sandwich'],
    doc: 'standard errors from the observed information, the expected information, or the sandwich',
  },
  {
    name: 'ci',
    kind: 'word',
    values: ['wald', 'profile'],
    doc: 'confidence intervals: Wald, or profile likelihood as well',
  },
  { name: 'level', kind: 'number', doc: 'confidence level in (0, 1), default 0.95' },
  { name: 'restarts', kind: 'integer', doc: 'extra random starts for multimodal likelihoods (default 0)' },
  { name: 'seed', kind: 'integer', doc: 'random seed for restarts and the bootstrap (fixed default: reproducible)' },
  { name: 'maxiter', kind: 'integer', doc: 'maximum optimizer iterations' },
  { name: 'tol', kind: 'number', doc: 'convergence tolerance' },
  {
    name: 'bootstrap',
    kind: 'integer',
    doc: 'parametric bootstrap: refit this many datasets simulated at the estimates (default 0: none; seeded by seed)',
  },
  {
    name: 'df',
    kind: 'word',
    values: ['asymptotic', 'residual'],
    doc: 'residual: as R summary(lm) for a linear Normal model, sigma = sqrt(RSS/(n - p)), t tests and intervals with n - p df (default asymptotic: z)',
  },
  {
    name: 'jacobian',
    kind: 'word',
    values: ['true', 'false'],
    doc: 'for a transformed outcome such as log(y): add the Jacobian so logLik and AIC are those of y itself',
  },
];

const optByName = new Map(FIT_OPTIONS.map((x) => [x.name, x]));
export const fitOption = (name: string): FitOptionInfo | undefined => optByName.get(name);

/** Damerau-free Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? (a[i - 1] === b[j - 1] ? 0 : 0.5) : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

/** The nearest candidate within a distance that scales with the name's length, if any. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(name, c);
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3)) + 0.5;
  return bestD <= limit ? best : undefined;
}
