// Forest plot layout (client/webview/forest-plot.ts): a vector's elements share one axis, ticks on its last row;
// scalars and lone elements keep their own scale.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forestScale, sharedAxes } from '../../client/webview/forest-plot.ts';

const row = (estimate: number | null, lo: number | null, hi: number | null, base?: string, extra = {}) => ({
  estimate,
  ci: { wald: [lo, hi] as [number | null, number | null] },
  base,
  ...extra,
});

test("a vector's elements share the range of all their intervals; the last one carries the ticks", () => {
  const rows = [
    row(3, 2, 4), // scalar
    row(0, null, null, 'b', { fixed: true }),
    row(-1, -2, -0.5, 'b'),
    row(5, 4, 7, 'b'),
    row(1, 0.5, 1.5, 'c'), // a one-element group: own scale
  ];
  const axes = sharedAxes(rows);
  assert.equal(axes[0], undefined);
  assert.equal(axes[4], undefined);
  for (const i of [1, 2, 3]) {
    assert.deepEqual([axes[i]?.lo, axes[i]?.hi], [-2, 7], `row ${i}: ${JSON.stringify(axes[i])}`);
  }
  assert.deepEqual(
    axes.map((a) => a?.ticks ?? null),
    [null, false, false, true, null],
  );
});

test('a non-identified element is left out of the shared range', () => {
  const axes = sharedAxes([row(1, 0, 2, 'v'), row(1e9, -1e12, 1e12, 'v', { notIdentified: true }), row(3, 2, 4, 'v')]);
  assert.deepEqual([axes[0]?.lo, axes[0]?.hi], [0, 4]);
  assert.equal(axes[1], undefined);
});

test('forestScale brings zero into view only when near', () => {
  assert.deepEqual(forestScale([1, 2]), [0, 2]);
  assert.deepEqual(forestScale([100, 101]), [100, 101]);
  assert.deepEqual(forestScale([5, 5]), [4.5, 5.5]);
});
