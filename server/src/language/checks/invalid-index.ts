// invalid-index: vector declarations resolve (factor columns, ranges 1:K, ref levels) and are indexed as declared.

import { clauseExprs, type Expr, type Index, type ParamStmt } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { dimKey, type VectorParam } from '../vectors.ts';
import { indexKey } from '../lower-vectors.ts';
import { factorOf } from '../../data/factors.ts';
import { levelList } from '../factor-uses.ts';

export const invalidIndex: Check = (ctx) => {
  const out: Diagnostic[] = [];
  for (const v of ctx.scope.vectors.values()) out.push(...declaration(ctx, v));
  const factorCalls = new Set<number>();
  ctx.file.statements.forEach((st) => {
    const visit = (e: Expr | undefined): void => e && walk(ctx, e, out, factorCalls, false);
    if (st.kind === 'let' || st.kind === 'derive') visit(st.value);
    else if (st.kind === 'likelihood') {
      visit(st.lhs);
      st.dist?.args.forEach((a, i) => {
        // A bare simplex vector is Mixture's weight vector in the K-component form (arity checks its length).
        const bare = a.value.kind === 'name' && ctx.scope.vectors.get(a.value.name)?.simplex;
        if (bare && i === 0 && st.dist?.name.name === 'Mixture') return;
        visit(a.value);
      });
      clauseExprs(st).forEach(visit);
    } else if (st.kind === 'prior') {
      st.dist?.args.forEach((a) => visit(a.value));
      for (const n of st.names)
        if (ctx.scope.vectors.get(n.name)?.simplex)
          out.push(
            diag(
              'error',
              Codes.invalidPrior,
              n.span,
              `A prior on the simplex \`${n.name}\` is not supported: its elements are tied by summing to 1.`,
            ),
          );
    }
  });
  return out;
};

function declaration(ctx: CheckContext, v: VectorParam): Diagnostic[] {
  const out: Diagnostic[] = [];
  const st: ParamStmt = v.stmt;
  const dims = st.dims[st.names.indexOf(v.ident)] ?? [];
  const table = ctx.data?.ok ? ctx.data.table : undefined;
  for (const d of dims) {
    if (d.kind === 'range') {
      if (d.from !== 1 || !Number.isInteger(d.to) || d.to < 1)
        out.push(
          diag('error', Codes.invalidIndex, d.span, `A range index is 1:K with K a whole number ≥ 1, e.g. \`1:3\`.`),
        );
      continue;
    }
    if (!table) continue;
    const col = table.byName.get(d.column.name);
    if (!col) {
      out.push(
        diag(
          'error',
          Codes.unknownName,
          d.column.span,
          `Unknown column \`${d.column.name}\` in the index of \`${v.name}\`: an index is a factor column, factor(column) or 1:K.`,
          { name: d.column.name },
        ),
      );
      continue;
    }
    if (!factorOf(col, d.wrapped))
      out.push(
        diag(
          'error',
          Codes.invalidIndex,
          d.span,
          `\`${col.name}\` is numeric: write \`factor(${col.name})\` to use its distinct values as levels.`,
        ),
      );
  }
  if (st.ref?.level !== undefined && v.dims) {
    if (v.dims.length !== 1)
      out.push(
        diag(
          'error',
          Codes.invalidIndex,
          st.ref.span,
          `With several indices, \`ref\` takes no level: it fixes every element on the first level of any index.`,
        ),
      );
    else if (!v.dims[0].levels.includes(st.ref.level))
      out.push(
        diag(
          'error',
          Codes.invalidIndex,
          st.ref.levelSpan ?? st.ref.span,
          `"${st.ref.level}" is not a level of \`${v.dims[0].key}\` (levels ${levelList(v.dims[0].levels)}).`,
        ),
      );
  }
  if (st.simplex) {
    const ok = dims.length === 1 && dims[0].kind === 'range' && dims[0].to >= 2;
    if (!ok || st.ref || st.constraint)
      out.push(
        diag(
          'error',
          Codes.invalidConstraint,
          st.simplex.span,
          `\`simplex\` applies to a vector with one range index 1:K (K ≥ 2), without \`ref\` or another constraint, e.g. \`param w[1:3] simplex\`.`,
        ),
      );
  }
  return out;
}

