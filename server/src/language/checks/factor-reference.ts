// not-identifiable (factor form): `a + b[wool]` with no `ref`, or two un-referenced factor terms summed, is not identifiable.

import type { Expr, LetStmt } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { dimKey, type VectorParam } from '../vectors.ts';
import { literalCodes } from '../lower-vectors.ts';

interface Summands {
  readonly scalars: string[];
  readonly vectors: { readonly v: VectorParam; readonly text: string }[];
}

/** The additive summands of an expression (through parentheses, unary minus, one-argument functions and lets). */
function summands(ctx: CheckContext, e: Expr, out: Summands, depth = 0): void {
  if (depth > 50) return;
  if (e.kind === 'binary' && (e.op === '+' || e.op === '-')) {
    summands(ctx, e.left, out, depth + 1);
    summands(ctx, e.right, out, depth + 1);
  } else if (e.kind === 'unary') summands(ctx, e.operand, out, depth + 1);
  // A one-argument function (a link: exp, logistic, …) keeps the confounding of its argument's summands.
  else if (e.kind === 'call' && e.args.length === 1 && e.callee.name !== 'factor')
    summands(ctx, e.args[0].value, out, depth + 1);
  else if (e.kind === 'name') {
    const s = ctx.scope.symbols.get(e.name);
    if (s?.kind === 'param' && !ctx.scope.vectors.has(e.name)) out.scalars.push(e.name);
    else if (s?.kind === 'let' && (s.stmt as LetStmt).value) summands(ctx, (s.stmt as LetStmt).value!, out, depth + 1);
  } else if (e.kind === 'index') {
    const v = ctx.scope.vectors.get(e.base.name);
    const perRow = v && !(v.dims && literalCodes(v, e.args)) && e.args.every((a) => a.kind !== 'level');
    if (v && perRow && !v.stmt.ref && !v.simplex)
      out.vectors.push({ v, text: ctx.text.slice(e.span.start, e.span.end) });
  }
}

export const factorReference: Check = (ctx) => {
  const out: Diagnostic[] = [];
  const flagged = new Set<string>();
  ctx.file.statements.forEach((st) => {
    // A Categorical's η is identified only up to a constant anyway: categorical-reference.ts speaks for it.
    if (st.kind !== 'likelihood' || !st.dist || st.dist.name.name === 'Categorical') return;
    for (const arg of st.dist.args) {
      const s: Summands = { scalars: [], vectors: [] };
      summands(ctx, arg.value, s);
      const unique = s.vectors.filter((x, i) => s.vectors.findIndex((y) => y.v === x.v) === i);
      // With an intercept, every un-referenced vector is confounded with it; without, all but one of them are.
      const targets = s.scalars.length ? unique : unique.slice(1);
      for (const { v, text } of targets) {
        if (flagged.has(v.name)) continue;
        flagged.add(v.name);
        const other = s.scalars.length ? `the intercept \`${s.scalars[0]}\`` : `the levels of \`${unique[0].text}\``;
        const free = (x: VectorParam): string[] => x.elements.filter((e) => !e.fixed).map((e) => e.name);
        const partners = s.scalars.length ? s.scalars.slice(0, 1) : free(unique[0].v);
        out.push(
          diag(
            'warning',
            Codes.notIdentifiable,
            v.ident.span,
            `${other[0].toUpperCase()}${other.slice(1)} and the levels of \`${text}\` enter only as \`${s.scalars.length ? `${s.scalars[0]} + ` : `${unique[0].text} + `}${text}\`: a constant can move between them without changing the likelihood. Add \`ref\` to \`param ${v.name}[${(v.stmt.dims[v.stmt.names.indexOf(v.ident)] ?? []).map(dimKey).join(', ')}]\` to fix its first level at 0.`,
            { addRef: v.name, params: [...partners, ...free(v)], name: v.name },
          ),
        );
      }
    }
  });
  return out;
};
