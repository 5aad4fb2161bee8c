// Catalogue of the v1 distributions, functions and keywords: one source for checks, completion, hover and the engine.

/** What values an argument accepts; `positive` arguments trigger `unconstrained-scale`. */
export type ArgDomain = 'real' | 'positive' | 'probability' | 'nonnegative-integer' | 'distribution';

/** The support of the observed data. */
export type Support =
  'real' | 'positive' | 'nonnegative' | 'unit-open' | 'binary' | 'count' | 'binomial' | 'uniform' | 'mixture';

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

const d = (info: DistributionInfo): DistributionInfo => info;

export const DISTRIBUTIONS: readonly DistributionInfo[] = [
  d({
    name: 'Normal',
    args: [
      { name: 'mu', domain: 'real', doc: 'mean' },
      { name: 'sigma', domain: 'positive', doc: 'standard deviation (> 0)' },
    ],
    support: 'real',
    supportText: 'all real numbers',
    discrete: false,
    density: 'f(y) = exp(-(y-mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))',
    mean: 'mu',
    variance: 'sigma^2',
    closedFormMle: 'mu = mean(y), sigma = sqrt(mean((y - mean(y))^2)) (divides by n, not n-1)',
  }),
  d({
    name: 'LogNormal',
    args: [
      { name: 'mu', domain: 'real', doc: 'mean of log(y)' },
      { name: 'sigma', domain: 'positive', doc: 'sd of log(y) (> 0)' },
    ],
    support: 'positive',
    supportText: 'y > 0',
    discrete: false,
    density: 'f(y) = exp(-(log y - mu)^2 / (2 sigma^2)) / (y sigma sqrt(2 pi))',
    mean: 'exp(mu + sigma^2/2)',
    variance: '(exp(sigma^2) - 1) exp(2 mu + sigma^2)',
    closedFormMle: 'mu = mean(log y), sigma = sqrt(mean((log y - mu)^2))',
  }),
  d({
    name: 'StudentT',
    args: [
      { name: 'nu', domain: 'positive', doc: 'degrees of freedom (> 0)' },
      { name: 'mu', domain: 'real', doc: 'location' },
      { name: 'sigma', domain: 'positive', doc: 'scale (> 0)' },
    ],
    support: 'real',
    supportText: 'all real numbers',
    discrete: false,
    density: 'f(y) = Γ((nu+1)/2) / (Γ(nu/2) sqrt(nu pi) sigma) (1 + ((y-mu)/sigma)^2/nu)^(-(nu+1)/2)',
    mean: 'mu (nu > 1)',
    variance: 'sigma^2 nu/(nu-2) (nu > 2)',
  }),
  d({
    name: 'Laplace',
    args: [
      { name: 'mu', domain: 'real', doc: 'location' },
      { name: 'b', domain: 'positive', doc: 'scale (> 0)' },
    ],
    support: 'real',
    supportText: 'all real numbers',
    discrete: false,
    density: 'f(y) = exp(-|y-mu|/b) / (2b)',
    mean: 'mu',
    variance: '2 b^2',
    closedFormMle: 'mu = median(y), b = mean(|y - median(y)|)',
  }),
  d({
    name: 'Cauchy',
    args: [
      { name: 'location', domain: 'real', doc: 'location (median)' },
      { name: 'scale', domain: 'positive', doc: 'scale (> 0)' },
    ],
    support: 'real',
    supportText: 'all real numbers',
    discrete: false,
    density: 'f(y) = 1 / (pi scale (1 + ((y-location)/scale)^2))',
    mean: 'undefined',
    variance: 'undefined',
  }),
  d({
    name: 'Logistic',
    args: [
      { name: 'mu', domain: 'real', doc: 'location' },
      { name: 's', domain: 'positive', doc: 'scale (> 0)' },
    ],
    support: 'real',
    supportText: 'all real numbers',
    discrete: false,
    density: 'f(y) = exp(-(y-mu)/s) / (s (1 + exp(-(y-mu)/s))^2)',
    mean: 'mu',
    variance: 's^2 pi^2 / 3',
  }),
  d({
    name: 'Exponential',
    args: [{ name: 'rate', domain: 'positive', doc: 'rate (> 0)' }],
    support: 'nonnegative',
    supportText: 'y ≥ 0',
    discrete: false,
    density: 'f(y) = rate exp(-rate y)',
    mean: '1/rate',
    variance: '1/rate^2',
    closedFormMle: 'rate = 1 / mean(y)',
  }),
  d({
    name: 'Gamma',
    args: [
      { name: 'shape', domain: 'positive', doc: 'shape (> 0)' },
      { name: 'rate', domain: 'positive', doc: 'rate (> 0)' },
    ],
    support: 'positive',
    supportText: 'y > 0',
    discrete: false,
    density: 'f(y) = rate^shape y^(shape-1) exp(-rate y) / Γ(shape)',
    mean: 'shape/rate',
    variance: 'shape/rate^2',
  }),
  d({
    name: 'Weibull',
    args: [
      { name: 'shape', domain: 'positive', doc: 'shape k (> 0)' },
      { name: 'scale', domain: 'positive', doc: 'scale λ (> 0)' },
    ],
    support: 'nonnegative',
    supportText: 'y ≥ 0',
    discrete: false,
    density: 'f(y) = (k/λ) (y/λ)^(k-1) exp(-(y/λ)^k)',
    mean: 'λ Γ(1 + 1/k)',
    variance: 'λ^2 (Γ(1 + 2/k) - Γ(1 + 1/k)^2)',
  }),
  d({
    name: 'Beta',
    args: [
      { name: 'a', domain: 'positive', doc: 'first shape (> 0)' },
      { name: 'b', domain: 'positive', doc: 'second shape (> 0)' },
    ],
    support: 'unit-open',
    supportText: '0 < y < 1',
    discrete: false,
    density: 'f(y) = y^(a-1) (1-y)^(b-1) / B(a, b)',
    mean: 'a/(a+b)',
    variance: 'ab / ((a+b)^2 (a+b+1))',
  }),
  d({
    name: 'Uniform',
    args: [
      { name: 'lower', domain: 'real', doc: 'lower end' },
      { name: 'upper', domain: 'real', doc: 'upper end (> lower)' },
    ],
    support: 'uniform',
    supportText: 'lower ≤ y ≤ upper',
    discrete: false,
    density: 'f(y) = 1/(upper - lower)',
    mean: '(lower+upper)/2',
    variance: '(upper-lower)^2/12',
    closedFormMle: 'lower = min(y), upper = max(y)',
    notes: 'Non-regular: the support depends on the parameters, so asymptotic SEs are not valid.',
  }),
  d({
    name: 'Bernoulli',
    args: [{ name: 'p', domain: 'probability', doc: 'probability of a 1, in (0, 1)' }],
    support: 'binary',
    supportText: 'y ∈ {0, 1}',
    discrete: true,
    density: 'P(y) = p^y (1-p)^(1-y)',
    mean: 'p',
    variance: 'p (1-p)',
    closedFormMle: 'p = mean(y)',
  }),
  d({
    name: 'Binomial',
    args: [
      { name: 'size', domain: 'nonnegative-integer', doc: 'number of trials (may be a column)' },
      { name: 'p', domain: 'probability', doc: 'success probability, in (0, 1)' },
    ],
    support: 'binomial',
    supportText: 'y ∈ {0, 1, …, size}',
    discrete: true,
    density: 'P(y) = C(size, y) p^y (1-p)^(size-y)',
    mean: 'size p',
    variance: 'size p (1-p)',
    closedFormMle: 'p = sum(y) / sum(size)',
  }),
  d({
    name: 'Poisson',
    args: [{ name: 'lambda', domain: 'positive', doc: 'rate (> 0)' }],
    support: 'count',
    supportText: 'y ∈ {0, 1, 2, …}',
    discrete: true,
    density: 'P(y) = lambda^y exp(-lambda) / y!',
    mean: 'lambda',
    variance: 'lambda',
    closedFormMle: 'lambda = mean(y)',
  }),
  d({
    name: 'NegBinomial',
    args: [
      { name: 'mu', domain: 'positive', doc: 'mean (> 0)' },
      { name: 'size', domain: 'positive', doc: 'dispersion (> 0; R glm.nb theta)' },
    ],
    support: 'count',
    supportText: 'y ∈ {0, 1, 2, …}',
    discrete: true,
    density: 'P(y) = Γ(y+size)/(Γ(size) y!) (size/(size+mu))^size (mu/(size+mu))^y',
    mean: 'mu',
    variance: 'mu + mu^2/size',
  }),
  d({
    name: 'Geometric',
    args: [{ name: 'p', domain: 'probability', doc: 'success probability, in (0, 1)' }],
    support: 'count',
    supportText: 'y ∈ {0, 1, 2, …} (failures before the first success)',
    discrete: true,
    density: 'P(y) = p (1-p)^y',
    mean: '(1-p)/p',
    variance: '(1-p)/p^2',
    closedFormMle: 'p = 1 / (1 + mean(y))',
  }),
  d({
    name: 'Mixture',
    args: [
      { name: 'w', domain: 'probability', doc: 'weight of D1, in (0, 1)' },
      { name: 'D1', domain: 'distribution', doc: 'first component' },
      { name: 'D2', domain: 'distribution', doc: 'second component' },
    ],
    support: 'mixture',
    supportText: 'that of D1 and D2',
    discrete: false,
    density: 'f(y) = w f1(y) + (1-w) f2(y)',
    mean: 'w mean1 + (1-w) mean2',
    variance: 'w (var1 + mean1^2) + (1-w)(var2 + mean2^2) - mean^2',
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

export const KEYWORDS = ['data', 'param', 'let', 'prior', 'derive', 'fit', 'in', 'init', 'ref', 'simplex'] as const;

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
  { name: 'seed', kind: 'integer', doc: 'random seed for restarts (fixed default: reproducible)' },
  { name: 'maxiter', kind: 'integer', doc: 'maximum optimizer iterations' },
  { name: 'tol', kind: 'number', doc: 'convergence tolerance' },
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
