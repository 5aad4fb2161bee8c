// Censoring and truncation around a family: per row log f, log S or log F, minus log P(LO < Y < HI), exact partials.

import { makeOut, tri, type DistImpl, type DistOut, type Family } from './types.ts';

/** Entries of x after the family's own arguments: right mask, left mask, LO, HI (in this order). */
export const CENSOR_EXTRA = 4;

/**
 * x = [y, a1…am, R, L, LO, HI]. A row with R ≠ 0 contributes log S(y), else with L ≠ 0 log F(y), else log f(y);
 * then, when (LO, HI) is not the whole line, log Z = log(F(HI) − F(LO)) is subtracted (counts: P(LO ≤ Y ≤ HI) =
 * F(⌊HI⌋) − F(⌈LO⌉ − 1)). Z = e^A − e^B is computed as A + log1p(−e^(B−A)) from the log-CDFs (A = log F(HI),
 * B = log F(LO)) or, when F(LO) > ½, from the log-survivals (A = log S(LO), B = log S(HI)), so neither tail cancels.
 * With r = e^(B−A), D = 1 − r: ∂logZ/∂A = 1/D, ∂/∂B = −r/D, ∂²/∂A² = ∂²/∂B² = −r/D², ∂²/∂A∂B = r/D².
 * The masks are data (zero partials); LO and HI may hold parameters (the y-partials of the bound evaluations).
 */
