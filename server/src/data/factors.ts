// Factor columns: the levels of a text column (or of `factor(col)` on a numeric one) and each row's level code.

import { parseCell, type Column } from './table.ts';

export interface Factor {
  /** How the model names it: `wool`, or `factor(cyl)`. */
  readonly key: string;
  readonly column: string;
  /** Distinct non-missing values: text in code-point order (R's factor() under LC_COLLATE=C), numbers in numeric order. */
  readonly levels: readonly string[];
  /** Level index of every data row (all rows of the table); -1 where the cell is missing. */
  readonly codes: Int32Array;
  /** Rows per level, over all rows of the table. */
  readonly counts: readonly number[];
}

/** A column is a factor when one of its non-missing cells is not a number (the table then keeps every cell's text). */
export const isFactorColumn = (c: Column): boolean => c.nonNumeric > 0 && !!c.cells;

/** Compares by Unicode code point (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF). */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const memo = new WeakMap<Column, { plain?: Factor; wrapped?: Factor }>();

/**
 * The factor of a column: a text column always is one; a numeric column only through `factor(col)` (`wrapped`).
 * Undefined for a numeric column used bare. Computed once per loaded column.
 */
export function factorOf(col: Column, wrapped: boolean): Factor | undefined {
  const text = isFactorColumn(col);
  if (!text && !wrapped) return undefined;
  const hit = memo.get(col) ?? {};
  const slot = text ? 'plain' : 'wrapped';
  if (hit[slot]) return hit[slot];
  const f = text ? textFactor(col) : numericFactor(col);
  hit[slot] = f;
  memo.set(col, hit);
  return f;
}

function textFactor(col: Column): Factor {
  const cells = col.cells!;
  const isMissing = cells.map((c) => Number.isNaN(parseCell(c)));
  const levels = [...new Set(cells.filter((_, i) => !isMissing[i]))].sort(byCodePoint);
  const at = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(cells, (c, i) => (isMissing[i] ? -1 : at.get(c)!));
  return finish(col.name, col.name, levels, codes);
}

function numericFactor(col: Column): Factor {
  const v = col.values;
  const distinct = [...new Set(Array.from(v).filter((x) => x === x))].sort((a, b) => a - b);
  const at = new Map(distinct.map((x, i) => [x, i]));
  const codes = Int32Array.from(v, (x) => (x === x ? at.get(x)! : -1));
  return finish(`factor(${col.name})`, col.name, distinct.map(String), codes);
}

function finish(key: string, column: string, levels: string[], codes: Int32Array): Factor {
  const counts = new Array<number>(levels.length).fill(0);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  return { key, column, levels, codes, counts };
}
