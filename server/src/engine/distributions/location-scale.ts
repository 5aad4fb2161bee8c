// Shared builder of location-scale densities lp = φ(r) − log s, r = (y − m)/s: partials from φ', φ'' (and a shape ν).

import type { DistImpl } from './types.ts';

/** φ and its partials at r (and shape ν when the family has one). */
export interface Phi {
  v: number;
  r: number;
  rr: number;
  n: number;
  nn: number;
  rn: number;
}

export type PhiFn = (r: number, nu: number, out: Phi) => void;

/**
 * Builds a density over x = [y, (ν,) m, s]. Index layout: y = 0, then the shape if any, then location and scale.
 * Second partials in (y, m, s) come from the chain rule through r, which is why one φ serves every family.
 */
export function locationScale(name: string, phi: PhiFn, hasShape: boolean): DistImpl {
  const K = hasShape ? 4 : 3;
  const iN = 1;
  const iM = hasShape ? 2 : 1;
  const iS = hasShape ? 3 : 2;
  const t = (a: number, b: number): number => {
    if (a > b) {
      const c = a;
      a = b;
      b = c;
    }
    return a * K - (a * (a - 1)) / 2 + (b - a);
  };
  const P: Phi = { v: 0, r: 0, rr: 0, n: 0, nn: 0, rn: 0 };
  return {
    name,
    nargs: K - 1,
    logpdf(len, x, order, { lp, d1, d2 }) {
      const y = x[0];
      const nu = hasShape ? x[iN] : undefined;
      const m = x[iM];
      const s = x[iS];
      for (let i = 0; i < len; i++) {
        const si = s[i];
        const ni = nu ? nu[i] : 0;
        if (!(si > 0) || (nu && !(ni > 0))) {
          lp[i] = -Infinity;
          continue;
        }
        const is = 1 / si;
        const r = (y[i] - m[i]) * is;
        phi(r, ni, P);
        lp[i] = P.v - Math.log(si);
        if (order === 0) continue;
        d1[0][i] = P.r * is;
        d1[iM][i] = -P.r * is;
        d1[iS][i] = (-1 - r * P.r) * is;
        if (hasShape) d1[iN][i] = P.n;
        if (order === 1) continue;
        const is2 = is * is;
        const a = P.rr * is2;
        const b = (r * P.rr + P.r) * is2;
        d2[t(0, 0)][i] = a;
        d2[t(0, iM)][i] = -a;
        d2[t(iM, iM)][i] = a;
        d2[t(0, iS)][i] = -b;
        d2[t(iM, iS)][i] = b;
        d2[t(iS, iS)][i] = (1 + 2 * r * P.r + r * r * P.rr) * is2;
        if (hasShape) {
          d2[t(iN, iN)][i] = P.nn;
          d2[t(0, iN)][i] = P.rn * is;
          d2[t(iM, iN)][i] = -P.rn * is;
          d2[t(iS, iN)][i] = -r * P.rn * is;
        }
      }
    },
  };
}
