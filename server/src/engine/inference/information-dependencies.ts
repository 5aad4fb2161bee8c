// The (near-)dependencies of an information matrix, decided on its diagonally scaled form and named one by one.

import { dependencies, involvedIn, scaledInformationSpectrum, smallDirections } from '../linalg/null-space.ts';
import type { Dependency } from './dependencies.ts';

/** σ-ratio (√ of the scaled information's eigenvalue ratio) at or below which a direction counts as nearly null. */
export const NEAR_RTOL = 1e-5;

export interface InformationDependency extends Dependency {
  /** √(λ_min/λ_max) of the scaled information: 1 / (κ of the column-scaled design) when I = XᵀX/σ². */
  readonly ratio: number;
}

export interface InformationDependencies {
  /** Exact null directions (eigenvalue ratio ≤ rtol), one dependency each. */
  readonly exact: InformationDependency[];
  /** Every exactly or nearly null direction (σ-ratio ≤ NEAR_RTOL), one readable basis for them all. */
  readonly all: InformationDependency[];
  /** Condition number of the scaled information's square root (κ of the column-scaled design); null if singular. */
  readonly scaledCondition: number | null;
}

/**
 * The small directions of D·I·D (D = diag(I)^(−1/2)), exact ones and all (exact or near), each set with a
 * readable basis (RREF from the last parameter backwards), so simultaneous dependencies are named separately.
 * `rtol` is the eigenvalue ratio below which the information counts as singular (SINGULAR_RTOL).
 */
export function informationDependencies(info: Float64Array, P: number, rtol: number): InformationDependencies {
  if (P === 0 || !info.every(Number.isFinite)) return { exact: [], all: [], scaledCondition: null };
  const sp = scaledInformationSpectrum(info, P);
  const max = sp.singular[0];
  const exactIdx = smallDirections(sp, Math.sqrt(rtol));
  const allIdx = smallDirections(sp, NEAR_RTOL);
  const min = sp.singular[P - 1];
  const group = (idx: number[]): InformationDependency[] =>
    dependencies(sp, idx).map((d) => ({ pivot: d.pivot, v: d.v, involved: involvedIn(d), ratio: min / max }));
  return { exact: group(exactIdx), all: group(allIdx), scaledCondition: min > 0 ? max / min : null };
}
