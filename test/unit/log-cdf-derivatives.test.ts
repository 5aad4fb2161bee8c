// Every family with logCdf/logSurvival, from the registry: partials vs central finite differences at the example and
// perturbed arguments, with y in both far tails and the bulk; F + S = 1; the CDF's y-slope (or step) is the density.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAMILIES } from '../../server/src/engine/distributions/index.ts';
import { makeOut, type Family } from '../../server/src/engine/distributions/types.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';
import { perturb, pointPartials as at } from './partials.ts';

/**
 * Tolerances, relative to max(1, |finite difference|): central differences with a step of 1e-5 of the argument,
 * shrunk so that lp moves by at most 1e-4 over it (a tail's log-probability is steep in y).
 */
const TOL = { d1: 1e-6, d2: 1e-5, noise: 1e-13, sum: 1e-13, density: 1e-9 };
/** Tail probabilities y is placed at: far lower tail, lower tail, median, upper tail, far upper tail. */
const LOWER = [1e-100, 1e-10, 0.5];
const UPPER = [1e-10, 1e-100];

type TailFn = NonNullable<Family['logCdf']>;
const withTails = FAMILIES.filter((f) => f.logCdf && f.logSurvival);

const lpAt = (fn: TailFn, y: number, args: readonly number[]) => at(fn, [y, ...args]).lp;

/** A continuous y with log F(y) (or log S(y)) within 0.5 of log q, by bisection on y; undefined if unreachable. */
function continuousY(f: Family, args: number[], q: number, upper: boolean): number | undefined {
  const fn = upper ? f.logSurvival! : f.logCdf!;
  // A signed distance that increases with y: log F − log q, or log q − log S.
  const g = (y: number) => (upper ? Math.log(q) - lpAt(fn, y, args) : lpAt(fn, y, args) - Math.log(q));
  let lo = -1;
  let hi = 1;
  for (let j = 0; j < 2000 && !(g(lo) < 0); j++) lo *= 2;
  for (let j = 0; j < 2000 && !(g(hi) > 0); j++) hi *= 2;
  if (!(g(lo) < 0 && g(hi) > 0)) return undefined;
  for (let j = 0; j < 3000; j++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    const v = g(mid);
    if (Math.abs(v) < 0.5) return mid;
    if (v < 0 || Number.isNaN(v)) lo = mid;
    else hi = mid;
  }
  return undefined;
}

/** A count y whose log F (or log S) is closest to log q among finite values (y = 0 … 3000). */
function discreteY(f: Family, args: number[], q: number, upper: boolean): number | undefined {
  const fn = upper ? f.logSurvival! : f.logCdf!;
  let best: number | undefined;
  let err = Infinity;
  for (let y = 0; y <= 3000; y++) {
    const lp = lpAt(fn, y, args);
    if (Number.isFinite(lp) && Math.abs(lp - Math.log(q)) < err) {
      err = Math.abs(lp - Math.log(q));
      best = y;
    }
  }
  return best;
}

function tailPoints(f: Family, args: number[]): number[] {
  const find = f.support.discrete ? discreteY : continuousY;
  const ys = [...LOWER.map((q) => find(f, args, q, false)), ...UPPER.map((q) => find(f, args, q, true))];
  return [...new Set(ys.filter((y): y is number => y !== undefined))];
}

/** Indices never differentiated: y when discrete, and data arguments (Binomial size). */
function fixedIndices(f: Family): Set<number> {
  const s = new Set<number>(f.support.discrete ? [0] : []);
  f.args.forEach((a, j) => a.domain === 'nonnegative-integer' && s.add(j + 1));
  return s;
}

function checkPartials(fn: TailFn, x: number[], skip: Set<number>, kind: string, label: string): void {
  const base = at(fn, x);
  const where = `${label} at ${JSON.stringify(x)} (lp ${base.lp})`;
  assert.ok(Number.isFinite(base.lp), `${where}: lp not finite`);
  for (let a = 0; a < x.length; a++) {
    if (skip.has(a)) {
      assert.equal(base.d1[a], 0, `${where}: the partial in a fixed index ${a} must be 0`);
      continue;
    }
    // y on a bounded support is stepped relative to itself (a tail point may sit at 1e-50 from the edge).
    const floor = a === 0 && kind !== 'real' ? 0 : 1e-3;
    let h = Math.min(1e-5 * Math.max(Math.abs(x[a]), floor), 1e-4 / Math.abs(base.d1[a]));
    let up = x.slice();
    let dn = x.slice();
    let U = base;
    let D = base;
    // Shrink the step while it straddles a kink (Uniform's moving support edge): one-sided slopes must agree.
    for (let j = 0; j < 40; j++, h /= 4) {
      up = x.slice();
      up[a] += h;
      dn = x.slice();
      dn[a] -= h;
      U = at(fn, up);
      D = at(fn, dn);
      const fwd = (U.lp - base.lp) / (up[a] - x[a]);
      const bwd = (base.lp - D.lp) / (x[a] - dn[a]);
      if (Math.abs(fwd - bwd) <= 1e-2 * Math.max(1, Math.abs(fwd), Math.abs(bwd))) break;
    }
    // The step actually taken: x ± h rounds, and h may be near the spacing of x.
    const step = up[a] - dn[a];
    const fd = (U.lp - D.lp) / step;
    assert.ok(
      Math.abs(fd - base.d1[a]) <= TOL.d1 * Math.max(1, Math.abs(fd)),
      `${where}: d/dx${a} = ${base.d1[a]}, finite difference ${fd}`,
    );
    for (let b = 0; b < x.length; b++) {
      if (skip.has(b)) {
        assert.equal(base.d2(a, b), 0, `${where}: d2/dx${a}dx${b} involves a fixed index and must be 0`);
        continue;
      }
      const fd2 = (U.d1[b] - D.d1[b]) / step;
      // Plus the rounding noise of the partials themselves (1e-13 relative) over the step.
      const noise = (TOL.noise * Math.max(1, Math.abs(U.d1[b]), Math.abs(D.d1[b]))) / step;
      assert.ok(
        Math.abs(fd2 - base.d2(a, b)) <= TOL.d2 * Math.max(1, Math.abs(fd2)) + noise,
        `${where}: d2/dx${a}dx${b} = ${base.d2(a, b)}, finite difference ${fd2}`,
      );
    }
  }
}

