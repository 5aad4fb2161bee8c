// not-identifiable (Categorical form): η is determined only up to a constant per row, so every parameter indexed by
// the outcome needs a fixed level (`ref`), and η must depend on the level at all.

import { walkExpr, type Expr, type LetStmt } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { dimKey, type VectorParam } from '../vectors.ts';
import { indexKey, literalCodes } from '../lower-vectors.ts';
import { outcomeFactor } from '../lower-categorical.ts';

/** The keys an outcome column may be indexed by: its factor's (`Species`, `factor(gear)`), or both forms without data. */
function outcomeKeys(ctx: CheckContext, lhs: Expr): string[] {
  if (lhs.kind !== 'name') return [];
  const f = outcomeFactor(lhs, ctx.data?.ok ? ctx.data.table : undefined);
  return f ? [f.key] : [lhs.name, `factor(${lhs.name})`];
}

/** Vectors indexed per row by one of `keys` in `e`, through lets. */
function indexedBy(
  ctx: CheckContext,
  e: Expr,
  keys: readonly string[],
  out: Set<VectorParam>,
  seen: Set<string>,
): void {
  walkExpr(e, (x) => {
    if (x.kind === 'index') {
      const v = ctx.scope.vectors.get(x.base.name);
      if (
        v &&
        !(v.dims && literalCodes(v, x.args)) &&
        x.args.some((a) => a.kind !== 'level' && keys.includes(indexKey(a) ?? ''))
      )
        out.add(v);
    } else if (x.kind === 'name' && !seen.has(x.name)) {
      seen.add(x.name);
      const s = ctx.scope.symbols.get(x.name);
      const value = s?.kind === 'let' ? (s.stmt as LetStmt).value : undefined;
      if (value) indexedBy(ctx, value, keys, out, seen);
    }
  });
}

export const categoricalReference: Check = (ctx) => {
  const out: Diagnostic[] = [];
  for (const st of ctx.file.statements) {
    if (st.kind !== 'likelihood' || st.dist?.name.name !== 'Categorical' || st.dist.args.length !== 1) continue;
    const keys = outcomeKeys(ctx, st.lhs);
    if (keys.length === 0) continue;
    const outcome = ctx.text.slice(st.lhs.span.start, st.lhs.span.end);
    const vs = new Set<VectorParam>();
    indexedBy(ctx, st.dist.args[0].value, keys, vs, new Set());
    if (vs.size === 0) {
      out.push(
        diag(
          'warning',
          Codes.notIdentifiable,
          st.dist.args[0].value.span,
          `η does not depend on the level of \`${outcome}\`, so every level gets the same probability and no parameter in it is identifiable: index a parameter by the outcome, e.g. \`a[${keys[0]}]\` with \`param a[${keys[0]}] ref\`.`,
        ),
      );
      continue;
    }
    for (const v of vs) {
      if (v.stmt.ref || v.simplex) continue;
      const decl = `param ${v.name}[${(v.stmt.dims[v.stmt.names.indexOf(v.ident)] ?? []).map(dimKey).join(', ')}]`;
      const free = v.elements.filter((e) => !e.fixed).map((e) => e.name);
      out.push(
        diag(
          'warning',
          Codes.notIdentifiable,
          v.ident.span,
          `In \`${outcome} ~ Categorical(η)\`, η is determined only up to a constant: P(${outcome} = k) = exp(η_k) / Σ_j exp(η_j) does not change when every level of \`${v.name}\` moves by the same amount, so no level of it is identifiable. Add \`ref\` to \`${decl}\` to fix its first level at 0 (the other levels are then contrasts with it).`,
          { addRef: v.name, params: free, name: v.name },
        ),
      );
    }
  }
  return out;
};
