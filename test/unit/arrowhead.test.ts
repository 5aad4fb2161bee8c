// The block-arrowhead linear algebra (factor levels + shared parameters) against the dense computations it replaces:
// solves, inverse, extreme eigenvalues, the scaled spectrum and pseudo-inverse, the covariance with its null
// directions, and the design spectrum of the identifiability check. Agreement to 1e-10 (relative to the largest entry).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, inverse, Matrix } from 'ml-matrix';
import {
  arrowExtremeEigen,
  arrowFactor,
  arrowInverse,
  arrowSolve,
  arrowStructure,
} from '../../server/src/engine/linalg/arrowhead.ts';
import { arrowScaledEigen } from '../../server/src/engine/linalg/arrowhead-spectrum.ts';
import { cholesky, cholSolve } from '../../server/src/engine/optimize/cholesky.ts';
import { covarianceFromInformation } from '../../server/src/engine/inference/inference.ts';
import { dependencies, scaledSpectrum, smallDirections } from '../../server/src/engine/linalg/null-space.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

const TOL = 1e-10;

/**
 * A design of `levels` factor levels (`per` rows each; level `empty` has none), a covariate x, optionally an
 * intercept column; returns its columns (intercept, levels, x) and XᵀWX for random positive weights.
 */
function design(levels: number, per: number, opts: { intercept: boolean; empty?: number; seed: number }) {
  const rand = rng(opts.seed);
  const n = levels * per;
  const cols: Float64Array[] = [];
  if (opts.intercept) cols.push(new Float64Array(n).fill(1));
  for (let l = 0; l < levels; l++) {
    const c = new Float64Array(n);
    if (l !== opts.empty) for (let i = l * per; i < (l + 1) * per; i++) c[i] = 1;
    cols.push(c);
  }
  cols.push(Float64Array.from({ length: n }, () => rand() * 4 - 2));
  const w = Float64Array.from({ length: n }, () => 0.2 + rand());
  if (opts.empty !== undefined) for (let i = opts.empty * per; i < (opts.empty + 1) * per; i++) cols.at(-1)![i] = 0;
  const P = cols.length;
  const info = new Float64Array(P * P);
  for (let a = 0; a < P; a++)
    for (let b = 0; b < P; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += cols[a][i] * w[i] * cols[b][i];
      info[a * P + b] = s;
    }
  return { cols, info, P };
}

/**
 * The same matrix with every exact zero between two nonzero rows replaced by 1e-300: no structure is found, so the
 * dense path runs (an all-zero row stays zero: 1e-300 on its diagonal would be scaled up to 1).
 */
function dense(A: Float64Array): Float64Array {
  const P = Math.round(Math.sqrt(A.length));
  const live = Array.from({ length: P }, (_, i) => A.subarray(i * P, i * P + P).some((x) => x !== 0));
  return A.map((x, k) => (x === 0 && live[Math.floor(k / P)] && live[k % P] ? 1e-300 : x));
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  let big = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    big = Math.max(big, Math.abs(b[i]));
  }
  return m / Math.max(big, 1e-300);
};

test('solve, inverse and extreme eigenvalues agree with dense Cholesky and ml-matrix', () => {
  const { info, P } = design(60, 4, { intercept: false, seed: 11 });
  const arrow = arrowStructure(info, P);
  assert.ok(arrow, 'structure found');
  assert.equal(arrow.shared.length, 1, `shared: ${[...arrow.shared]}`);
  const f = arrowFactor(info, P, arrow)!;
  const b = Float64Array.from({ length: P }, (_, i) => Math.sin(i + 1));
  const x = new Float64Array(P);
  arrowSolve(f, b, x);
  const L = new Float64Array(P * P);
  assert.ok(cholesky(info, P, 0, L));
  const xd = new Float64Array(P);
  cholSolve(L, P, b, xd);
  assert.ok(maxDiff(x, xd) < TOL, `solve ${maxDiff(x, xd)}`);
  const inv = arrowInverse(f, P);
  const ref = inverse(new Matrix(Array.from({ length: P }, (_, i) => Array.from(info.subarray(i * P, i * P + P)))));
  const refFlat = Float64Array.from(ref.to1DArray());
  assert.ok(maxDiff(inv, refFlat) < TOL, `inverse ${maxDiff(inv, refFlat)}`);
  const vals = new EigenvalueDecomposition(
    new Matrix(Array.from({ length: P }, (_, i) => Array.from(info.subarray(i * P, i * P + P)))),
    { assumeSymmetric: true },
  ).realEigenvalues;
  const ext = arrowExtremeEigen(info, P, arrow);
  const [lo, hi] = [Math.min(...vals), Math.max(...vals)];
  assert.ok(
    Math.abs(ext.min - lo) <= TOL * hi && Math.abs(ext.max - hi) <= TOL * hi,
    `${JSON.stringify(ext)} vs ${lo}, ${hi}`,
  );
  // Not positive definite: the factorisation refuses, as Cholesky does.
  const neg = Float64Array.from(info);
  neg[arrow.diag[3] * P + arrow.diag[3]] = -1;
  assert.equal(arrowFactor(neg, P, arrow), undefined);
});

