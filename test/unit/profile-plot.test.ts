// The profile plot's geometry (client/webview/profile-plot.ts): the cutoff line at the χ² value, the interval ends
// where the curve crosses it, the estimate at the bottom; computed without a DOM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileGeometry } from '../../client/webview/profile-plot.ts';

// A quadratic deviance (μ − 1)²·4 with cutoff 3.84: ends at 1 ± √3.84/2.
const half = Math.sqrt(3.84) / 2;
const xs = Array.from({ length: 11 }, (_, i) => 1 - 1.5 * half + (3 * half * i) / 10);
const curve = { name: 'mu', cutoff: 3.84, points: xs.map((x): [number, number] => [x, 4 * (x - 1) ** 2]) };

/** The SVG y of the path at the vertex nearest x (the path is "Mx,yLx,y…", d3-shape). */
function pathY(path: string, atX: number): number {
  const pts = [...path.matchAll(/[ML]([\d.]+)[ ,]([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return pts.reduce((best, p) => (Math.abs(p[0] - atX) < Math.abs(best[0] - atX) ? p : best))[1];
}

test('cutoff line, interval ends and estimate sit where the curve says', () => {
  const g = profileGeometry(curve, [1 - half, 1 + half], 1);
  assert.ok(g, 'geometry');
  assert.equal(g.ends.length, 2);
  // The curve crosses the cutoff line at the ends (within the path's 0.1 px rounding and the vertex spacing).
  for (const e of g.ends) {
    const y = pathY(g.path, e.x);
    assert.ok(Math.abs(y - g.cutoffY) < 15, `end ${e.value}: curve y ${y} vs cutoff y ${g.cutoffY}`);
  }
  // The estimate is the curve's minimum: the largest SVG y (deviance 0 at the axis).
  const bottom = pathY(g.path, g.estimateX);
  assert.ok(bottom > g.cutoffY, `estimate y ${bottom} below the cutoff line ${g.cutoffY}`);
  assert.ok(g.yTop >= curve.cutoff * 1.25);
});

test('a null or out-of-range end is not marked; a one-point curve is not drawn', () => {
  const g = profileGeometry(curve, [null, 1 + half], 1);
  assert.equal(g?.ends.length, 1);
  assert.equal(profileGeometry({ ...curve, points: [[1, 0]] }, [0, 2], 1), undefined);
});

test('between few points the curve follows the signed root: a quadratic profile is drawn exactly', () => {
  // Only the estimate and the two ends, as the search evaluates for a linear Normal model.
  const three = {
    name: 'b',
    cutoff: 3.84,
    points: [
      [1 - half, 3.84],
      [1, 0],
      [1 + half, 3.84],
    ] as [number, number][],
  };
  const g = profileGeometry(three, [1 - half, 1 + half], 1);
  assert.ok(g);
  assert.equal(g.dots.length, 3);
  const bottom = pathY(g.path, g.estimateX);
  const mid = (g.ends[0].x + g.estimateX) / 2;
  // Half-way to the end the deviance is a quarter of the cutoff (a straight segment would give a half).
  const frac = (bottom - pathY(g.path, mid)) / (bottom - g.cutoffY);
  assert.ok(Math.abs(frac - 0.25) < 0.01, `fraction ${frac}`);
});
