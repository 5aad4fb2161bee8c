// compile/kernel-cache.ts: a generated loop is reused only for the same source with the very same inputs (columns by
// identity, scalars by value, functions and extra arguments by identity); anything else builds a fresh one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { reusedKernel } from '../../server/src/engine/compile/kernel-cache.ts';
import type { EmitInputs } from '../../server/src/engine/compile/emit.ts';

// Fixed fragments only: sums c0·x0[i] over the rows (what the kernels' sources look like, without the emitter).
const SOURCE =
  "'use strict';\nconst x0 = IN.columns[0];\nconst c0 = IN.scalars[0];\nreturn function k() {\nlet s = 0;\nfor (let i = 0; i < x0.length; i++) s += c0 * x0[i];\nreturn s;\n};";

const inputs = (column: Float64Array, scalar: number): EmitInputs => ({
  columns: [column],
  scalars: [scalar],
  fns: [],
});
const build = (inp: EmitInputs, extra: unknown[] = []): (() => number) =>
  reusedKernel(['POW'], SOURCE, inp, extra) as () => number;

test('the same source with the same inputs returns the same kernel; other inputs build a fresh one', () => {
  const x = Float64Array.of(1, 2, 3);
  const k = build(inputs(x, 2));
  assert.equal(k(), 12);
  assert.equal(build(inputs(x, 2)), k, 'a refit on the same data reuses the kernel');
  const copy = Float64Array.from(x);
  const other = build(inputs(copy, 2));
  assert.notEqual(other, k, 'an equal column that is another array is another input');
  assert.equal(other(), 12);
  const scaled = build(inputs(x, 3));
  assert.notEqual(scaled, k, 'a different scalar (read once when built) builds afresh');
  assert.equal(scaled(), 18);
  assert.notEqual(build(inputs(x, 2), [Math.exp]), k, 'another extra argument builds afresh');
  // A second column is compared too (the first is the cache's key).
  const two = (second: Float64Array): EmitInputs => ({ columns: [x, second], scalars: [2], fns: [] });
  const y = Float64Array.of(4, 5, 6);
  const withY = build(two(y));
  assert.equal(build(two(y)), withY);
  assert.notEqual(build(two(Float64Array.from(y))), withY, 'another second column builds afresh');
  assert.notEqual(reusedKernel(['POW'], SOURCE.replace('c0 * x0[i]', 'c0 + x0[i]'), inputs(x, 2), []), k);
  // A kernel reads its arrays when called: a refilled column is the same input and the result follows its contents.
  x[0] = 10;
  assert.equal(build(inputs(x, 2))(), 30);
});

test('kernels without a data column are built afresh', () => {
  const none: EmitInputs = { columns: [], scalars: [], fns: [] };
  const src = "'use strict';\nreturn function k() { return 1; };";
  assert.notEqual(reusedKernel([], src, none, []), reusedKernel([], src, none, []));
});

test('a remembered kernel does not keep a replaced column alive (a bootstrap replicate’s outcome)', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const x = Float64Array.of(1, 2, 3);
  let y: Float64Array | undefined = new Float64Array(1000).fill(1);
  const ref = new WeakRef(y);
  assert.equal(build({ columns: [x, y], scalars: [2], fns: [] })(), 12);
  y = undefined;
  for (let k = 0; k < 3 && ref.deref(); k++) {
    await new Promise((done) => setImmediate(done));
    gc();
  }
  assert.equal(ref.deref(), undefined, 'the replaced column was collected');
  assert.equal(build(inputs(x, 2))(), 12, 'the data that is still there keeps its kernels');
});