/** Walks an expression: a vector must be indexed, an index must fit its vector, factor(…) only inside an index. */
function walk(ctx: CheckContext, e: Expr, out: Diagnostic[], seen: Set<number>, inIndex: boolean): void {
  const rec = (x: Expr, idx = false): void => walk(ctx, x, out, seen, idx);
  switch (e.kind) {
    case 'name': {
      const v = ctx.scope.vectors.get(e.name);
      if (v) out.push(diag('error', Codes.invalidIndex, e.span, `${describe(v)}: ${howTo(v)}`, { name: v.name }));
      return;
    }
    case 'unary':
      return rec(e.operand);
    case 'binary':
      rec(e.left);
      return rec(e.right);
    case 'call':
      if (e.callee.name === 'factor' && !inIndex)
        out.push(
          diag(
            'error',
            Codes.invalidIndex,
            e.span,
            '`factor(…)` can only be used as an index, e.g. `b[factor(cyl)]` with `param b[factor(cyl)]`.',
          ),
        );
      if (e.callee.name === 'factor') return;
      for (const a of e.args) rec(a.value);
      return;
    case 'index':
      return index(ctx, e, out, rec);
    default:
      return;
  }
}

function index(ctx: CheckContext, e: Index, out: Diagnostic[], rec: (x: Expr, idx?: boolean) => void): void {
  const v = ctx.scope.vectors.get(e.base.name);
  const sym = ctx.scope.symbols.get(e.base.name);
  if (!v) {
    if (sym)
      out.push(
        diag(
          'error',
          Codes.invalidIndex,
          e.bracketSpan,
          `\`${e.base.name}\` is a ${sym.kind === 'param' ? 'scalar parameter' : sym.kind}, not a vector: only a parameter declared with an index (\`param ${e.base.name}[wool]\`) can be indexed.`,
        ),
      );
    return;
  }
  for (const a of e.args) if (a.kind !== 'level' && a.kind !== 'number') rec(a, true);
  if (!v.dims) return;
  const bad = (msg: string): void => {
    out.push(diag('error', Codes.invalidIndex, e.bracketSpan, `${msg} ${howTo(v)}`, { name: v.name }));
  };
  if (e.args.length !== v.dims.length)
    return bad(`\`${v.name}\` has ${v.dims.length} ind${v.dims.length === 1 ? 'ex' : 'ices'}, not ${e.args.length}:`);
  const literal = e.args.map((a) => (a.kind === 'level' ? a.value : a.kind === 'number' ? String(a.value) : undefined));
  if (literal.every((x) => x !== undefined)) {
    literal.forEach((l, j) => {
      if (!v.dims![j].levels.includes(l!))
        out.push(
          diag(
            'error',
            Codes.invalidIndex,
            e.args[j].span,
            `"${l}" is not a level of \`${v.dims![j].key}\` (levels ${levelList(v.dims![j].levels)}).`,
          ),
        );
    });
    return;
  }
  const keys = e.args.map((a) => (a.kind === 'level' ? undefined : indexKey(a)));
  const ok = v.dims.every((d, j) => d.factor && keys[j] === d.key);
  if (!ok) bad(`\`${v.name}\` is indexed by ${v.dims.map((d) => `\`${dimKey(d.spec)}\``).join(', ')}:`);
}

function describe(v: VectorParam): string {
  const dims = v.stmt.dims[v.stmt.names.indexOf(v.ident)] ?? [];
  return `\`${v.name}\` is a vector parameter (one element per ${dims.map((d) => `\`${dimKey(d)}\``).join(' × ')} level)`;
}

/** The ways to write an element of `v`, using its declaration. */
function howTo(v: VectorParam): string {
  const dims = v.stmt.dims[v.stmt.names.indexOf(v.ident)] ?? [];
  const first = (j: number): string => {
    const lv = v.dims?.[j]?.levels[0];
    return dims[j].kind === 'range' ? String(dims[j].from) : `"${lv ?? 'LEVEL'}"`;
  };
  const one = `\`${v.name}[${dims.map((_, j) => first(j)).join(', ')}]\``;
  if (dims.some((d) => d.kind === 'range')) return `write one element, e.g. ${one}.`;
  return `write \`${v.name}[${dims.map((d) => dimKey(d)).join(', ')}]\` for each row's element, or ${one} for one element.`;
}
