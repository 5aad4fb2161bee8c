// Covariance of the parameters off the edges: the information sub-block inverted, edge rows and columns left null.

import { covarianceFromInformation, type Covariance } from './inference.ts';
import type { Edge } from './edges.ts';

/**
 * At an edge the likelihood is not locally quadratic in that parameter, so it has no SE; the others are inferred
 * with it held at its edge (the information of the remaining parameters, as in a model with the edge value fixed).
 */
export function interiorCovariance(info: Float64Array, P: number, edges: readonly Edge[]): Covariance {
  if (!edges.length) return covarianceFromInformation(info, P);
  const onEdge = new Set(edges.map((e) => e.j));
  const idx = Array.from({ length: P }, (_, j) => j).filter((j) => !onEdge.has(j));
  const m = idx.length;
  const sub = new Float64Array(m * m);
  idx.forEach((i, a) => idx.forEach((j, b) => (sub[a * m + b] = info[i * P + j])));
  const c = covarianceFromInformation(sub, m);
  const cov: (number | null)[][] = Array.from({ length: P }, () => new Array<number | null>(P).fill(null));
  idx.forEach((i, a) => idx.forEach((j, b) => (cov[i][j] = c.cov[a][b])));
  const nullDirections = c.nullDirections.map((v) => {
    const full = new Float64Array(P);
    idx.forEach((i, a) => (full[i] = v[a]));
    return full;
  });
  const unidentified = new Set([...c.unidentified].map((a) => idx[a]));
  return { cov, conditionNumber: c.conditionNumber, nullDirections, unidentified };
}
