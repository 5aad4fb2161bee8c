// The covariance of a block-arrowhead information (factor levels + shared parameters) without a P×P eigensolve.

import { arrowExtremeEigen, arrowStructure } from '../linalg/arrowhead.ts';
import { arrowScaledEigen } from '../linalg/arrowhead-spectrum.ts';
import type { Covariance } from './inference.ts';
import { informationDependencies } from './information-dependencies.ts';

/**
 * The same quantities as the dense eigen-decomposition in covarianceFromInformation, from the arrowhead's small
 * core (linalg/arrowhead-spectrum.ts): the pseudo-inverse of the diagonally scaled information over its
 * eigenvalues above rtol·max, the parameters loading on the others withheld, the raw condition number from the
 * extreme eigenvalues (bisection on the inertia). Undefined when the information has no such structure.
 */
export function structuredCovariance(info: Float64Array, P: number, rtol: number): Covariance | undefined {
  const arrow = arrowStructure(info, P);
  if (!arrow || !info.every(Number.isFinite)) return undefined;
  const diag = (i: number): number => info[i * P + i];
  const scale = Float64Array.from({ length: P }, (_, i) =>
    diag(i) > 0 && Number.isFinite(1 / Math.sqrt(diag(i))) ? 1 / Math.sqrt(diag(i)) : 1,
  );
  const st = arrowScaledEigen(info, P, arrow, scale);
  if (!st) return undefined;
  const vals = st.values;
  const ext = arrowExtremeEigen(info, P, arrow);
  const rawMax = Math.max(Math.abs(ext.min), Math.abs(ext.max));
  const conditionNumber = ext.min > 0 ? rawMax / ext.min : null;
  const maxAbs = Math.max(...vals.map(Math.abs));
  const cutoff = rtol * maxAbs;
  const unidentified = new Set<number>();
  const dependencies = informationDependencies(info, P, rtol);
  const nullDirections = dependencies.exact.map((d) => d.v);
  vals.forEach((lam, k) => {
    if (lam > cutoff) return;
    const V = st.vectors[k];
    const v = Float64Array.from(V, (x, j) => x * scale[j]);
    const norm = Math.hypot(...v);
    for (let j = 0; j < P; j++) v[j] /= norm;
    V.forEach((x, j) => {
      if (Math.abs(x) > 0.05 || Math.abs(v[j]) > 0.05) unidentified.add(j);
    });
  });
  for (let i = 0; i < P; i++) if (!(diag(i) > 0)) unidentified.add(i);
  const pinv = st.pinv(cutoff);
  const cov: (number | null)[][] = Array.from({ length: P }, (_, i) => {
    const row = new Array<number | null>(P);
    const skipRow = unidentified.has(i);
    for (let j = 0; j < P; j++) row[j] = skipRow || unidentified.has(j) ? null : pinv[i * P + j] * scale[i] * scale[j];
    return row;
  });
  return { cov, conditionNumber, nullDirections, unidentified, dependencies };
}
