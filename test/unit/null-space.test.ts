// The readable null-space basis: unit-invariant rank, one dependency per vector, pivots on real dependents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dependencies, scaledSpectrum, smallDirections } from '../../server/src/engine/linalg/null-space.ts';

// mtcars (test/fixtures/identifiability/export-mtcars.R): columns 1, wt, wt_kg, auto, manual.
const rows = readFileSync(new URL('../fixtures/identifiability/mtcars.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number));
const col = (k: number, times = 1): Float64Array => Float64Array.from(rows, (r) => r[k] * times);
const ones = new Float64Array(rows.length).fill(1);
const near = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: got ${a}, expected ${b}`);

for (const kgUnit of [1, 1e6, 1e-6]) {
  test(`a unit change and a dummy trap come out as two separate dependencies (wt_kg × ${kgUnit})`, () => {
    const X = [ones, col(1), col(4, kgUnit), col(5), col(6)];
    const sp = scaledSpectrum(X);
    const small = smallDirections(sp, 1e-12);
    assert.equal(small.length, 2, `singular values ${sp.singular.join(', ')}`);
    const deps = dependencies(sp, small);
    assert.deepEqual(
      deps.map((d) => d.pivot),
      [4, 2],
      'pivots: the later column of each dependency',
    );
    const [trap, kg] = deps;
    // manual = 1 − auto: v = (−1, 0, 0, 1, 1); wt_kg = 453.592·k·wt: v = (0, −453.592·k, 1, 0, 0).
    [-1, 0, 0, 1, 1].forEach((x, j) => near(trap.v[j], x, `trap v[${j}]`));
    [0, -453.592 * kgUnit, 1, 0, 0].forEach((x, j) => near(kg.v[j], x, `kg v[${j}]`));
  });
}

test('a near dependency pivots on the dependent column, not on an unrelated later one with noise', () => {
  // x3 = x1 + x2 up to rounding; x4 (qsec) unrelated and last.
  const x1 = col(8);
  const x2 = col(9);
  const x3 = col(10);
  const sp = scaledSpectrum([ones, x1, x2, x3, col(3)]);
  const small = smallDirections(sp, 1e-5);
  assert.equal(small.length, 1, `singular values ${sp.singular.join(', ')}`);
  const [d] = dependencies(sp, small);
  assert.equal(d.pivot, 3, `pivot lhp_sdisp, got ${d.pivot}: v = ${Array.from(d.v).join(', ')}`);
  assert.ok(Math.abs(d.v[1] + 1) < 1e-3 && Math.abs(d.v[2] + 1) < 1e-3, `v = ${Array.from(d.v).join(', ')}`);
  assert.ok(Math.abs(d.v[4]) < 1e-3, `qsec takes no part: ${d.v[4]}`);
});
