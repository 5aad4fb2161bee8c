// Every family in the registry, checked part by part: its parts present, every first and second partial against
// central finite differences, the density summing to 1, mean vs draws, starts vs truth, and the weighted MLE.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAMILIES, FUSED_FORMS, family, resolveDist } from '../../server/src/engine/distributions/index.ts';
import { makeOut, type DistImpl, type Family, type FusedForm } from '../../server/src/engine/distributions/types.ts';
import { inSupport } from '../../server/src/engine/distributions/support.ts';
import { UNARY } from '../../server/src/engine/eval/functions.ts';
import { probit } from '../../server/src/engine/eval/special.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';
import { checkPartials as checkAt, perturb, pointPartials } from './partials.ts';

/** Families whose MLE has a closed form the EM's M-step can use (Laplace: weighted median and mean |deviation|). */
const CLOSED_FORM_MLE = ['Normal', 'Exponential', 'Poisson', 'Geometric', 'LogNormal', 'Bernoulli', 'Laplace'];
/** Relative tolerances of the finite-difference checks (central differences, step 1e-5 relative). */
const FD_TOL = { d1: 1e-6, d2: 1e-5 };

/** log-density and its partials at one point x = [y, args…]. */
const at = (impl: DistImpl, x: readonly number[]) => pointPartials((l, v, o, out) => impl.logpdf(l, v, o, out), x);

/** The FD check of every first and second partial of `impl` at x, skipping the indices in `skip`. */
const checkPartials = (impl: DistImpl, x: number[], skip: Set<number>, label: string): void =>
  checkAt((l, v, o, out) => impl.logpdf(l, v, o, out), x, label, FD_TOL, skip);

/** Log-density of many y at fixed arguments. */
function lpMany(impl: DistImpl, ys: Float64Array, args: readonly number[]): Float64Array {
  const out = makeOut(args.length + 1, ys.length);
  impl.logpdf(ys.length, [ys, ...args.map((a) => new Float64Array(ys.length).fill(a))], 0, out);
  return out.lp;
}

/** Indices never differentiated: y when discrete, and data arguments (Binomial size). */
function fixedIndices(f: Family): Set<number> {
  const s = new Set<number>(f.support.discrete ? [0] : []);
  f.args.forEach((a, j) => a.domain === 'nonnegative-integer' && s.add(j + 1));
  return s;
}

const draws = (f: Family, args: readonly number[], n: number, seed: number): Float64Array => {
  const rand = rng(seed);
  return Float64Array.from({ length: n }, () => f.random(args, rand));
};

test('every family has every part, and every closed-form family its weighted MLE', () => {
  for (const f of FAMILIES) {
    const parts = { logpdf: f.logpdf, mean: f.mean, starts: f.starts, random: f.random };
    for (const [part, fn] of Object.entries(parts)) assert.equal(typeof fn, 'function', `${f.name} lacks ${part}`);
    assert.equal(f.args.length, f.nargs, `${f.name}: one ArgInfo per argument`);
    assert.equal(f.example.length, f.nargs, `${f.name}: example has one value per argument`);
    assert.ok(f.support?.kind && f.support.text, `${f.name} lacks a support`);
    assert.ok(f.doc?.density && f.doc.mean && f.doc.variance, `${f.name} lacks its documentation`);
    assert.equal(family(f.name), f);
  }
  for (const name of CLOSED_FORM_MLE)
    assert.equal(typeof family(name)?.weightedMle, 'function', `${name} lacks weightedMle (a closed form exists)`);
});

test('every fused form names a family, one of its arguments and a link', () => {
  for (const f of FUSED_FORMS) {
    const base = family(f.fuses.family);
    assert.ok(base, `${f.name} fuses an unknown family`);
    assert.equal(f.nargs, base.nargs, `${f.name} takes the family's arguments`);
    assert.ok(f.fuses.arg < base.nargs && UNARY[f.fuses.link], `${f.name}: argument and link exist`);
  }
});

