// Registry of log-density implementations by name (including the fused link forms the engine rewrites to).

import type { DistImpl } from './types.ts';
import type { DistSpec } from '../model.ts';
import { normal } from './normal.ts';
import { bernoulli, bernoulliLogit } from './bernoulli.ts';
import { binomial, binomialLogit } from './binomial.ts';
import { poisson, poissonLog } from './poisson.ts';
import { exponential } from './exponential.ts';
import { laplace, cauchy, logisticDist, studentT } from './location-scale.ts';
import { logNormal, gamma, weibull } from './positive.ts';
import { beta, uniform } from './unit-interval.ts';
import { negBinomial, geometric } from './counts.ts';
import { mixture } from './mixture.ts';

const all: DistImpl[] = [
  normal,
  bernoulli,
  bernoulliLogit,
  binomial,
  binomialLogit,
  poisson,
  poissonLog,
  exponential,
  laplace,
  cauchy,
  logisticDist,
  studentT,
  logNormal,
  gamma,
  weibull,
  beta,
  uniform,
  negBinomial,
  geometric,
];
const registry = new Map(all.map((d) => [d.name, d]));

export function distImpl(name: string): DistImpl | undefined {
  return registry.get(name);
}

/** The implementation of a (possibly composite) distribution; a Mixture gets its own buffers of `chunk` rows. */
export function resolveDist(spec: DistSpec, chunk: number): DistImpl | undefined {
  if (spec.name !== 'Mixture') return registry.get(spec.name);
  const cs = (spec.components ?? []).map((c) => resolveDist(c, chunk));
  return cs.length >= 2 && cs.every((c) => c !== undefined) ? mixture(cs as DistImpl[], chunk) : undefined;
}