test('the scaled eigenvalues and the pseudo-inverse equal the dense ones, singular or not', () => {
  for (const opts of [
    { intercept: false, seed: 3 },
    { intercept: true, seed: 4 },
    { intercept: true, empty: 7, seed: 5 },
  ]) {
    const { info, P } = design(60, 3, opts);
    const arrow = arrowStructure(info, P)!;
    const scale = Float64Array.from({ length: P }, (_, i) =>
      info[i * P + i] > 0 ? 1 / Math.sqrt(info[i * P + i]) : 1,
    );
    const st = arrowScaledEigen(info, P, arrow, scale)!;
    const M = new Matrix(
      Array.from({ length: P }, (_, i) => Array.from({ length: P }, (_, j) => info[i * P + j] * scale[i] * scale[j])),
    );
    const e = new EigenvalueDecomposition(M, { assumeSymmetric: true });
    const ref = [...e.realEigenvalues].sort((a, b) => b - a);
    assert.ok(maxDiff(st.values, ref) < TOL, `${JSON.stringify(opts)}: eigenvalues ${maxDiff(st.values, ref)}`);
    const cut = 1e-12 * ref[0];
    const pinv = new Float64Array(P * P);
    e.realEigenvalues.forEach((lam, k) => {
      if (!(lam > cut)) return;
      const v = e.eigenvectorMatrix.getColumn(k);
      for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) pinv[i * P + j] += (v[i] * v[j]) / lam;
    });
    const ours = st.pinv(cut);
    assert.ok(maxDiff(ours, pinv) < TOL, `${JSON.stringify(opts)}: pinv ${maxDiff(ours, pinv)}`);
  }
});

test('covarianceFromInformation: the structured path gives the dense covariance, condition and null directions', () => {
  for (const opts of [
    { intercept: false, seed: 8 },
    { intercept: true, seed: 9 },
    { intercept: true, empty: 2, seed: 10 },
  ]) {
    const { info, P } = design(60, 3, opts);
    assert.ok(arrowStructure(info, P), 'structured');
    assert.equal(arrowStructure(dense(info), P), undefined, 'the reference is dense');
    const s = covarianceFromInformation(info, P);
    const d = covarianceFromInformation(dense(info), P);
    const what = JSON.stringify(opts);
    assert.deepEqual(
      [...s.unidentified].sort((a, b) => a - b),
      [...d.unidentified].sort((a, b) => a - b),
      what,
    );
    const flat = (c: (number | null)[][]): number[] => c.flat().map((x) => x ?? NaN);
    const [a, b] = [flat(s.cov), flat(d.cov)];
    assert.deepEqual(a.map(Number.isNaN), b.map(Number.isNaN), `${what}: null pattern`);
    assert.ok(
      maxDiff(
        a.filter((x) => !Number.isNaN(x)),
        b.filter((x) => !Number.isNaN(x)),
      ) < TOL,
      `${what}: cov`,
    );
    // Singular: both condition numbers are rounding noise (null, or beyond 1e12); else equal.
    if (d.conditionNumber === null || d.conditionNumber > 1e12)
      assert.ok(s.conditionNumber === null || s.conditionNumber > 1e12, `${what}: ${s.conditionNumber}`);
    else
      assert.ok(
        Math.abs(s.conditionNumber! / d.conditionNumber - 1) < 1e-8,
        `${what}: ${s.conditionNumber} vs ${d.conditionNumber}`,
      );
    assert.equal(s.nullDirections.length, d.nullDirections.length, what);
    s.nullDirections.forEach((v, k) =>
      assert.ok(maxDiff(v, d.nullDirections[k]) < 1e-8, `${what}: null direction ${k}`),
    );
    assert.equal(s.dependencies?.all.length, d.dependencies?.all.length, what);
  }
});

test('the design spectrum of disjoint level columns equals the dense QR + SVD one', () => {
  for (const opts of [
    { intercept: false, seed: 21 },
    { intercept: true, seed: 22 },
    { intercept: true, empty: 5, seed: 23 },
  ]) {
    const { cols } = design(60, 3, opts);
    const s = scaledSpectrum(cols);
    // Zeros to 1e-300 in every nonzero column (an all-zero column stays zero): no disjoint columns, the dense path.
    const d = scaledSpectrum(cols.map((c) => (c.some((x) => x !== 0) ? c.map((x) => (x === 0 ? 1e-300 : x)) : c)));
    const what = JSON.stringify(opts);
    assert.ok(maxDiff(s.singular, d.singular) < TOL, `${what}: singular values ${maxDiff(s.singular, d.singular)}`);
    const [ks, kd] = [smallDirections(s, 1e-12), smallDirections(d, 1e-12)];
    assert.equal(ks.length, kd.length, what);
    const [ds, dd] = [dependencies(s, ks), dependencies(d, kd)];
    ds.forEach((x, k) => {
      assert.equal(x.pivot, dd[k].pivot, what);
      assert.ok(maxDiff(x.v, dd[k].v) < 1e-8, `${what}: dependency ${k}`);
    });
  }
});
