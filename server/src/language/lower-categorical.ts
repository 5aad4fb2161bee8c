// Categorical outcomes: the outcome's factor, its level codes over the used rows, and which expressions vary by level.

import { walkExpr, type Expr, type LetStmt } from './ast.ts';
import type { DataTable } from '../data/table.ts';
import { factorOf, isFactorColumn, type Factor } from '../data/factors.ts';
import { indexKey } from './lower-vectors.ts';
import type { SymbolInfo } from './analysis-types.ts';

/** A Categorical outcome is a column: a factor as it is, a numeric column read as `factor(column)`. */
export function outcomeFactor(lhs: Expr, table: DataTable | undefined): Factor | undefined {
  if (lhs.kind !== 'name') return undefined;
  const col = table?.byName.get(lhs.name);
  return col ? factorOf(col, !isFactorColumn(col)) : undefined;
}

/** Level codes 0…K−1 of the used rows (rows with a missing outcome are never used). */
export function outcomeCodes(f: Factor, mask: Uint8Array | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < f.codes.length && j < n; i++) if (!mask || mask[i]) out[j++] = f.codes[i];
  return out;
}

/**
 * Whether an expression indexes something by the factor `key` (directly or through lets): only such expressions
 * differ between the per-level copies of η, so every other node is shared by all K of them.
 */
export function variesWith(
  e: Expr,
  key: string,
  symbols: ReadonlyMap<string, SymbolInfo>,
  memo = new Map<string, boolean>(),
): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (found) return;
    if (x.kind === 'index') found = x.args.some((a) => a.kind !== 'level' && indexKey(a) === key);
    else if (x.kind === 'name') {
      const s = symbols.get(x.name);
      if (s?.kind !== 'let') return;
      let hit = memo.get(x.name);
      if (hit === undefined) {
        memo.set(x.name, false); // a cyclic let is an error elsewhere; do not loop on it here
        const value = (s.stmt as LetStmt).value;
        hit = !!value && variesWith(value, key, symbols, memo);
        memo.set(x.name, hit);
      }
      found = hit;
    }
  });
  return found;
}
