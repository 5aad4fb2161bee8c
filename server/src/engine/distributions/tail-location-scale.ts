// Log-CDF and log-survival of a symmetric location-scale family from its standard tail log G(r) (with a shape ν).

import type { Family } from './types.ts';
import { constantTail, makeLogTail, type LogTail } from '../eval/log-tail.ts';
import { TailChain } from './tail-chain.ts';

/**
 * Fills t with log G(r; ν) = log P(R ≤ r) of the standard variable and its ratios over the natural variables (r) or
 * (r, ν): g = [G_r/G, G_ν/G], h = [G_rr/G, G_rν/G, G_νν/G].
 */
export type StdTail = (r: number, nu: number, t: LogTail) => void;

/**
 * The r-ratios from the density: G_r = g(r), G_rr = g(r)·(log g)'(r), G_rν = g(r)·∂_ν log g, so with
 * ρ = exp(log g − log G) (no underflow in either tail) they are ρ, ρ·φ_r and ρ·φ_ν. Call after t.lv is final.
 */
export function densityRatios(t: LogTail, logg: number, phiR: number, phiNu = 0): void {
  const rho = Math.exp(logg - t.lv);
  t.g[0] = rho;
  t.h[0] = rho * phiR;
  if (t.g.length > 1) t.h[1] = rho * phiNu;
}

/**
 * logCdf and logSurvival over x = [y, (ν,) m, s] with r = (y − m)/s. By symmetry P(Y > y) = G(−r), whose r-partials
 * of odd order change sign. The chain r → (y, m, s): r_y = 1/s, r_m = −1/s, r_s = −r/s, r_ys = −1/s², r_ms = 1/s²,
 * r_ss = 2r/s².
 */
export function locationScaleTails(std: StdTail, hasShape: boolean): Pick<Family, 'logCdf' | 'logSurvival'> {
  const K = hasShape ? 4 : 3;
  const m = hasShape ? 2 : 1;
  const iM = hasShape ? 2 : 1;
  const iS = hasShape ? 3 : 2;
  const t = makeLogTail(m);
  const chain = new TailChain(m, K);
  if (hasShape) chain.j(1, 1, 1);
  const tail =
    (sign: 1 | -1): Family['logCdf'] =>
    (len, x, order, out) => {
      const y = x[0];
      const nu = hasShape ? x[1] : undefined;
      const mu = x[iM];
      const s = x[iS];
      for (let i = 0; i < len; i++) {
        const si = s[i];
        const ni = nu ? nu[i] : 0;
        if (!(si > 0) || (nu && !(ni > 0)) || Number.isNaN(y[i])) {
          out.lp[i] = -Infinity;
          continue;
        }
        const is = 1 / si;
        const r = (y[i] - mu[i]) * is;
        // y = ±∞ (a truncation bound): the tail is 0 or 1, constant in every argument.
        if (!Number.isFinite(r)) constantTail(t, sign * r > 0 ? 0 : -Infinity);
        else std(sign * r, ni, t);
        if (sign < 0) {
          t.g[0] = -t.g[0];
          if (hasShape) t.h[1] = -t.h[1];
        }
        chain.j(0, 0, is);
        chain.j(0, iM, -is);
        chain.j(0, iS, -r * is);
        chain.jj(0, 0, iS, -is * is);
        chain.jj(0, iM, iS, is * is);
        chain.jj(0, iS, iS, 2 * r * is * is);
        chain.write(t, out, i, order);
      }
    };
  return { logCdf: tail(1), logSurvival: tail(-1) };
}
