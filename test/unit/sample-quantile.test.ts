// wquantile without weights (one cached sorted copy per column) against the weighted definition with unit weights,
// including a reused buffer whose contents change (the cache must not return the old order).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wquantile } from '../../server/src/engine/distributions/sample-stats.ts';

test('unweighted quantiles equal the unit-weight ones, and follow a buffer whose values change', () => {
  const y = Float64Array.from({ length: 1001 }, (_, i) => Math.sin(i * 1.3) * 10 + (i % 5 === 0 ? NaN : 0));
  const ones = new Float64Array(y.length).fill(1);
  for (const p of [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]) assert.equal(wquantile(y, p), wquantile(y, p, ones), `p = ${p}`);
  const before = wquantile(y, 0.5);
  for (let i = 0; i < y.length; i++) y[i] = i;
  assert.notEqual(wquantile(y, 0.5), before);
  assert.equal(wquantile(y, 0.5), wquantile(y, 0.5, ones));
  assert.ok(Number.isNaN(wquantile(new Float64Array(0), 0.5)));
});
