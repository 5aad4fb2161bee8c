// Column summaries: the small set of distinct values (hover, support checks) by either route, and none past 12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../server/src/data/column-summary.ts';

const distinct = (xs: number[]) =>
  summarize('c', Float64Array.from(xs), 0, 0, undefined, new Set()).distinct as number[] | undefined;

test('distinct values of small integer ranges (flags) and wide ones (a set), sorted, NaN skipped', () => {
  assert.deepEqual(distinct([1, 0, 0, 1, NaN, 1]), [0, 1]);
  assert.deepEqual(distinct([-3, 5, -3, 2]), [-3, 2, 5]);
  assert.deepEqual(distinct([0, 100, 50, 100, 1000]), [0, 50, 100, 1000]);
  assert.deepEqual(distinct([0, 64]), [0, 64]);
});

test('more than 12 distinct values, or non-integers: no set', () => {
  assert.equal(distinct(Array.from({ length: 13 }, (_, i) => i)), undefined);
  assert.equal(distinct(Array.from({ length: 13 }, (_, i) => i * 100)), undefined);
  assert.equal(distinct([0.5, 1]), undefined);
  assert.deepEqual(
    distinct(Array.from({ length: 12 }, (_, i) => i * 5)),
    Array.from({ length: 12 }, (_, i) => i * 5),
  );
});
