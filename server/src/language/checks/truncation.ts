// invalid-truncation: `truncated (LO, HI)` once per likelihood, bounds free of data, LO < HI, a family with a log-CDF.

import type { Expr, LikelihoodStmt } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { constantOf } from '../scope.ts';
import type { Check, CheckContext } from './context.ts';
import { tailUnavailable } from './censoring.ts';

/** A literal bound's value: a number, `inf`, `pi`, possibly negated; undefined for anything else. */
function literal(ctx: CheckContext, e: Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'name') return constantOf(e, ctx.scope.symbols);
  if (e.kind !== 'unary') return undefined;
  const v = literal(ctx, e.operand);
  return v === undefined ? undefined : -v;
}

function clauseDiagnostics(ctx: CheckContext, st: LikelihoodStmt): Diagnostic[] {
  const out: Diagnostic[] = [];
  const clauses = st.truncated ?? [];
  if (!clauses.length || !st.dist) return out;
  const why = tailUnavailable(st.dist.name.name, 'Truncation');
  if (why) out.push(diag('error', Codes.invalidTruncation, clauses[0].span, why));
  for (const extra of clauses.slice(1))
    out.push(
      diag('error', Codes.invalidTruncation, extra.span, 'Only one `truncated (LO, HI)` per likelihood: keep one.'),
    );
  const t = clauses[0];
  const bound = (e: Expr | undefined, which: string): void => {
    if (!e) return;
    const cols = [...ctx.facts.deps(e).columns];
    if (cols.length)
      out.push(
        diag(
          'error',
          Codes.invalidTruncation,
          e.span,
          `The truncation bound ${which} \`${ctx.text.slice(e.span.start, e.span.end)}\` uses the column${cols.length > 1 ? 's' : ''} ${cols.map((c) => `\`${c}\``).join(', ')}: a bound is a number (or a parameter), the same for every row; write \`-inf\` or \`inf\` for no bound.`,
        ),
      );
  };
  bound(t.lo, 'LO');
  bound(t.hi, 'HI');
  const lo = t.lo ? literal(ctx, t.lo) : undefined;
  const hi = t.hi ? literal(ctx, t.hi) : undefined;
  if (lo !== undefined && hi !== undefined && !(lo < hi))
    out.push(
      diag(
        'error',
        Codes.invalidTruncation,
        t.span,
        `The truncation interval (${lo}, ${hi}) is empty: LO must be below HI.`,
      ),
    );
  return out;
}

export const truncation: Check = (ctx) =>
  ctx.file.statements.flatMap((st) => (st.kind === 'likelihood' ? clauseDiagnostics(ctx, st) : []));
