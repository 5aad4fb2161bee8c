// Location-scale densities lp = φ(r) − log s with r = (y − m)/s; partials follow from φ', φ'' (and a shape ν for StudentT).

import { log1pexp, studentTShape } from '../eval/special.ts';
import { logistic } from '../eval/functions.ts';
import type { DistImpl } from './types.ts';

/** φ and its partials at r (and shape ν when the family has one). */
interface Phi {
  v: number;
  r: number;
  rr: number;
  n: number;
  nn: number;
  rn: number;
}

type PhiFn = (r: number, nu: number, out: Phi) => void;

/**
 * Builds a density over x = [y, (ν,) m, s]. Index layout: y = 0, then the shape if any, then location and scale.
 * Second partials in (y, m, s) come from the chain rule through r, which is why one φ serves every family.
 */
function locationScale(name: string, phi: PhiFn, hasShape: boolean): DistImpl {
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

const LOG_PI = Math.log(Math.PI);

export const laplace = locationScale(
  'Laplace',
  (r, _n, o) => {
    o.v = -Math.LN2 - Math.abs(r);
    o.r = r > 0 ? -1 : r < 0 ? 1 : 0;
    o.rr = 0;
  },
  false,
);

export const cauchy = locationScale(
  'Cauchy',
  (r, _n, o) => {
    const q = 1 + r * r;
    o.v = -LOG_PI - Math.log1p(r * r);
    o.r = (-2 * r) / q;
    o.rr = (-2 * (1 - r * r)) / (q * q);
  },
  false,
);

export const logisticDist = locationScale(
  'Logistic',
  (r, _n, o) => {
    // log f = -r - 2 log(1 + e^-r), written with log1pexp so large |r| neither overflows nor cancels.
    o.v = -r - 2 * log1pexp(-r);
    const s = logistic(r);
    o.r = 1 - 2 * s;
    o.rr = -2 * s * (1 - s);
  },
  false,
);

export const studentT = locationScale(
  'StudentT',
  (r, nu, o) => {
    const r2 = r * r;
    const q = nu + r2;
    const [c, c1, c2] = studentTShape(nu);
    const L = Math.log1p(r2 / nu);
    o.v = c - ((nu + 1) / 2) * L;
    o.r = (-(nu + 1) * r) / q;
    o.rr = (-(nu + 1) * (nu - r2)) / (q * q);
    o.n = c1 - 0.5 * L + ((nu + 1) * r2) / (2 * nu * q);
    o.nn = c2 + (0.5 * r2) / (nu * q) + ((r2 / 2) * (nu * q - (nu + 1) * (2 * nu + r2))) / (nu * nu * q * q);
    o.rn = (-r * (r2 - 1)) / (q * q);
  },
  true,
);
