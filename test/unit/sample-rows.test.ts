// eval/jacobian.ts sampleRows: every row up to maxRows, else maxRows rows evenly spaced, row k = ⌊k·n/maxRows⌋.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleRows } from '../../server/src/engine/eval/jacobian.ts';

test('sampleRows takes every row up to maxRows, else rows ⌊k·n/maxRows⌋', () => {
  for (const [n, max] of [
    [0, 5],
    [3, 5],
    [5, 5],
    [7, 5],
    [100_000, 20_000],
    [100_003, 2_000],
  ]) {
    const want =
      n <= max
        ? Array.from({ length: n }, (_, i) => i)
        : Array.from({ length: max }, (_, k) => Math.floor((k * n) / max));
    assert.deepEqual(Array.from(sampleRows(n, max)), want, `n = ${n}, maxRows = ${max}`);
  }
});