export function censored(base: Family, chunk: number): DistImpl {
  const m = base.nargs;
  const K0 = m + 1;
  const K = m + 1 + CENSOR_EXTRA;
  const iR = m + 1;
  const iLo = m + 3;
  const iHi = m + 4;
  const discrete = base.support.discrete;
  const logCdf = base.logCdf!;
  const logSurv = base.logSurvival!;
  const [pdf, cdf, surv, cdfLo, cdfHi, survLo, survHi] = Array.from({ length: 7 }, () => makeOut(K0, chunk));
  const loAt = new Float64Array(chunk);
  /** Per kind (0: density, 1: right-censored, 2: left-censored) its rows and their gathered y and arguments. */
  const rows = [0, 1, 2].map(() => new Int32Array(chunk));
  const gathered = [0, 1, 2].map(() => Array.from({ length: K0 }, () => new Float64Array(chunk)));
  const hiAt = new Float64Array(chunk);
  const viewLo = new Array<Float64Array>(K0);
  const viewHi = new Array<Float64Array>(K0);
  viewLo[0] = loAt;
  viewHi[0] = hiAt;
  const GA = new Float64Array(K);
  const GB = new Float64Array(K);
  const HA = new Float64Array((K * (K + 1)) / 2);
  const HB = new Float64Array((K * (K + 1)) / 2);
  /** Global index of a bound evaluation's local entry: 0 is the bound itself (no partial for counts). */
  const globalOf = (local: number, bound: number): number => (local > 0 ? local : discrete ? -1 : bound);
  const load = (o: DistOut, i: number, bound: number, G: Float64Array, Hs: Float64Array, order: number): void => {
    G.fill(0);
    Hs.fill(0);
    for (let a = 0; a < K0; a++) {
      const ga = globalOf(a, bound);
      if (ga < 0) continue;
      G[ga] = o.d1[a][i];
      if (order < 2) continue;
      for (let b = a; b < K0; b++) {
        const gb = globalOf(b, bound);
        if (gb >= 0) Hs[tri(ga, gb, K)] = o.d2[tri(a, b, K0)][i];
      }
    }
  };

  return {
    name: `Censored(${base.name})`,
    nargs: K - 1,
    logpdf(len, x, order, out) {
      const { lp, d1, d2 } = out;
      const R = x[iR];
      const L = x[iR + 1];
      const lo = x[iLo];
      const hi = x[iHi];
      for (let a = 1; a < K0; a++) viewLo[a] = viewHi[a] = x[a];
      let anyT = false;
      // Each row needs one of log f, log S (right-censored) or log F (left-censored): the rows of each kind are
      // gathered into compact columns, so every row pays for one density or tail, not all three.
      const n = [0, 0, 0];
      for (let i = 0; i < len; i++) {
        const kind = R[i] ? 1 : L[i] ? 2 : 0;
        rows[kind][n[kind]++] = i;
        if (lo[i] > -Infinity || hi[i] < Infinity) anyT = true;
        // An infinite bound is never read (its term is 0 or absent): evaluate the tails at a finite stand-in.
        const l = lo[i] > -Infinity ? lo[i] : hi[i] < Infinity ? hi[i] - 1 : 0;
        const h = hi[i] < Infinity ? hi[i] : l + 1;
        loAt[i] = discrete ? Math.ceil(l) - 1 : l;
        hiAt[i] = discrete ? Math.floor(h) : h;
      }
      const outsOf = [pdf, surv, cdf];
      for (let kind = 0; kind < 3; kind++) {
        const m = n[kind];
        if (m === 0) continue;
        const idx = rows[kind];
        const cols = gathered[kind];
        for (let a = 0; a < K0; a++) {
          const src = x[a];
          const dst = cols[a];
          for (let k = 0; k < m; k++) dst[k] = src[idx[k]];
        }
        if (kind === 0) base.logpdf(m, cols, order, pdf);
        else if (kind === 1) logSurv(m, cols, order, surv);
        else logCdf(m, cols, order, cdf);
      }
      if (anyT) {
        logCdf(len, viewLo, order, cdfLo);
        logCdf(len, viewHi, order, cdfHi);
        logSurv(len, viewLo, order, survLo);
        logSurv(len, viewHi, order, survHi);
      }
      /** Scatters one output column of the three compact evaluations back to the rows. */
      const pick = (get: (o: DistOut) => Float64Array, into: Float64Array): void => {
        for (let kind = 0; kind < 3; kind++) {
          const from = get(outsOf[kind]);
          const idx = rows[kind];
          for (let k = 0, m = n[kind]; k < m; k++) into[idx[k]] = from[k];
        }
      };
      pick((o) => o.lp, lp);
      if (order >= 1)
        for (let a = 0; a < K; a++) {
          if (a < K0) pick((o) => o.d1[a], d1[a]);
          else d1[a].fill(0, 0, len);
        }
      if (order === 2)
        for (let a = 0; a < K; a++)
          for (let b = a; b < K; b++) {
            if (b < K0) pick((o) => o.d2[tri(a, b, K0)], d2[tri(a, b, K)]);
            else d2[tri(a, b, K)].fill(0, 0, len);
          }
      for (let i = 0; i < len; i++) {
        let v = lp[i];
        const truncated = lo[i] > -Infinity || hi[i] < Infinity;
        if (!truncated || !(v > -Infinity)) {
          lp[i] = Number.isNaN(v) ? -Infinity : v;
          continue;
        }
        // The upper-tail form when F(LO) > ½ (or HI = ∞); B is absent (−∞) at an infinite bound.
        const upper = lo[i] > -Infinity && (hi[i] === Infinity || cdfLo.lp[i] > -Math.LN2);
        const oA = upper ? survLo : cdfHi;
        const oB = upper ? survHi : cdfLo;
        const hasB = upper ? hi[i] < Infinity : lo[i] > -Infinity;
        const A = oA.lp[i];
        const B = hasB ? oB.lp[i] : -Infinity;
        const r = Math.exp(B - A);
        if (!(A > -Infinity) || !(r < 1)) {
          lp[i] = -Infinity; // P(LO < Y < HI) = 0 at these arguments
          continue;
        }
        const D = -Math.expm1(B - A);
        v -= A + Math.log1p(-r);
        lp[i] = v;
        if (order === 0) continue;
        load(oA, i, upper ? iLo : iHi, GA, HA, order);
        if (hasB) load(oB, i, upper ? iHi : iLo, GB, HB, order);
        else {
          GB.fill(0);
          HB.fill(0);
        }
        const gA = 1 / D;
        const gB = -r / D;
        const gAA = -r / (D * D);
        const gAB = r / (D * D);
        for (let a = 0; a < K; a++) d1[a][i] -= gA * GA[a] + gB * GB[a];
        if (order === 1) continue;
        for (let a = 0; a < K; a++)
          for (let b = a; b < K; b++) {
            const j = tri(a, b, K);
            d2[j][i] -=
              gA * HA[j] + gB * HB[j] + gAA * (GA[a] * GA[b] + GB[a] * GB[b]) + gAB * (GA[a] * GB[b] + GB[a] * GA[b]);
          }
      }
    },
  };
}