for (const f of FAMILIES) {
  test(`${f.name}: every first and second partial matches central finite differences at random valid points`, () => {
    const rand = rng(101);
    const skip = fixedIndices(f);
    for (let k = 0; k < 6; k++) {
      const args = perturb(f, rand);
      checkPartials(f, [f.random(args, rand), ...args], skip, f.name);
    }
  });

  test(`${f.name}: draws lie in the support, and their mean agrees with mean() within 5 standard errors`, () => {
    const n = 20_000;
    const y = draws(f, f.example, n, 202);
    const size = f.support.kind === 'binomial' ? f.example[0] : NaN;
    for (const v of y) assert.ok(inSupport(f.support.kind, v, size), `${f.name} drew ${v}, outside its support`);
    const m = f.mean(f.example);
    if (m === undefined) return; // Cauchy: no mean to compare with.
    let s = 0,
      s2 = 0;
    for (const v of y) {
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    const se = Math.sqrt((s2 / n - mean * mean) / n);
    assert.ok(
      Math.abs(mean - m) <= 5 * se,
      `${f.name}${JSON.stringify(f.example)}: mean() ${m}, draws ${mean} ± ${se}`,
    );
  });

  test(`${f.name}: the density sums (or integrates) to 1`, () => {
    const total = totalMass(f, f, f.example);
    assert.ok(Math.abs(total - 1) <= 1e-5, `${f.name}${JSON.stringify(f.example)}: total probability ${total}`);
  });

  test(`${f.name}: starts on 20000 draws land within 15% of the true arguments; weights act as replication`, () => {
    const y = draws(f, f.example, 20_000, 303);
    const known = f.args.map((a, j) => (a.domain === 'nonnegative-integer' ? f.example[j] : undefined));
    const s = f.starts(y, undefined, known);
    assert.equal(s.length, f.nargs);
    s.forEach((v, j) =>
      assert.ok(
        Math.abs(v - f.example[j]) <= 0.15 * Math.max(1, Math.abs(f.example[j])),
        `${f.name}: start of ${f.args[j].name} is ${v}, truth ${f.example[j]}`,
      ),
    );
    // Weight 2 on every third row equals that row twice.
    const small = y.subarray(0, 600);
    const w = Float64Array.from(small, (_, i) => (i % 3 === 0 ? 2 : 1));
    const dup = Float64Array.from(Array.from(small).flatMap((v, i) => (i % 3 === 0 ? [v, v] : [v])));
    const sw = f.starts(small, w, known);
    const sd = f.starts(dup, undefined, known);
    sw.forEach((v, j) =>
      assert.ok(
        Math.abs(v - sd[j]) <= 1e-9 * Math.max(1, Math.abs(v)),
        `${f.name}: weighted ${v}, replicated ${sd[j]}`,
      ),
    );
  });

  if (f.weightedMle)
    test(`${f.name}: weightedMle maximises the weighted log-likelihood (no better neighbour, gradient 0)`, () => {
      const y = draws(f, f.example, 5000, 404);
      const rand = rng(505);
      const w = Float64Array.from(y, () => 0.2 + 1.6 * rand());
      const theta = f.weightedMle!(y, w);
      assert.ok(theta && theta.length === f.nargs, `${f.name}: no weighted MLE`);
      const wll = (th: readonly number[]): number => lpMany(f, y, th).reduce((a, lp, i) => a + w[i] * lp, 0);
      const best = wll(theta);
      for (let j = 0; j < f.nargs; j++)
        for (const dir of [-1, 1]) {
          const th = theta.slice();
          th[j] += dir * 1e-4 * Math.max(1, Math.abs(th[j]));
          assert.ok(wll(th) <= best + 1e-9 * Math.abs(best), `${f.name}: moving ${f.args[j].name} by ${dir} improves`);
        }
      // Stationarity Σ w·∂lp/∂θ = 0 (not at Laplace's location, a weighted median where lp has a kink).
      const out = makeOut(f.nargs + 1, y.length);
      f.logpdf(y.length, [y, ...theta.map((v) => new Float64Array(y.length).fill(v))], 1, out);
      for (let j = 0; j < f.nargs; j++) {
        if (f.name === 'Laplace' && j === 0) continue;
        let g = 0,
          scale = 0;
        for (let i = 0; i < y.length; i++) {
          g += w[i] * out.d1[j + 1][i];
          scale += w[i] * Math.abs(out.d1[j + 1][i]);
        }
        assert.ok(
          Math.abs(g) <= 1e-9 * scale,
          `${f.name}: weighted score of ${f.args[j].name} is ${g} (scale ${scale})`,
        );
      }
    });
}

/** The fused form's arguments equivalent to the family's `args`: the fused one through the inverse link. */
function fusedArgs(f: FusedForm, args: readonly number[], shift: number): number[] {
  const inv: Record<string, (v: number) => number> = {
    logistic: (p) => Math.log(p / (1 - p)),
    exp: Math.log,
    Phi: probit,
  };
  const out = args.slice();
  out[f.fuses.arg] = inv[f.fuses.link](args[f.fuses.arg]) + shift;
  return out;
}

for (const f of FUSED_FORMS) {
  const base = family(f.fuses.family)!;
  test(`${f.name}: equals ${base.name} through ${f.fuses.link}; partials match finite differences, in the tails too`, () => {
    const rand = rng(606);
    const skip = fixedIndices(base);
    for (const shift of [0, 0.4, -0.7, 25, -25]) {
      // y from the family near its example; the far shifts then probe the fused form's tails at ordinary data.
      const near = perturb(base, rand);
      const y = base.random(near, rand);
      const args = fusedArgs(f, near, shift);
      const natural = args.slice();
      natural[f.fuses.arg] = UNARY[f.fuses.link].f(args[f.fuses.arg]);
      checkPartials(f, [y, ...args], skip, f.name);
      const lf = at(f, [y, ...args]).lp;
      const lb = at(base, [y, ...natural]).lp;
      // Where the family itself is finite (not in the far tails), the fused form is the same density.
      if (Math.abs(shift) < 5)
        assert.ok(Math.abs(lf - lb) <= 1e-9 * Math.max(1, Math.abs(lb)), `${f.name}: ${lf} vs ${lb}`);
    }
    const total = totalMass(f, base, fusedArgs(f, base.example, 0));
    assert.ok(Math.abs(total - 1) <= 1e-5, `${f.name}: total probability ${total}`);
  });
}

/**
 * Σ P(y) over the support for a discrete family, ∫ f(y) dy otherwise: the midpoint rule after mapping the support
 * onto (0, 1) (tan for the real line, t/(1 − t) for the half line), with centre and scale from the quartiles of draws.
 */
function totalMass(impl: DistImpl, f: Family, args: readonly number[]): number {
  const natural = impl === f ? args : f.example;
  if (f.support.discrete) {
    const top = f.support.kind === 'binary' ? 1 : f.support.kind === 'binomial' ? args[0] : 5000;
    const ys = Float64Array.from({ length: top + 1 }, (_, k) => k);
    return lpMany(impl, ys, args).reduce((a, lp) => a + Math.exp(lp), 0);
  }
  const N = 200_000;
  const sample = draws(f, natural, 2001, 707).sort();
  const med = sample[1000];
  const iqr = sample[1500] - sample[500];
  const t = Float64Array.from({ length: N }, (_, k) => (k + 0.5) / N);
  const y = new Float64Array(N);
  const jac = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const u = t[k];
    switch (f.support.kind) {
      case 'real':
        y[k] = med + iqr * Math.tan(Math.PI * (u - 0.5));
        jac[k] = (iqr * Math.PI) / Math.cos(Math.PI * (u - 0.5)) ** 2;
        break;
      case 'unit-open':
        y[k] = u;
        jac[k] = 1;
        break;
      case 'uniform':
        y[k] = args[0] + (args[1] - args[0]) * u;
        jac[k] = args[1] - args[0];
        break;
      default:
        y[k] = (med * u) / (1 - u);
        jac[k] = med / (1 - u) ** 2;
    }
  }
  const lp = lpMany(impl, y, args);
  let s = 0;
  for (let k = 0; k < N; k++) if (Number.isFinite(lp[k])) s += Math.exp(lp[k]) * jac[k];
  return s / N;
}

