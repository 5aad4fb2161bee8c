// Registry of log-density implementations by name (including the fused link forms the engine rewrites to).

import type { DistImpl } from './types.ts';
import { normal } from './normal.ts';
import { bernoulli, bernoulliLogit } from './bernoulli.ts';
import { binomial, binomialLogit } from './binomial.ts';
import { poisson, poissonLog } from './poisson.ts';
import { exponential } from './exponential.ts';

const all: DistImpl[] = [normal, bernoulli, bernoulliLogit, binomial, binomialLogit, poisson, poissonLog, exponential];
const registry = new Map(all.map((d) => [d.name, d]));

export function distImpl(name: string): DistImpl | undefined {
  return registry.get(name);
}

export function registerDist(d: DistImpl): void {
  registry.set(d.name, d);
}
