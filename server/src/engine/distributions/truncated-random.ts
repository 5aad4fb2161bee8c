// Draws from a family truncated to (LO, HI): bounded rejection, then inverse-CDF by bisection on the log scale.

import { makeOut, type Family } from './types.ts';

const REJECTION_TRIES = 64;
const BISECTIONS = 200;

/**
 * One draw of Y | LO < Y < HI (counts: LO ≤ Y ≤ HI). Rejection from the family's own `random` is tried a bounded
 * number of times (it is exact and cheap when P(LO < Y < HI) is not small); otherwise the target u·P is inverted by
 * bisection on log F (or, when F(LO) > ½, on log S so the upper tail keeps its precision), with a bounded search for a
 * finite bracket when a bound is infinite. Undefined when the family has no log-CDF or the interval has no mass.
 */
export function randomTruncated(
  f: Family,
  args: readonly number[],
  lo: number,
  hi: number,
  rand: () => number,
): number | undefined {
  const discrete = f.support.discrete;
  const inside = (y: number): boolean => (discrete ? y >= lo && y <= hi : y > lo && y < hi);
  for (let i = 0; i < REJECTION_TRIES; i++) {
    const y = f.random(args, rand);
    if (inside(y)) return y;
  }
  if (!f.logCdf || !f.logSurvival) return undefined;
  const out = makeOut(args.length + 1, 1);
  const xs = [new Float64Array(1), ...args.map((a) => Float64Array.of(a))];
  const tail = (fn: NonNullable<Family['logCdf']>, y: number): number => {
    xs[0][0] = y;
    fn(1, xs, 0, out);
    return out.lp[0];
  };
  const a = discrete ? Math.ceil(lo) - 1 : lo;
  const b = discrete ? Math.floor(hi) : hi;
  const upper = a > -Infinity && tail(f.logCdf, a) > -Math.LN2;
  // Target: log S(y) = log(S(a) − u (S(a) − S(b))) in the upper form, log F(y) = log(F(a) + u (F(b) − F(a))) else.
  const u = rand();
  const [la, lb] = upper
    ? [a > -Infinity ? tail(f.logSurvival, a) : 0, b < Infinity ? tail(f.logSurvival, b) : -Infinity]
    : [a > -Infinity ? tail(f.logCdf, a) : -Infinity, b < Infinity ? tail(f.logCdf, b) : 0];
  const hiL = Math.max(la, lb);
  const loL = Math.min(la, lb);
  if (!(hiL > loL)) return undefined;
  const w = upper ? u : 1 - u; // the share of the mass between the target and the bound with the larger value
  const target = hiL + Math.log1p(-w * -Math.expm1(loL - hiL));
  // g(y) increases with y in the log-F form and decreases in the log-S form; find y with g(y) = target.
  const g = (y: number): number => (upper ? -tail(f.logSurvival!, y) : tail(f.logCdf!, y));
  const goal = upper ? -target : target;
  let left = a > -Infinity ? a : Math.min(b, 0) - 1;
  let right = b < Infinity ? b : Math.max(a, 0) + 1;
  for (let i = 0; i < 200 && a === -Infinity && g(left) > goal; i++) left -= 2 * (right - left);
  for (let i = 0; i < 200 && b === Infinity && g(right) < goal; i++) right += 2 * (right - left);
  for (let i = 0; i < BISECTIONS && right - left > (discrete ? 1 : 1e-12 * Math.max(1, Math.abs(left))); i++) {
    const mid = discrete ? Math.floor((left + right) / 2) : (left + right) / 2;
    if (g(mid) < goal) left = mid;
    else right = mid;
  }
  return discrete ? right : (left + right) / 2;
}
