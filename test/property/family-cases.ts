// One simulate-and-refit case per family of the registry: every argument a parameter (data-only ones a literal).

import { FAMILIES } from '../../server/src/engine/distributions/index.ts';
import type { Family } from '../../server/src/engine/distributions/types.ts';
import { filled, sumLogpdf, type Expectation, type ParamSpec, type SimCase } from './sim-case.ts';

/** Families outside the regular theory, by name; every other (and every new) family is judged as regular. */
const EXPECTATIONS: Readonly<Record<string, Expectation>> = { Laplace: 'non-smooth', Uniform: 'non-regular' };

/** Odd, so that a Laplace location has a unique MLE (the middle order statistic). */
export const FAMILY_N = 401;

export function familyCase(f: Family, seed: number): SimCase {
  const params: ParamSpec[] = [];
  // A data-only argument (Binomial size) is written as its example value; the others become parameters.
  const argText = f.args.map((a, i) => {
    if (a.domain === 'nonnegative-integer') return String(f.example[i]);
    params.push({ name: a.name, truth: f.example[i], domain: a.domain });
    return a.name;
  });
  const full = (theta: readonly number[]): number[] => {
    let j = 0;
    return f.args.map((a, i) => (a.domain === 'nonnegative-integer' ? f.example[i] : theta[j++]));
  };
  return {
    name: f.name,
    params,
    n: FAMILY_N,
    seed,
    expectation: EXPECTATIONS[f.name] ?? 'regular',
    likelihood: `y ~ ${f.name}(${argText.join(', ')})`,
    simulate(rand) {
      return { y: Float64Array.from({ length: FAMILY_N }, () => f.random(f.example, rand)) };
    },
    logLik(theta, cols) {
      return sumLogpdf(
        f,
        cols.y,
        full(theta).map((v) => filled(cols.y.length, v)),
      );
    },
  };
}

export const familyCases = (): SimCase[] => FAMILIES.map((f, i) => familyCase(f, 1001 + i));
