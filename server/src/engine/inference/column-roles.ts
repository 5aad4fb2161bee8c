// What each parameter's derivative column is over the sampled rows: a constant, a data column, or neither.

import { indicator, type EngineModel } from '../model.ts';

export type ColumnRole =
  | { readonly kind: 'constant'; readonly value: number; readonly values: Float64Array }
  | { readonly kind: 'column'; readonly name: string; readonly values: Float64Array; readonly constant?: number };

type Node = EngineModel['terms'][number]['args'][number];

/** The data columns a model's distribution arguments read, by name, over the model's rows. */
function dataColumns(model: EngineModel): Map<string, Float64Array> {
  const data = new Map<string, Float64Array>();
  const visit = (n: Node): void => {
    if (n.op === 'data') data.set(n.name, n.values);
    // A factor's levels read as their indicator columns (`wool == "A"`), as a written-out dummy coding would.
    else if (n.op === 'lookup') n.params.forEach((j, l) => j >= 0 && data.set(n.labels[l], indicator(n, l)));
    else if (n.op === 'neg' || n.op === 'call') visit(n.a);
    else if (n.op === 'bin') {
      visit(n.a);
      visit(n.b);
    }
  };
  model.terms.forEach((t) => t.args.forEach(visit));
  return data;
}

/** For `param * column` (either order) anywhere in the arguments: the column each parameter multiplies. */
function multiplied(model: EngineModel): Map<number, string> {
  const out = new Map<number, string>();
  const visit = (n: Node): void => {
    if (n.op === 'bin') {
      if (n.fn === '*' && n.a.op === 'param' && n.b.op === 'data') out.set(n.a.index, n.b.name);
      if (n.fn === '*' && n.b.op === 'param' && n.a.op === 'data') out.set(n.b.index, n.a.name);
      visit(n.a);
      visit(n.b);
    } else if (n.op === 'neg' || n.op === 'call') visit(n.a);
    else if (n.op === 'lookup') n.params.forEach((j, l) => j >= 0 && out.set(j, n.labels[l]));
  };
  model.terms.forEach((t) => t.args.forEach(visit));
  return out;
}

/**
 * A parameter that multiplies a data column (b·x) has that column as its derivative; an intercept has a constant.
 * `columns[j]` is parameter j's derivative column over the model's rows (argJacobian's `columns`, on a model whose
 * rows are those sampled).
 */
export function columnRoles(model: EngineModel, columns: (Float64Array | undefined)[]): (ColumnRole | undefined)[] {
  const data = dataColumns(model);
  const times = multiplied(model);
  return columns.map((c, j) => {
    if (!c || c.length === 0) return undefined;
    // Two identical columns (w2 = 1·wt) match either: the one the parameter is written against comes first.
    const mine = times.get(j);
    const own = mine !== undefined ? data.get(mine) : undefined;
    const order: Iterable<[string, Float64Array]> = own
      ? [[mine!, own], ...[...data].filter(([name]) => name !== mine)]
      : data;
    for (const [name, values] of order) {
      if (values.length !== c.length) continue;
      let same = true;
      for (let i = 0; i < c.length && same; i++)
        same = Math.abs(c[i] - values[i]) <= 1e-12 * Math.max(1, Math.abs(values[i]));
      if (same) {
        const constant = c.every((x) => x === c[0]) ? c[0] : undefined;
        return { kind: 'column', name, values: c, constant };
      }
    }
    return c.every((x) => Math.abs(x - c[0]) <= 1e-12 * Math.max(1, Math.abs(c[0])))
      ? { kind: 'constant', value: c[0], values: c }
      : undefined;
  });
}
