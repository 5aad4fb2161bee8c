// The chain rule from a tail's natural variables (x, a, b of an incomplete gamma/beta; r, ν) to a family's arguments.

import type { DistOut } from './types.ts';
import type { LogTail } from '../eval/log-tail.ts';

/**
 * J[u·K + k] = ∂u/∂x_k and JJ[u·P + tri(k, l)] = ∂²u/∂x_k∂x_l map m natural variables u onto the K arguments x
 * (index 0 = y). With the tail's ratios g = T_u/T and h = T_uv/T:
 *   ∂ log T/∂x_k = Σ_u g_u J_uk,
 *   ∂² log T/∂x_k∂x_l = Σ_uv h_uv J_uk J_vl + Σ_u g_u JJ_u,kl − ∂_k log T · ∂_l log T.
 * Entries a family never sets stay zero (a data argument, or y of a count family).
 */
export class TailChain {
  readonly J: Float64Array;
  readonly JJ: Float64Array;
  private readonly P: number;

  constructor(
    private readonly m: number,
    private readonly K: number,
  ) {
    this.P = (K * (K + 1)) / 2;
    this.J = new Float64Array(m * K);
    this.JJ = new Float64Array(m * this.P);
  }

  /** Sets ∂u/∂x_k. */
  j(u: number, k: number, v: number): void {
    this.J[u * this.K + k] = v;
  }

  /** Sets ∂²u/∂x_k∂x_l (k ≤ l). */
  jj(u: number, k: number, l: number, v: number): void {
    this.JJ[u * this.P + k * this.K - (k * (k - 1)) / 2 + (l - k)] = v;
  }

  /** Writes row i of out from the tail t. */
  write(t: LogTail, out: DistOut, i: number, order: 0 | 1 | 2): void {
    const { m, K, J, JJ, P } = this;
    out.lp[i] = t.lv;
    if (order === 0) return;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let u = 0; u < m; u++) s += t.g[u] * J[u * K + k];
      out.d1[k][i] = s;
    }
    if (order === 1) return;
    let kl = 0;
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++, kl++) {
        let s = -out.d1[k][i] * out.d1[l][i];
        let uv = 0;
        for (let u = 0; u < m; u++) {
          s += t.g[u] * JJ[u * P + kl];
          for (let v = u; v < m; v++, uv++) {
            const c = J[u * K + k] * J[v * K + l] + (u === v ? 0 : J[v * K + k] * J[u * K + l]);
            s += t.h[uv] * c;
          }
        }
        out.d2[kl][i] = s;
      }
    }
  }
}
