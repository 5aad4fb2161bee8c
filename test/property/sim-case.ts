// What a simulate-and-refit case is: true parameters, a seeded simulator, the model's likelihood line, logLik at a point.

import type { DistImpl } from '../../server/src/engine/distributions/types.ts';
import { makeOut } from '../../server/src/engine/distributions/types.ts';

/** A parameter's domain decides its constraint in the model text and how adversarial starts move it. */
export type ParamDomain = 'real' | 'positive' | 'probability';

export interface ParamSpec {
  readonly name: string;
  readonly truth: number;
  readonly domain: ParamDomain;
}

/**
 * How a case's estimates are judged. regular: within z·SE of the truth. non-smooth (Laplace): the location's score
 * is a step function, so its observed information is 0 and the MLE is a sample median (checked exactly).
 * non-regular (Uniform): the MLE is the sample extremes, n-consistent, with no valid SEs (checked exactly).
 * mixture: as regular, up to swapping the component labels.
 */
export type Expectation = 'regular' | 'non-smooth' | 'non-regular' | 'mixture';

export type Columns = Readonly<Record<string, Float64Array>>;

export interface SimCase {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  readonly n: number;
  readonly seed: number;
  readonly expectation: Expectation;
  /** The likelihood statement(s), e.g. `y ~ Normal(mu, sigma)`; the outcome column is always `y`. */
  readonly likelihood: string;
  /** Columns (y and any covariates) of n rows drawn with the descriptors' `random` from the uniform generator. */
  simulate(rand: () => number): Columns;
  /** The log-likelihood at a parameter vector (in `params` order), computed from the descriptors, not the language. */
  logLik(theta: readonly number[], cols: Columns): number;
  /** Truth vectors that describe the same distribution (label switching in mixtures); the truth itself first. */
  readonly equivalentTruths?: readonly (readonly number[])[];
  /** The fused density (eval/fuse.ts) this case's likelihood is rewritten to, if any. */
  readonly fuses?: string;
}

/** Σ log p(y_i | args_i) by a descriptor's own logpdf; `args` are per-row columns (constants filled to length n). */
export function sumLogpdf(d: DistImpl, y: Float64Array, args: readonly Float64Array[]): number {
  const n = y.length;
  const out = makeOut(d.nargs + 1, n);
  d.logpdf(n, [y, ...args], 0, out);
  let s = 0;
  for (let i = 0; i < n; i++) s += out.lp[i];
  return s;
}

export const filled = (n: number, v: number): Float64Array => new Float64Array(n).fill(v);

/** The constraint text a domain needs (the language's `unconstrained-scale` check asks for exactly these). */
export function constraintText(domain: ParamDomain): string {
  return domain === 'positive' ? ' > 0' : domain === 'probability' ? ' in (0, 1)' : '';
}