test('the families that must have log-CDFs have both logCdf and logSurvival', () => {
  const names = withTails.map((f) => f.name);
  const want = ['Laplace', 'Cauchy', 'Uniform', 'Gamma', 'Beta', 'StudentT', 'Poisson', 'NegBinomial'];
  for (const n of [...want, 'Geometric', 'Binomial']) assert.ok(names.includes(n), `${n} lacks logCdf/logSurvival`);
});

for (const f of withTails) {
  const skip = fixedIndices(f);
  const argSets = (() => {
    const rand = rng(41);
    return [f.example.slice(), perturb(f, rand), perturb(f, rand)];
  })();

  test(`${f.name}: log-CDF and log-survival partials match finite differences, y in both tails and the bulk`, () => {
    for (const args of argSets) {
      const ys = tailPoints(f, args);
      assert.ok(ys.length >= 3, `${f.name} ${JSON.stringify(args)}: only ${ys.length} tail points found`);
      for (const y of ys) {
        for (const [name, fn] of [
          ['logCdf', f.logCdf!],
          ['logSurvival', f.logSurvival!],
        ] as const) {
          const x = [y, ...args];
          if (Number.isFinite(at(fn, x).lp)) checkPartials(fn, x, skip, f.support.kind, `${f.name}.${name}`);
        }
      }
    }
  });

  test(`${f.name}: exp(logCdf) + exp(logSurvival) = 1, and the CDF's slope (or step) in y is the density`, () => {
    for (const args of argSets) {
      const med = (f.support.discrete ? discreteY : continuousY)(f, args, 0.5, false);
      assert.ok(med !== undefined, `${f.name}: no median found`);
      const ys = f.support.discrete
        ? [med - 1, med, med + 1].filter((y) => y >= 0)
        : [med - 0.3 * Math.abs(med) - 0.01, med];
      for (const y of [...ys, ...tailPoints(f, args)]) {
        const x = [y, ...args];
        const F = at(f.logCdf!, x);
        const S = at(f.logSurvival!, x);
        const sum = Math.exp(F.lp) + Math.exp(S.lp);
        if (ys.includes(y))
          assert.ok(
            Math.abs(sum - 1) <= TOL.sum,
            `${f.name} at ${JSON.stringify(x)}: F + S = ${sum} (log F ${F.lp}, log S ${S.lp})`,
          );
        const out = makeOut(x.length, 1);
        if (f.support.discrete) {
          // P(Y ≤ y) − P(Y ≤ y − 1) = P(Y = y), compared where both are representable.
          f.logpdf(
            1,
            x.map((v) => Float64Array.of(v)),
            0,
            out,
          );
          const step = Math.exp(F.lp) - Math.exp(at(f.logCdf!, [y - 1, ...args]).lp);
          const pmf = Math.exp(out.lp[0]);
          if (Math.exp(F.lp) < 0.9)
            assert.ok(
              Math.abs(step - pmf) <= TOL.density * pmf + 1e-300,
              `${f.name} at ${JSON.stringify(x)}: step ${step}, pmf ${pmf}`,
            );
        } else {
          // ∂ log F/∂y = f/F and ∂ log S/∂y = −f/S, on the log scale so the far tails count too.
          f.logpdf(
            1,
            x.map((v) => Float64Array.of(v)),
            0,
            out,
          );
          const want = Math.exp(out.lp[0] - F.lp);
          const wantS = -Math.exp(out.lp[0] - S.lp);
          assert.ok(
            Math.abs(F.d1[0] - want) <= TOL.density * Math.abs(want),
            `${f.name} at ${JSON.stringify(x)}: ∂logF/∂y ${F.d1[0]}, f/F ${want}`,
          );
          assert.ok(
            Math.abs(S.d1[0] - wantS) <= TOL.density * Math.abs(wantS),
            `${f.name} at ${JSON.stringify(x)}: ∂logS/∂y ${S.d1[0]}, −f/S ${wantS}`,
          );
        }
      }
    }
  });
}
