// The (near-)dependencies of an information matrix, decided on its diagonally scaled form and named one by one.

import { dependencies, involvedIn, scaledInformationSpectrum, smallDirections } from '../linalg/null-space.ts';
import type { Dependency } from './dependencies.ts';

/** σ-ratio (√ of the scaled information's eigenvalue ratio) at or below which a direction counts as nearly null. */
export const NEAR_RTOL = 1e-5;

export interface InformationDependency extends Dependency {
  /** √(λ/λ_max) of the scaled information: the design's singular-value ratio when I = XᵀX/σ². */
  readonly ratio: number;
}

export interface InformationDependencies {
  /** Exact null directions (eigenvalue ratio ≤ rtol), one dependency each. */
  readonly exact: InformationDependency[];
  /** Nearly null directions (σ-ratio ≤ NEAR_RTOL but above the exact cutoff). */
  readonly near: InformationDependency[];
  /** Condition number of the scaled information's square root (κ of the column-scaled design); null if singular. */
  readonly scaledCondition: number | null;
}

/**
 * Splits the small directions of D·I·D (D = diag(I)^(−1/2)) into exact and near ones and gives each group a
 * readable basis (RREF from the last parameter backwards), so simultaneous dependencies are named separately.
 * `rtol` is the eigenvalue ratio below which the information counts as singular (SINGULAR_RTOL).
 */
export function informationDependencies(info: Float64Array, P: number, rtol: number): InformationDependencies {
  if (P === 0 || !info.every(Number.isFinite)) return { exact: [], near: [], scaledCondition: null };
  const sp = scaledInformationSpectrum(info, P);
  const max = sp.singular[0];
  const exactIdx = smallDirections(sp, Math.sqrt(rtol));
  const nearIdx = smallDirections(sp, NEAR_RTOL).filter((k) => !exactIdx.includes(k));
  const min = sp.singular[P - 1];
  // Each readable vector mixes the group's eigenvectors: its own ratio is √(wᵀ(DID)w / wᵀw) / σ_max.
  const ratioOf = (w: Float64Array): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < P; i++) {
      den += w[i] * w[i];
      for (let j = 0; j < P; j++) num += w[i] * info[i * P + j] * sp.scale[i] * sp.scale[j] * w[j];
    }
    return Math.sqrt(Math.max(0, num) / den) / max;
  };
  const group = (idx: number[]): InformationDependency[] =>
    dependencies(sp, idx).map((d) => ({ pivot: d.pivot, v: d.v, involved: involvedIn(d), ratio: ratioOf(d.weight) }));
  return { exact: group(exactIdx), near: group(nearIdx), scaledCondition: min > 0 ? max / min : null };
}