// Categorical is not a Family (its argument count is the outcome's K): resolveDist builds it for each K.
test('Categorical: partials match finite differences, probabilities sum to 1, Fisher equals observed, stable tails', () => {
  const rand = rng(909);
  for (const K of [2, 3, 5]) {
    const impl = resolveDist({ name: 'Categorical', classes: K }, 1);
    assert.ok(impl && impl.nargs === K, `Categorical with K = ${K}`);
    for (let rep = 0; rep < 4; rep++) {
      const eta = Array.from({ length: K }, () => 3 * (rand() - 0.5));
      let total = 0;
      for (let y = 0; y < K; y++) {
        checkPartials(impl, [y, ...eta], new Set([0]), `Categorical K=${K}`);
        total += Math.exp(at(impl, [y, ...eta]).lp);
      }
      assert.ok(Math.abs(total - 1) <= 1e-12, `K=${K}: total probability ${total} at ${eta}`);
      const obs = makeOut(K + 1, 1);
      const cols = [0, ...eta].map((v) => Float64Array.of(v));
      impl.logpdf(1, cols, 2, obs);
      const exp = makeOut(K + 1, 1);
      impl.fisher!(1, cols, exp);
      assert.deepEqual(exp.d2.slice(K + 1), obs.d2.slice(K + 1), `K=${K}: Fisher vs observed at ${eta}`);
    }
    // Widely separated log-odds: no overflow, log P of the dominant level ≈ 0 and of the others exact.
    const far = Array.from({ length: K }, (_, k) => (k === 0 ? 800 : -800 + k));
    assert.ok(Math.abs(at(impl, [0, ...far]).lp) < 1e-300);
    assert.equal(at(impl, [1, ...far]).lp, far[1] - 800);
    assert.equal(at(impl, [K, ...far]).lp, -Infinity, 'a code outside 0…K−1 has probability 0');
  }
});
