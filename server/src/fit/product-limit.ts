// The Kaplan–Meier (product-limit) estimate of a survival function from right-censored times.

export interface ProductLimit {
  /** The distinct times (events or censorings), ascending, as survival::survfit reports them. */
  readonly time: number[];
  /** Ŝ(t) just after each time: the product over event times s ≤ t of (1 − d_s / n_s). */
  readonly survival: number[];
  /** n_s: rows with time ≥ s (a row censored at s is still at risk at s, as in survfit). */
  readonly atRisk: number[];
  readonly events: number[];
  readonly censored: number[];
}

/** `event[i]` non-zero: row i's time is an event; zero: it is right-censored there. Non-finite times are skipped. */
export function productLimit(time: ArrayLike<number>, event: ArrayLike<number>): ProductLimit {
  const idx: number[] = [];
  for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i])) idx.push(i);
  idx.sort((a, b) => time[a] - time[b]);
  const out: ProductLimit = { time: [], survival: [], atRisk: [], events: [], censored: [] };
  let atRisk = idx.length;
  let s = 1;
  for (let k = 0; k < idx.length;) {
    const t = time[idx[k]];
    let d = 0;
    let c = 0;
    for (; k < idx.length && time[idx[k]] === t; k++)
      if (event[idx[k]]) d++;
      else c++;
    s *= 1 - d / atRisk;
    out.time.push(t);
    out.survival.push(s);
    out.atRisk.push(atRisk);
    out.events.push(d);
    out.censored.push(c);
    atRisk -= d + c;
  }
  return out;
}
