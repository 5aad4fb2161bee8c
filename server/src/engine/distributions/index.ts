// Registry of the families (one descriptor each) and of the fused link forms the engine rewrites to.

import type { DistImpl, Family, FusedForm } from './types.ts';
import type { DistSpec } from '../model.ts';
import { normal } from './normal.ts';
import { logNormal } from './log-normal.ts';
import { studentT } from './student-t.ts';
import { laplace } from './laplace.ts';
import { cauchy } from './cauchy.ts';
import { logisticDist } from './logistic.ts';
import { exponential } from './exponential.ts';
import { gamma } from './gamma.ts';
import { weibull } from './weibull.ts';
import { beta } from './beta.ts';
import { uniform } from './uniform.ts';
import { bernoulli } from './bernoulli.ts';
import { binomial } from './binomial.ts';
import { poisson } from './poisson.ts';
import { negBinomial } from './neg-binomial.ts';
import { geometric } from './geometric.ts';
import { bernoulliLogit } from './bernoulli-logit.ts';
import { bernoulliProbit } from './bernoulli-probit.ts';
import { binomialLogit } from './binomial-logit.ts';
import { binomialProbit } from './binomial-probit.ts';
import { poissonLog } from './poisson-log.ts';
import { mixture } from './mixture.ts';
import { categorical } from './categorical.ts';
import { censored } from './censored.ts';

/** The families the language offers, in the order completion and docs list them. */
export const FAMILIES: readonly Family[] = [
  normal,
  logNormal,
  studentT,
  laplace,
  cauchy,
  logisticDist,
  exponential,
  gamma,
  weibull,
  beta,
  uniform,
  bernoulli,
  binomial,
  poisson,
  negBinomial,
  geometric,
];

/** Densities of family(…, link(η), …) the engine fuses to (see eval/fuse.ts). */
export const FUSED_FORMS: readonly FusedForm[] = [
  bernoulliLogit,
  bernoulliProbit,
  binomialLogit,
  binomialProbit,
  poissonLog,
];

const registry = new Map<string, DistImpl>([...FAMILIES, ...FUSED_FORMS].map((d) => [d.name, d]));
const families = new Map(FAMILIES.map((f) => [f.name, f]));
const fused = new Map(FUSED_FORMS.map((f) => [f.name, f]));

export function distImpl(name: string): DistImpl | undefined {
  return registry.get(name);
}

/** The family descriptor of a name the language offers (not a fused form, not Mixture). */
export function family(name: string): Family | undefined {
  return families.get(name);
}

export function fusedForm(name: string): FusedForm | undefined {
  return fused.get(name);
}

/**
 * The implementation of a (possibly composite) distribution; a Mixture gets its own buffers of `chunk` rows, a
 * Categorical its K = `spec.classes` log-odds arguments.
 */
export function resolveDist(spec: DistSpec, chunk: number): DistImpl | undefined {
  if (spec.name === 'Categorical') return spec.classes && spec.classes >= 2 ? categorical(spec.classes) : undefined;
  if (spec.name === 'Censored') {
    const f = spec.base ? families.get(spec.base.name) : undefined;
    return f?.logCdf && f.logSurvival ? censored(f, chunk) : undefined;
  }
  if (spec.name !== 'Mixture') return registry.get(spec.name);
  const cs = (spec.components ?? []).map((c) => resolveDist(c, chunk));
  return cs.length >= 2 && cs.every((c) => c !== undefined) ? mixture(cs as DistImpl[], chunk) : undefined;
}
