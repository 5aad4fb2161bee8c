// Evaluates an expression that depends only on data columns (and constants) over all rows, for data-aware checks.

import type { Expr, LetStmt } from './ast.ts';
import type { DataTable } from '../data/table.ts';
import { UNARY, binaryPartials, type BinaryPartials } from '../engine/eval/functions.ts';
import { constantOf } from './scope.ts';
import type { SymbolInfo } from './analysis-types.ts';

/** What evaluation needs of a scope: the symbols (a Scope or an Analysis). */
type Symbols = { readonly symbols: ReadonlyMap<string, SymbolInfo> };

/** Values per data row, or undefined when the expression involves a parameter or an unknown name. */
export function evalColumns(e: Expr, table: DataTable, scope: Symbols, depth = 0): Float64Array | undefined {
  const n = table.rows;
  if (depth > 50) return undefined;
  switch (e.kind) {
    case 'number':
      return new Float64Array(n).fill(e.value);
    case 'name': {
      const c = constantOf(e, scope.symbols);
      if (c !== undefined) return new Float64Array(n).fill(c);
      const s = scope.symbols.get(e.name);
      if (s?.kind === 'column' && s.column) return s.column.values;
      if (s?.kind === 'let') {
        const v = (s.stmt as LetStmt).value;
        return v ? evalColumns(v, table, scope, depth + 1) : undefined;
      }
      return undefined;
    }
    case 'unary': {
      const a = evalColumns(e.operand, table, scope, depth + 1);
      return a?.map((x) => -x);
    }
    case 'binary': {
      const a = evalColumns(e.left, table, scope, depth + 1);
      const b = a && evalColumns(e.right, table, scope, depth + 1);
      if (!a || !b) return undefined;
      const out = new Float64Array(n);
      const p: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
      for (let i = 0; i < n; i++) {
        binaryPartials(e.op, a[i], b[i], p);
        out[i] = p.v;
      }
      return out;
    }
    case 'call': {
      const args = e.args.map((x) => evalColumns(x.value, table, scope, depth + 1));
      if (args.some((x) => !x)) return undefined;
      if (e.callee.name === 'pow' && args.length === 2) {
        const [a, b] = args as Float64Array[];
        return a.map((x, i) => Math.pow(x, b[i]));
      }
      const f = UNARY[e.callee.name];
      if (!f || args.length !== 1) return undefined;
      return (args[0] as Float64Array).map(f.f);
    }
  }
}
