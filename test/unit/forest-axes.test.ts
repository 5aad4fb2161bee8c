// Forest plot layout (client/webview/forest-plot.ts, chart-axis.ts): a vector's elements share one d3 axis, ticks on
// its last row; scalars and lone elements keep their own scale.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forestScale, forestX, sharedAxes } from '../../client/webview/forest-plot.ts';
import { niceLinear, ticksOf } from '../../client/webview/chart-axis.ts';

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

test("a group's rows share one d3 scale whose ends are its outermost ticks; a lone row keeps its own range", () => {
  const axes = sharedAxes([row(-1, -2.13, -0.5, 'b'), row(5, 4, 6.87, 'b')]);
  const a = forestX([-1, -2.13, -0.5], axes[0]);
  const b = forestX([5, 4, 6.87], axes[1]);
  assert.deepEqual(a.domain(), b.domain(), 'one axis for the group');
  assert.deepEqual(a.range(), b.range());
  const ticks = ticksOf(a, 3).map((t) => t.value);
  assert.deepEqual([ticks[0], ticks[ticks.length - 1]], a.domain(), `ticks ${ticks} on ${a.domain()}`);
  assert.ok(a.domain()[0] <= -2.13 && a.domain()[1] >= 6.87, `${a.domain()} covers every interval`);
  assert.deepEqual(forestX([1, 2]).domain(), [0, 2], 'lone row: forestScale, not rounded out');
});

test('niceLinear: an empty domain is widened, ends rounded out to ticks, labels share one precision', () => {
  assert.deepEqual(niceLinear([3, 3], [0, 100]).domain(), [2.7, 3.3]);
  assert.deepEqual(niceLinear([0.013, 0.987], [0, 100], 5).domain(), [0, 1]);
  assert.deepEqual(
    ticksOf(niceLinear([0.013, 0.987], [0, 100], 5), 5).map((t) => t.label),
    ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0'],
  );
});
