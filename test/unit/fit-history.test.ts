// The per-document fit history: order, the cap of 20 (oldest dropped), estimate changes since the previous fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitHistory } from '../../server/src/fit/fit-history.ts';
import { HISTORY_LIMIT, type FitJson } from '../../server/src/protocol.ts';

/** A fit with the given estimates (name → value; null: not estimated) and logLik. */
function fit(logLik: number, est: Record<string, number | null>, extra: Partial<FitJson> = {}): FitJson {
  return {
    logLik,
    aic: -2 * logLik + 2 * Object.keys(est).length,
    k: Object.keys(est).length,
    converged: true,
    parameters: Object.entries(est).map(([name, estimate]) => ({ name, estimate })),
    ...extra,
  } as unknown as FitJson;
}

test('history keeps order, caps at 20 dropping the oldest, and separates documents', () => {
  assert.equal(HISTORY_LIMIT, 20);
  const h = new FitHistory();
  for (let i = 1; i <= 25; i++) h.record('file:///a.mle', fit(-i, { mu: i }), 1000 + i);
  h.record('file:///b.mle', fit(-99, { mu: 0 }), 5);
  const a = h.list('file:///a.mle');
  assert.equal(a.length, 20);
  assert.deepEqual(
    a.map((e) => e.time),
    Array.from({ length: 20 }, (_, i) => 1006 + i),
    'oldest first, fits 1–5 dropped',
  );
  assert.deepEqual(
    a.map((e) => e.logLik),
    Array.from({ length: 20 }, (_, i) => -(6 + i)),
  );
  assert.equal(h.list('file:///b.mle').length, 1);
  assert.deepEqual(h.list('file:///c.mle'), []);
});

test('estimate changes: the difference from the previous fit; null for a new or unestimated parameter; removed named', () => {
  const h = new FitHistory(3);
  const first = h.record('u', fit(-10, { mu: 1.5, sigma: 2 }), 1);
  assert.deepEqual(
    first.estimates.map((e) => e.change),
    [null, null],
  );
  const second = h.record('u', fit(-9, { mu: 1.25, tau: 3, sigma: null }), 2);
  assert.deepEqual(second.estimates, [
    { name: 'mu', estimate: 1.25, change: -0.25 },
    { name: 'tau', estimate: 3, change: null },
    { name: 'sigma', estimate: null, change: null },
  ]);
  assert.deepEqual(second.removed, []);
  const third = h.record('u', fit(-8, { mu: 2 }), 3);
  assert.deepEqual(third.removed, ['tau', 'sigma']);
  assert.equal(third.estimates[0].change, 0.75);
  h.record('u', fit(-7, { mu: 2 }), 4);
  assert.deepEqual(
    h.list('u').map((e) => e.time),
    [2, 3, 4],
    'a cap of 3 keeps the last 3',
  );
});
