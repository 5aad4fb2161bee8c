// The fused Normal mixture's row loop for K = 2 in scalars (the common case, several times faster than the general
// loop over scratch arrays): its algebra, with one exp a row where the loop takes four (the same values to rounding).

import { LOG_2PI } from '../eval/special.ts';
import type { State } from './normal-mixture.ts';

const HALF_LOG_2PI = 0.5 * LOG_2PI;

/**
 * normal-mixture.ts's row loop for K = 2 in scalars, its partials in its order: x = [y, w,
 * mu1, s1, mu2, s2]. The (w, w) entry and those pairing one component's (mu, s) with the other's are 0 in S.
 */
export function rows2(
  st: State,
  len: number,
  x: readonly Float64Array[],
  order: number,
  lp: Float64Array,
  d1: Float64Array[],
  d2: Float64Array[],
): void {
  const { wPrev, lw, sPrev, ls, triW } = st;
  const [y, xw, xm1, xs1, xm2, xs2] = x;
  const [g0, g1, g2, g3, g4, g5] = d1;
  const T = (p: number, q: number): Float64Array => d2[triW[p * 6 + q]];
  const [h00, h01, h02, h03, h04, h05] = [0, 1, 2, 3, 4, 5].map((q) => T(0, q));
  const [h11, h12, h13, h14, h15] = [1, 2, 3, 4, 5].map((q) => T(1, q));
  const [h22, h23, h24, h25] = [2, 3, 4, 5].map((q) => T(2, q));
  const [h33, h34, h35] = [3, 4, 5].map((q) => T(3, q));
  const [h44, h45, h55] = [T(4, 4), T(4, 5), T(5, 5)];
  for (let i = 0; i < len; i++) {
    const w1 = xw[i];
    const w2 = 1 - w1;
    if (!(w1 > 0 && w1 < 1) || !(w2 > 0)) {
      lp[i] = -Infinity;
      continue;
    }
    if (w1 !== wPrev[0]) {
      wPrev[0] = w1;
      lw[0] = Math.log(w1);
    }
    if (w2 !== wPrev[1]) {
      wPrev[1] = w2;
      lw[1] = Math.log(w2);
    }
    const yi = y[i];
    let m = -Infinity;
    let a1 = -Infinity,
      z1 = 0,
      is1 = 0;
    const s1 = xs1[i];
    if (s1 > 0) {
      if (s1 !== sPrev[0]) {
        sPrev[0] = s1;
        ls[0] = Math.log(s1);
      }
      is1 = 1 / s1;
      z1 = (yi - xm1[i]) * is1;
      a1 = lw[0] + (-HALF_LOG_2PI - ls[0] - 0.5 * z1 * z1);
      if (a1 > m) m = a1;
    }
    let a2 = -Infinity,
      z2 = 0,
      is2 = 0;
    const s2 = xs2[i];
    if (s2 > 0) {
      if (s2 !== sPrev[1]) {
        sPrev[1] = s2;
        ls[1] = Math.log(s2);
      }
      is2 = 1 / s2;
      z2 = (yi - xm2[i]) * is2;
      a2 = lw[1] + (-HALF_LOG_2PI - ls[1] - 0.5 * z2 * z2);
      if (a2 > m) m = a2;
    }
    if (m === -Infinity || Number.isNaN(m)) {
      lp[i] = -Infinity;
      continue;
    }
    // One exp and one log a row: e_c = exp(a_c − m) (the larger is 1), ℓ = m + log(e_1 + e_2), r_c = e_c/(e_1 + e_2).
    const e1 = a1 === m ? 1 : Math.exp(a1 - m);
    const e2 = a1 === m ? Math.exp(a2 - m) : 1;
    const s = e1 + e2;
    const l = m + Math.log(s);
    lp[i] = l;
    if (order === 0) continue;
    const r1 = e1 / s;
    const r2 = e2 / s;
    const rK = r2 / w2;
    // Component partials (zero where the responsibility is, as in the loop's skip).
    const dy1 = -z1 * is1;
    const dm1 = z1 * is1;
    const ds1 = (z1 * z1 - 1) * is1;
    const dy2 = -z2 * is2;
    const dm2 = z2 * is2;
    const ds2 = (z2 * z2 - 1) * is2;
    let G0 = 0,
      G2 = 0,
      G3 = 0,
      G4 = 0,
      G5 = 0;
    const G1 = r1 / w1 - rK;
    if (r1 !== 0) {
      G0 += r1 * dy1;
      G2 = r1 * dm1;
      G3 = r1 * ds1;
    }
    if (r2 !== 0) {
      G0 += r2 * dy2;
      G4 = r2 * dm2;
      G5 = r2 * ds2;
    }
    g0[i] = G0;
    g1[i] = G1;
    g2[i] = G2;
    g3[i] = G3;
    g4[i] = G4;
    g5[i] = G5;
    if (order === 1) continue;
    let S00 = 0,
      S01 = 0,
      S02 = 0,
      S03 = 0,
      S04 = 0,
      S05 = 0,
      S12 = 0,
      S13 = 0,
      S14 = 0,
      S15 = 0,
      S22 = 0,
      S23 = 0,
      S33 = 0,
      S44 = 0,
      S45 = 0,
      S55 = 0;
    if (r1 !== 0) {
      const q2 = is1 * is1;
      const om = r1 / w1;
      S01 += om * dy1;
      S12 += om * dm1;
      S13 += om * ds1;
      S00 += r1 * (-q2 + dy1 * dy1);
      S02 += r1 * (q2 + dy1 * dm1);
      S03 += r1 * (2 * z1 * q2 + dy1 * ds1);
      S22 += r1 * (-q2 + dm1 * dm1);
      S23 += r1 * (-2 * z1 * q2 + dm1 * ds1);
      S33 += r1 * ((1 - 3 * z1 * z1) * q2 + ds1 * ds1);
    }
    if (r2 !== 0) {
      const q2 = is2 * is2;
      S01 -= rK * dy2;
      S14 -= rK * dm2;
      S15 -= rK * ds2;
      S00 += r2 * (-q2 + dy2 * dy2);
      S04 += r2 * (q2 + dy2 * dm2);
      S05 += r2 * (2 * z2 * q2 + dy2 * ds2);
      S44 += r2 * (-q2 + dm2 * dm2);
      S45 += r2 * (-2 * z2 * q2 + dm2 * ds2);
      S55 += r2 * ((1 - 3 * z2 * z2) * q2 + ds2 * ds2);
    }
    h00[i] = S00 - G0 * G0;
    h01[i] = S01 - G0 * G1;
    h02[i] = S02 - G0 * G2;
    h03[i] = S03 - G0 * G3;
    h04[i] = S04 - G0 * G4;
    h05[i] = S05 - G0 * G5;
    h11[i] = 0 - G1 * G1;
    h12[i] = S12 - G1 * G2;
    h13[i] = S13 - G1 * G3;
    h14[i] = S14 - G1 * G4;
    h15[i] = S15 - G1 * G5;
    h22[i] = S22 - G2 * G2;
    h23[i] = S23 - G2 * G3;
    h24[i] = 0 - G2 * G4;
    h25[i] = 0 - G2 * G5;
    h33[i] = S33 - G3 * G3;
    h34[i] = 0 - G3 * G4;
    h35[i] = 0 - G3 * G5;
    h44[i] = S44 - G4 * G4;
    h45[i] = S45 - G4 * G5;
    h55[i] = S55 - G5 * G5;
  }
}
