// The data table with each likelihood term's outcome column replaced by simulated values, as CSV text.

import type { DataTable, Column } from '../data/table.ts';
import { factorOf, isFactorColumn } from '../data/factors.ts';
import type { EngineModel } from '../engine/model.ts';

/** Where a term's simulated outcome goes: a column, and how a value is written (a factor's level label). */
interface Target {
  readonly col: Column;
  readonly text: (v: number) => string;
}

const numberText = (v: number): string => (Number.isFinite(v) ? String(v) : 'NA');

/** The column a term's outcome is, or why it cannot be written (a transformed outcome such as `log(y)`). */
function targetOf(table: DataTable, y: EngineModel['terms'][number]['y']): Target | string {
  if (y.op !== 'data') return 'its outcome is an expression, not a column: simulate writes plain outcome columns only';
  const wrapped = /^factor\((.+)\)$/.exec(y.name);
  const col = table.byName.get(wrapped ? wrapped[1] : y.name);
  if (!col) return `its outcome ${y.name} is not a column of the data`;
  // Factor outcomes are simulated as level codes (0 = first level), written back as the level's label.
  const f = isFactorColumn(col) ? factorOf(col, false) : wrapped ? factorOf(col, true) : undefined;
  return { col, text: f ? (v) => f.levels[v] ?? 'NA' : numberText };
}

/** RFC 4180 quoting where a cell needs it (a comma, quote or line break). */
const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * CSV of every data row (header as the data's): a simulated outcome on each used row (`used[i]`, in order), every
 * other cell as read (numbers in JavaScript's shortest form, missing as NA, text as it was). Returns an error message
 * naming the term (by `termText(source)`) when an outcome cannot be written.
 */
export function simulatedCsv(
  table: DataTable,
  used: Uint8Array | undefined,
  model: EngineModel,
  ys: readonly Float64Array[],
  termText: (source: number) => string,
): { readonly csv: string } | { readonly error: string } {
  const replaced = new Map<Column, string[]>();
  for (let t = 0; t < model.terms.length; t++) {
    const term = model.terms[t];
    const target = targetOf(table, term.y);
    if (typeof target === 'string') return { error: `cannot simulate \`${termText(term.source)}\`: ${target}` };
    if (replaced.has(target.col))
      return { error: `cannot simulate: two likelihood terms have the same outcome column ${target.col.name}` };
    const cells = Array.from({ length: table.rows }, (_, i) => cellOf(target.col, i));
    for (let i = 0, j = 0; i < table.rows; i++) if (!used || used[i]) cells[i] = target.text(ys[t][j++]);
    replaced.set(target.col, cells);
  }
  const lines = [table.columns.map((c) => quote(c.name)).join(',')];
  for (let i = 0; i < table.rows; i++)
    lines.push(table.columns.map((c) => quote(replaced.get(c)?.[i] ?? cellOf(c, i))).join(','));
  return { csv: lines.join('\n') + '\n' };
}

function cellOf(c: Column, i: number): string {
  return c.cells ? c.cells[i] : numberText(c.values[i]);
}
