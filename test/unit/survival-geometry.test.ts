// The survival plot's geometry (client/webview/survival-geometry.ts): the KM steps hold Ŝ until the next time, the
// censored rows are ticked on the step, and both curves share the scales; computed without a DOM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { survivalGeometry, type SurvivalJson } from '../../client/webview/survival-geometry.ts';

const plot: SurvivalJson = {
  term: 'time ~ Exponential(rate) censored right when status == 1',
  kind: 'outcome',
  time: [1, 2, 4, 8],
  km: [0.75, 0.5, 0.5, 0],
  censored: [0, 0, 1, 0],
  x: [0, 2, 4, 6, 8],
  fitted: [1, 0.6, 0.36, 0.216, 0.13],
  rows: 4,
  events: 3,
};

/** The vertices of an "M x,y L x,y …" path. */
const vertices = (d: string): [number, number][] =>
  [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

test('KM steps: flat at Ŝ = 1 until the first time, then down to each Ŝ and flat to the next time', () => {
  const g = survivalGeometry(plot);
  assert.ok(g);
  const v = vertices(g.kmPath);
  const px = (t: number): number => g.left + ((t - 0) / 8) * (g.right - g.left);
  const py = (s: number): number => g.bottom - s * (g.bottom - g.top);
  const want: [number, number][] = [
    [0, 1],
    [1, 1],
    [1, 0.75],
    [2, 0.75],
    [2, 0.5],
    [4, 0.5],
    [4, 0.5],
    [8, 0.5],
    [8, 0],
  ];
  assert.equal(v.length, want.length, g.kmPath);
  v.forEach(([x, y], k) => {
    assert.ok(Math.abs(x - px(want[k][0])) <= 0.05, `vertex ${k}: x ${x}, want ${px(want[k][0])} (${g.kmPath})`);
    assert.ok(Math.abs(y - py(want[k][1])) <= 0.05, `vertex ${k}: y ${y}, want ${py(want[k][1])} (${g.kmPath})`);
  });
  // The fitted curve on the same scales: its first point at (0, 1), its last at (8, 0.13).
  const f = vertices(g.fittedPath);
  assert.deepEqual(f[0], [px(0), py(1)]);
  assert.ok(Math.abs(f[f.length - 1][1] - py(0.13)) <= 0.05);
  // One censoring tick, at t = 4 on the step Ŝ = 0.5.
  assert.deepEqual(g.censorMarks, [[px(4), py(0.5)]]);
  assert.ok(g.xTicks.length >= 3 && g.xTicks[0].value === 0);
});

test('nothing to draw: no times, or a single point', () => {
  assert.equal(survivalGeometry({ ...plot, time: [], km: [], censored: [] }), undefined);
  assert.equal(survivalGeometry({ ...plot, time: [0], km: [0], censored: [0], x: [0], fitted: [1] }), undefined);
});
