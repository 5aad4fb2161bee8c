// The weighted median of yᵢ/xᵢ with weights |xᵢ|: the exact minimiser of Σ|yᵢ − xᵢβ| over one coefficient β.

export interface WeightedMedian {
  /** The optimal set [lo, hi] (lo = hi when the minimiser is unique). */
  readonly lo: number;
  readonly hi: number;
  /** (|W₋ − W₊| − W₀)/W at the midpoint: ≤ 0 proves optimality (W₋, W₊, W₀: weight below, above, at β). */
  readonly kkt: number;
}

/** Undefined when every xᵢ is zero (β does not enter the objective). */
export function weightedMedian(x: Float64Array, y: Float64Array): WeightedMedian | undefined {
  const idx: number[] = [];
  let W = 0;
  for (let i = 0; i < x.length; i++)
    if (x[i] !== 0) {
      idx.push(i);
      W += Math.abs(x[i]);
    }
  if (!idx.length) return undefined;
  const t = (i: number): number => y[i] / x[i];
  idx.sort((i, j) => t(i) - t(j));
  // Walk groups of equal tᵢ; the optimum is where the weight below first reaches W/2. When it reaches W/2 exactly
  // at the end of a group, the objective is flat up to the next group's value.
  const eps = 1e-12 * W;
  let cum = 0;
  for (let k = 0; k < idx.length;) {
    const v = t(idx[k]);
    let m = k;
    while (m < idx.length && t(idx[m]) === v) cum += Math.abs(x[idx[m++]]);
    if (cum >= W / 2 - eps) {
      const flat = Math.abs(cum - W / 2) <= eps && m < idx.length;
      const lo = v;
      const hi = flat ? t(idx[m]) : v;
      return { lo, hi, kkt: kktAt((lo + hi) / 2, x, y, W) };
    }
    k = m;
  }
  return undefined;
}

function kktAt(beta: number, x: Float64Array, y: Float64Array, W: number): number {
  let below = 0;
  let above = 0;
  let at = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) continue;
    const v = y[i] / x[i];
    if (v < beta) below += Math.abs(x[i]);
    else if (v > beta) above += Math.abs(x[i]);
    else at += Math.abs(x[i]);
  }
  return (Math.abs(below - above) - at) / W;
}
