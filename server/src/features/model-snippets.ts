// Whole-model templates (linear, logistic, Poisson and negative-binomial regression, a distribution fit, a mixture) as snippets.

/**
 * One template in VS Code snippet syntax. `${1:data.csv}` is the data file: completion turns it into a choice of the
 * files beside the model; snippets/mle.json holds the same bodies (a unit test keeps the two in step).
 */
export interface ModelSnippet {
  /** The snippet's name in snippets/mle.json. */
  readonly name: string;
  /** What the user types to get it (snippets/mle.json `prefix`), also the completion label. */
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}

export const DATA_PLACEHOLDER = '${1:data.csv}';

export const MODEL_SNIPPETS: readonly ModelSnippet[] = [
  {
    name: 'Linear regression',
    prefix: 'model-linear',
    description: 'Normal linear regression: y = a + b x + noise',
    body: [
      'data "${1:data.csv}"',
      '',
      'param a, b',
      'param sigma > 0',
      '',
      '${2:y} ~ Normal(a + b * ${3:x}, sigma)',
      '$0',
    ],
  },
  {
    name: 'Logistic regression',
    prefix: 'model-logistic',
    description: 'Logistic regression of a 0/1 outcome, with the odds ratio',
    body: [
      'data "${1:data.csv}"',
      '',
      'param a, b',
      '',
      '${2:y} ~ Bernoulli(logistic(a + b * ${3:x}))',
      '',
      'derive odds_ratio = exp(b)',
      '$0',
    ],
  },
  {
    name: 'Poisson regression',
    prefix: 'model-poisson',
    description: 'Poisson regression of a count with a log link, with the rate ratio',
    body: [
      'data "${1:data.csv}"',
      '',
      'param a, b',
      '',
      '${2:count} ~ Poisson(exp(a + b * ${3:x}))',
      '',
      'derive rate_ratio = exp(b)',
      '$0',
    ],
  },
  {
    name: 'Negative binomial regression',
    prefix: 'model-negbin',
    description: 'Overdispersed counts: negative binomial regression with a log link (theta as in MASS::glm.nb)',
    body: [
      'data "${1:data.csv}"',
      '',
      'param a, b',
      'param theta > 0',
      '',
      '${2:count} ~ NegBinomial(mu = exp(a + b * ${3:x}), size = theta)',
      '$0',
    ],
  },
  {
    name: 'Distribution fit',
    prefix: 'model-distribution',
    description: 'Fit a Gamma distribution to one column (shape and rate)',
    body: [
      'data "${1:data.csv}"',
      '',
      'param shape, rate > 0',
      '',
      '${2:y} ~ Gamma(shape, rate)',
      '',
      'derive mean = shape / rate',
      '$0',
    ],
  },
  {
    name: 'Two-component mixture',
    prefix: 'model-mixture',
    description:
      'Two-component Normal mixture; the inits keep the components apart, restarts guard against local optima',
    body: [
      'data "${1:data.csv}"',
      '',
      'param w in (0, 1) init 0.5',
      'param mu1 init ${3:0}',
      'param mu2 init ${4:1}',
      'param sigma1, sigma2 > 0',
      '',
      '${2:y} ~ Mixture(w, Normal(mu1, sigma1), Normal(mu2, sigma2))',
      '',
      'fit restarts = 4',
      '$0',
    ],
  },
];

/** `${1|a.csv,b.csv|}`: a snippet choice of the data files (commas, pipes and backslashes escaped), or the placeholder. */
export function dataChoice(files: readonly string[]): string {
  const usable = files.filter((f) => !/[$}"]/.test(f));
  if (!usable.length) return DATA_PLACEHOLDER;
  return `\${1|${usable.map((f) => f.replace(/[\\,|]/g, (c) => `\\${c}`)).join(',')}|}`;
}

/** The snippet text with the data placeholder replaced by a choice of `files`. */
export function snippetText(s: ModelSnippet, files: readonly string[]): string {
  return s.body.join('\n').replace(DATA_PLACEHOLDER, dataChoice(files));
}
