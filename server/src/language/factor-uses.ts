// Where a factor column may appear: as an index (`b[wool]`, `param b[wool]`), a Bernoulli or a Categorical outcome;
// side table by span.

import { clauseExprs, walkExpr, type Expr, type ModelFile } from './ast.ts';

export interface FactorUses {
  /** Start offsets of name references written as an index (inside `[…]` or `factor(…)` there). */
  readonly indexPositions: ReadonlySet<number>;
  /** Start offsets of `factor(…)` calls written as an index. */
  readonly factorCallsAsIndex: ReadonlySet<number>;
  /** Start offsets of a likelihood's left side that is a bare column name under Bernoulli. */
  readonly bernoulliOutcomes: ReadonlySet<number>;
  /** Start offsets of a likelihood's left side that is a bare column name under Categorical. */
  readonly categoricalOutcomes: ReadonlySet<number>;
}

export function factorUses(file: ModelFile): FactorUses {
  const indexPositions = new Set<number>();
  const factorCallsAsIndex = new Set<number>();
  const bernoulliOutcomes = new Set<number>();
  const categoricalOutcomes = new Set<number>();
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      if (x.kind !== 'index') return;
      for (const a of x.args) {
        if (a.kind === 'name') indexPositions.add(a.span.start);
        else if (a.kind === 'call' && a.callee.name === 'factor') {
          factorCallsAsIndex.add(a.span.start);
          for (const arg of a.args) if (arg.value.kind === 'name') indexPositions.add(arg.value.span.start);
        }
      }
    });
  };
  for (const st of file.statements) {
    switch (st.kind) {
      case 'param':
        st.dims.forEach((ds) => ds.forEach((d) => d.kind === 'factor' && indexPositions.add(d.column.span.start)));
        break;
      case 'let':
      case 'derive':
        visit(st.value);
        break;
      case 'likelihood':
        visit(st.lhs);
        st.dist?.args.forEach((a) => visit(a.value));
        clauseExprs(st).forEach(visit);
        if (st.lhs.kind === 'name' && st.dist?.name.name === 'Bernoulli') bernoulliOutcomes.add(st.lhs.span.start);
        if (st.lhs.kind === 'name' && st.dist?.name.name === 'Categorical') categoricalOutcomes.add(st.lhs.span.start);
        break;
      case 'prior':
        st.dist?.args.forEach((a) => visit(a.value));
        break;
      default:
        break;
    }
  }
  return { indexPositions, factorCallsAsIndex, bernoulliOutcomes, categoricalOutcomes };
}

/** `A, B, C` (the first `max` levels, then an ellipsis). */
export const levelList = (levels: readonly string[], max = 8): string =>
  levels.length <= max ? levels.join(', ') : `${levels.slice(0, max).join(', ')}, … (${levels.length} levels)`;
