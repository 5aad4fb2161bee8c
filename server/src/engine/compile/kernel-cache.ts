// Reuses a generated row loop when the same source meets the very same inputs again (a refit of an unchanged model on
// the same loaded data): the closure keeps the machine code and type feedback V8 built for it, where a fresh
// `new Function` starts cold and runs its first passes over the rows 3–5× slower than warm ones.

import { generatedFunction, type EmitInputs } from './emit.ts';

/** Sources remembered per set of data columns: an editing session changes the model text often, each edit a source. */
const PER_COLUMNS = 8;

interface Entry {
  readonly source: string;
  readonly scalars: readonly number[];
  readonly fns: readonly unknown[];
  readonly extra: readonly unknown[];
  readonly fn: unknown;
}

/** One level of the column path: the kernels whose columns end here, and the next column's level. */
interface Level {
  readonly next: WeakMap<Float64Array, Level>;
  entries: Entry[];
}

// A chain of weak maps, one level per input column in order: an entry is reachable only while every one of its columns
// is (ephemerons: its closure reading them does not keep them alive), so a replaced column, such as a bootstrap
// replicate's outcome, takes its kernels with it.
const root: Level = { next: new WeakMap(), entries: [] };

const same = <T>(x: readonly T[], y: readonly T[]): boolean =>
  x.length === y.length && x.every((v, k) => Object.is(v, y[k]));

/**
 * `generatedFunction(['IN', ...names], source)(inputs, ...extra)`, or the function an earlier call returned for the same
 * source with the same inputs: every column the same array (the closure reads arrays, not their contents, so a refilled
 * buffer is still the same input), every scalar the same value (read once, when the kernel is built), every function
 * and extra argument the same object. Kernels without a data column are always built afresh.
 */
export function reusedKernel(
  names: readonly string[],
  source: string,
  inputs: EmitInputs,
  extra: readonly unknown[],
): unknown {
  const build = (): unknown => generatedFunction(['IN', ...names], source)(inputs, ...extra);
  if (inputs.columns.length === 0) return build();
  let level = root;
  for (const c of inputs.columns) {
    let down = level.next.get(c);
    if (!down) level.next.set(c, (down = { next: new WeakMap(), entries: [] }));
    level = down;
  }
  const list = level.entries;
  const hit = list.find(
    (e) => e.source === source && same(e.scalars, inputs.scalars) && same(e.fns, inputs.fns) && same(e.extra, extra),
  );
  if (hit) {
    list.splice(list.indexOf(hit), 1);
    list.unshift(hit);
    return hit.fn;
  }
  const fn = build();
  list.unshift({ source, scalars: [...inputs.scalars], fns: [...inputs.fns], extra: [...extra], fn });
  if (list.length > PER_COLUMNS) list.length = PER_COLUMNS;
  return fn;
}
