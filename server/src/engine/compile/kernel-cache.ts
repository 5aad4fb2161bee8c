// Reuses a generated row loop when the same source meets the very same inputs again (a refit of an unchanged model on
// the same loaded data): the closure keeps the machine code and type feedback V8 built for it, where a fresh
// `new Function` starts cold and runs its first passes over the rows 3–5× slower than warm ones.

import { generatedFunction, type EmitInputs } from './emit.ts';

/** Sources remembered per data column: an editing session changes the model text often, each edit a new source. */
const PER_COLUMN = 8;

interface Entry {
  readonly source: string;
  readonly inputs: EmitInputs;
  readonly extra: readonly unknown[];
  readonly fn: unknown;
}

// Keyed by the first input column (ephemeron: an entry lives only while its data does, though its closure reads it).
const byColumn = new WeakMap<Float64Array, Entry[]>();

/**
 * Identical when every column is the same array (the closure reads arrays, not their contents, so a refilled buffer
 * is still the same input), every scalar the same value (they are read once, when the kernel is built) and every
 * function and extra argument the same object.
 */
function sameInputs(e: Entry, inputs: EmitInputs, extra: readonly unknown[]): boolean {
  const a = e.inputs;
  const same = <T>(x: readonly T[], y: readonly T[]): boolean =>
    x.length === y.length && x.every((v, k) => Object.is(v, y[k]));
  return (
    same(a.columns, inputs.columns) &&
    same(a.scalars, inputs.scalars) &&
    same(a.fns, inputs.fns) &&
    same(e.extra, extra)
  );
}

/**
 * `generatedFunction(['IN', ...names], source)(inputs, ...extra)`, or the function an earlier call with the same source,
 * inputs and extra arguments returned. Kernels without a data column are always built afresh.
 */
export function reusedKernel(
  names: readonly string[],
  source: string,
  inputs: EmitInputs,
  extra: readonly unknown[],
): unknown {
  const build = (): unknown => generatedFunction(['IN', ...names], source)(inputs, ...extra);
  const key = inputs.columns[0];
  if (!key) return build();
  const list = byColumn.get(key) ?? [];
  const hit = list.find((e) => e.source === source && sameInputs(e, inputs, extra));
  if (hit) {
    list.splice(list.indexOf(hit), 1);
    list.unshift(hit);
    return hit.fn;
  }
  const fn = build();
  list.unshift({
    source,
    inputs: { columns: [...inputs.columns], scalars: [...inputs.scalars], fns: [...inputs.fns] },
    extra: [...extra],
    fn,
  });
  if (list.length > PER_COLUMN) list.length = PER_COLUMN;
  byColumn.set(key, list);
  return fn;
}
