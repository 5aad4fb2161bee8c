// Dependency facts shared by several checks: which parameters and columns each expression reaches through lets.

import { clauseExprs, walkExpr, type Expr, type ModelFile, type LetStmt } from './ast.ts';
import type { Scope } from './scope.ts';

export interface Deps {
  readonly params: ReadonlySet<string>;
  readonly columns: ReadonlySet<string>;
}

export interface Facts {
  /** Dependencies of an expression, following lets transitively. */
  deps(e: Expr | undefined): Deps;
  /** Columns used by likelihood terms (left sides and arguments), in first-use order. */
  readonly usedColumns: readonly string[];
  /** Parameters that affect the objective (likelihood terms and priors). */
  readonly objectiveParams: ReadonlySet<string>;
}

export function computeFacts(file: ModelFile, scope: Scope): Facts {
  const letMemo = new Map<string, Deps>();
  const visiting = new Set<string>();
  const deps = (e: Expr | undefined): Deps => {
    const params = new Set<string>();
    const columns = new Set<string>();
    if (!e) return { params, columns };
    walkExpr(e, (x) => {
      if (x.kind !== 'name') return;
      const s = scope.symbols.get(x.name);
      if (!s) return;
      if (s.kind === 'param') params.add(s.name);
      else if (s.kind === 'column') columns.add(s.name);
      else if (s.kind === 'let') {
        const d = letDeps(s.stmt as LetStmt);
        d.params.forEach((p) => params.add(p));
        d.columns.forEach((c) => columns.add(c));
      }
    });
    return { params, columns };
  };
  const letDeps = (st: LetStmt): Deps => {
    const hit = letMemo.get(st.name.name);
    if (hit) return hit;
    if (visiting.has(st.name.name)) return { params: new Set(), columns: new Set() };
    visiting.add(st.name.name);
    const d = deps(st.value);
    visiting.delete(st.name.name);
    letMemo.set(st.name.name, d);
    return d;
  };

  const used: string[] = [];
  const objectiveParams = new Set<string>();
  const addCols = (d: Deps): void =>
    d.columns.forEach((c) => {
      if (!used.includes(c)) used.push(c);
    });
  for (const st of file.statements) {
    if (st.kind === 'likelihood') {
      addCols(deps(st.lhs));
      for (const a of st.dist?.args ?? []) {
        const d = deps(a.value);
        addCols(d);
        d.params.forEach((p) => objectiveParams.add(p));
      }
      deps(st.lhs).params.forEach((p) => objectiveParams.add(p));
      // Censoring conditions are data (their columns are used); truncation bounds may hold parameters.
      for (const e of clauseExprs(st)) {
        const d = deps(e);
        addCols(d);
        d.params.forEach((p) => objectiveParams.add(p));
      }
    } else if (st.kind === 'prior') {
      for (const n of st.names) if (scope.symbols.get(n.name)?.kind === 'param') objectiveParams.add(n.name);
    }
  }
  return { deps, usedColumns: used, objectiveParams };
}
