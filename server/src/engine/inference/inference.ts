// Covariance from the information matrix: eigen-decomposition, condition number, singular directions, Wald intervals.

import { symmetricEigen } from '../linalg/symmetric-eigen.ts';
import { probit, twoSidedP } from '../eval/special.ts';
import { informationDependencies, type InformationDependencies } from './information-dependencies.ts';
import { structuredCovariance } from './structured-covariance.ts';

export interface Covariance {
  /** P×P covariance, null entries where a parameter lies in a near-null direction. */
  readonly cov: (number | null)[][];
  readonly conditionNumber: number | null;
  /** Null directions of the information, one per dependency (readable basis, pivot coefficient 1), when singular. */
  readonly nullDirections: Float64Array[];
  /** Parameters whose SE cannot be reported (they load on a null direction). */
  readonly unidentified: Set<number>;
  /** Exact and near dependencies of the column-scaled information, each named on its own. */
  readonly dependencies?: InformationDependencies;
}

/** Relative eigenvalue below which the information counts as singular. */
export const SINGULAR_RTOL = 1e-12;

/** Inverts the (symmetric) information matrix I, tolerating singularity. */
export function covarianceFromInformation(info: Float64Array, P: number): Covariance {
  if (P === 0) return { cov: [], conditionNumber: null, nullDirections: [], unidentified: new Set() };
  // Many factor levels and a few shared parameters: the same result from the arrowhead's small core.
  const structured = structuredCovariance(info, P, SINGULAR_RTOL);
  if (structured) return structured;
  const rows = Array.from({ length: P }, (_, i) => Array.from(info.subarray(i * P, (i + 1) * P)));
  // Judge singularity on the diagonally scaled matrix: ill-conditioning from units (Year ≈ 1955) is not singularity.
  // A diagonal so small that 1/√ overflows (1e-320, from data at 1e-300) is left unscaled.
  const scale = rows.map((r, i) => (r[i] > 0 && Number.isFinite(1 / Math.sqrt(r[i])) ? 1 / Math.sqrt(r[i]) : 1));
  const scaled = rows.map((r, i) => r.map((x, j) => x * scale[i] * scale[j]));
  // A non-finite entry, before or after scaling, would send the eigen-solver into NaN indices (it throws).
  const finite = rows.every((r) => r.every(Number.isFinite)) && scaled.every((r) => r.every(Number.isFinite));
  if (!finite) {
    return {
      cov: rows.map((r) => r.map(() => null)),
      conditionNumber: null,
      nullDirections: [],
      unidentified: new Set(rows.map((_, i) => i)),
    };
  }
  const e = symmetricEigen(scaled);
  const vals = e.realEigenvalues;
  const V = e.eigenvectorMatrix;
  // The condition number is a ratio: decompose rows / max|entry| so entries near 1e300 cannot overflow inside the solver.
  const big = Math.max(...rows.map((r) => Math.max(...r.map(Math.abs)))) || 1;
  const rawVals = symmetricEigen(rows.map((r) => r.map((x) => x / big))).realEigenvalues;
  const rawMax = Math.max(...rawVals.map(Math.abs));
  const rawMin = Math.min(...rawVals);
  const conditionNumber = rawMin > 0 ? rawMax / rawMin : null;
  const maxAbs = Math.max(...vals.map(Math.abs));
  const cutoff = SINGULAR_RTOL * maxAbs;
  const unidentified = new Set<number>();
  // A readable basis of the null space (one dependency per vector, in the parameters' units), not raw eigenvectors,
  // which mix simultaneous dependencies (a unit change and a dummy trap) into one unreadable direction.
  const dependencies = informationDependencies(info, P, SINGULAR_RTOL);
  const nullDirections = dependencies.exact.map((d) => d.v);
  vals.forEach((lam, k) => {
    if (lam > cutoff) return;
    // The direction on the parameters' own scale (the readable basis above is what the warnings name).
    const v = Float64Array.from(V.getColumn(k), (x, j) => x * scale[j]);
    const norm = Math.hypot(...v);
    for (let j = 0; j < P; j++) v[j] /= norm;
    // A parameter loading on the direction in either scale has no SE (the warning names those of `v`, so they must).
    V.getColumn(k).forEach((x, j) => {
      if (Math.abs(x) > 0.05 || Math.abs(v[j]) > 0.05) unidentified.add(j);
    });
  });
  rows.forEach((r, i) => {
    if (!(r[i] > 0)) unidentified.add(i);
  });
  const cov: (number | null)[][] = Array.from({ length: P }, () => new Array<number | null>(P).fill(0));
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      if (unidentified.has(i) || unidentified.has(j)) {
        cov[i][j] = null;
        continue;
      }
      let s = 0;
      vals.forEach((lam, k) => {
        if (lam > cutoff) s += (V.get(i, k) * V.get(j, k)) / lam;
      });
      cov[i][j] = s * scale[i] * scale[j];
    }
  }
  return { cov, conditionNumber, nullDirections, unidentified, dependencies };
}

export interface WaldRow {
  readonly se: number | null;
  readonly z: number | null;
  readonly p: number | null;
  readonly ci: [number | null, number | null];
}

export function wald(estimate: number, variance: number | null, level: number): WaldRow {
  if (variance === null || !(variance >= 0) || !Number.isFinite(estimate))
    return { se: null, z: null, p: null, ci: [null, null] };
  const se = Math.sqrt(variance);
  const q = probit(0.5 + level / 2);
  const z = se > 0 ? estimate / se : null;
  return { se, z, p: z === null ? null : twoSidedP(z), ci: [estimate - q * se, estimate + q * se] };
}
