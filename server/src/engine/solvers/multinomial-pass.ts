// The multinomial logit kernel: one pass over rows computing log-likelihood, score and information blocks.

/** Per-row odds of all other classes against the observed one below this: fitted with probability 1. */
export const EXTREME_ODDS = 1e-15;

/** What a pass computes besides the log-likelihood: 0 nothing, 1 the score, 2 the score and the information. */
export type PassOrder = 0 | 1 | 2;

/**
 * Rows [from, to) of a design X (row-major, pu columns) with coefficients B (free class f, column u at f·pu + u):
 *   η_ik = off_ik + Σ_u X_iu B_fu (free classes), η_ik = off_ik (others); p_i = softmax(η_i);
 *   ℓ += η_{i,y_i} − log Σ_k e^{η_ik};
 *   score  g[f·pu + u] += (1{y_i = k_f} − p_ik_f) X_iu;
 *   information G[t(u, v)·np + q(f, h)] += p_if (1{f = h} − p_ih) X_iu X_iv, for u ≤ v and f ≤ h
 * (t and q packed upper-triangle indices): every block is symmetric in (u, v) and in (f, h), so only those are
 * summed. The log-sum-exp is taken about the largest η. Returns ℓ (−∞ when an η is not finite); extreme[0] counts
 * the rows whose other classes' total odds against the observed one are below EXTREME_ODDS (as
 * inference/categorical-separation.ts counts them). A top-level function over typed arrays keeps V8 on its fast
 * path; eta, prob and w are scratch buffers of length K, K and np.
 */
export function multinomialPass(
  X: Float64Array,
  pu: number,
  K: number,
  free: Int32Array,
  off: Float64Array | undefined,
  y: Float64Array,
  B: Float64Array,
  from: number,
  to: number,
  order: PassOrder,
  g: Float64Array,
  G: Float64Array,
  scratch: { eta: Float64Array; prob: Float64Array; w: Float64Array },
  extreme: Int32Array,
): number {
  const nf = free.length;
  const np = (nf * (nf + 1)) / 2;
  const { eta, prob, w } = scratch;
  let ll = 0;
  let ext = 0;
  for (let i = from; i < to; i++) {
    const row = i * pu;
    if (off === undefined) eta.fill(0);
    else for (let k = 0; k < K; k++) eta[k] = off[i * K + k];
    for (let f = 0; f < nf; f++) {
      const b = f * pu;
      let s = 0;
      for (let u = 0; u < pu; u++) s += X[row + u] * B[b + u];
      eta[free[f]] += s;
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (eta[k] > m) m = eta[k];
    if (!Number.isFinite(m)) return -Infinity;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(eta[k] - m);
      prob[k] = e;
      sum += e;
    }
    const yi = y[i];
    ll += eta[yi] - m - Math.log(sum);
    let odds = 0;
    for (let k = 0; k < K; k++) if (k !== yi) odds += prob[k];
    if (odds < EXTREME_ODDS * prob[yi]) ext++;
    if (order === 0) continue;
    const inv = 1 / sum;
    for (let k = 0; k < K; k++) prob[k] *= inv;
    for (let f = 0; f < nf; f++) {
      const k = free[f];
      const r = (k === yi ? 1 : 0) - prob[k];
      const b = f * pu;
      for (let u = 0; u < pu; u++) g[b + u] += r * X[row + u];
    }
    if (order === 1) continue;
    for (let f = 0, q = 0; f < nf; f++) {
      const pf = prob[free[f]];
      w[q++] = pf * (1 - pf);
      for (let h = f + 1; h < nf; h++) w[q++] = -pf * prob[free[h]];
    }
    for (let u = 0, t = 0; u < pu; u++) {
      const xu = X[row + u];
      for (let v = u; v < pu; v++, t++) {
        const xuv = xu * X[row + v];
        const base = t * np;
        for (let q = 0; q < np; q++) G[base + q] += w[q] * xuv;
      }
    }
  }
  extreme[0] = ext;
  return ll;
}
