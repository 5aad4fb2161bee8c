// data-support: observed values must lie in the distribution's support (and inside a truncation); count and first bad row.

import type { DistCall, Expr, LikelihoodStmt } from '../ast.ts';
import { constantOf } from '../scope.ts';
import { distribution } from '../builtins.ts';
import { inSupport } from '../../engine/distributions/support.ts';
import type { SupportKind } from '../../engine/distributions/types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { evalColumns } from '../eval-columns.ts';
import { rowRef, type Check, type CheckContext } from './context.ts';
import { asDistCall } from './distribution-calls.ts';

/** Supports a value must satisfy one of (Mixture: either component). */
function supportsOf(call: DistCall): SupportKind[] | undefined {
  const info = distribution(call.name.name);
  // A Categorical outcome's support is its factor's levels: categorical-outcome.ts checks it.
  if (!info || info.support === 'categorical') return undefined;
  if (info.support !== 'mixture') return [info.support];
  const comps = call.args
    .slice(1)
    .map((a) => asDistCall(a.value))
    .map((c) => (c ? distribution(c.name.name)?.support : undefined));
  return comps.every((c): c is SupportKind => !!c && c !== 'mixture') ? comps : undefined;
}

/** Rows outside a literal `truncated (LO, HI)`: the truncated density is zero there (a count may equal a bound). */
function outsideTruncation(
  st: LikelihoodStmt,
  y: Float64Array,
  mask: Uint8Array,
  text: string,
  scope: CheckContext['scope'],
): Diagnostic[] {
  const t = st.truncated?.[0];
  if (!t || !st.dist) return [];
  const value = (e: Expr | undefined): number | undefined =>
    !e
      ? undefined
      : e.kind === 'number'
        ? e.value
        : e.kind === 'name'
          ? constantOf(e, scope.symbols)
          : e.kind === 'unary' && value(e.operand) !== undefined
            ? -value(e.operand)!
            : undefined;
  const lo = value(t.lo);
  const hi = value(t.hi);
  if (lo === undefined || hi === undefined || !(lo < hi)) return []; // an empty interval is invalid-truncation's
  const closed = distribution(st.dist.name.name)?.discrete ?? false;
  const inside = (v: number): boolean => (closed ? v >= lo && v <= hi : v > lo && v < hi);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    if (!mask[i] || Number.isNaN(y[i]) || inside(y[i])) continue;
    bad++;
    if (first < 0) first = i;
  }
  if (!bad) return [];
  const num = (v: number): string => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));
  const interval = closed ? `[${num(lo)}, ${num(hi)}]` : `(${num(lo)}, ${num(hi)})`;
  return [
    diag(
      'error',
      Codes.dataSupport,
      st.lhs.span,
      `${bad} value${bad === 1 ? '' : 's'} of \`${text.slice(st.lhs.span.start, st.lhs.span.end)}\` lie${bad === 1 ? 's' : ''} outside the truncation interval ${interval}: the first is ${y[first]} at ${rowRef(first + 1)}. A truncated distribution cannot produce them: widen the bounds or drop those rows.`,
      { count: bad, row: first + 1 },
    ),
  ];
}

export const dataSupport: Check = ({ data, rows, file, scope, text }) => {
  if (!data?.ok || !rows) return [];
  const out: Diagnostic[] = [];
  for (const st of file.statements) {
    if (st.kind !== 'likelihood' || !st.dist) continue;
    const supports = supportsOf(st.dist);
    const info = distribution(st.dist.name.name);
    if (!supports || !info) continue;
    const y = evalColumns(st.lhs, data.table, scope);
    if (!y) continue;
    let size: Float64Array | undefined;
    if (info.support === 'binomial') {
      const sizeArg =
        st.dist.args.find((a) => a.name?.name === 'size') ?? (st.dist.args[0]?.name ? undefined : st.dist.args[0]);
      size = sizeArg ? evalColumns(sizeArg.value, data.table, scope) : undefined;
    }
    let bad = 0;
    let first = -1;
    // Plain loops, no closure per row: this runs on every analysis of a possibly million-row file.
    const mask = rows.mask;
    for (let i = 0; i < y.length; i++) {
      const yi = y[i];
      if (!mask[i] || yi !== yi) continue;
      const s = size ? size[i] : NaN;
      let ok = false;
      for (let k = 0; k < supports.length && !ok; k++) ok = inSupport(supports[k], yi, s);
      if (!ok) {
        bad++;
        if (first < 0) first = i;
      }
    }
    out.push(...outsideTruncation(st, y, rows.mask, text, scope));
    if (bad === 0) continue;
    const sizeNote = size && first >= 0 && y[first] > size[first] ? ` (it exceeds size = ${size[first]})` : '';
    out.push(
      diag(
        'error',
        Codes.dataSupport,
        st.lhs.span,
        `${bad} value${bad === 1 ? '' : 's'} of \`${text.slice(st.lhs.span.start, st.lhs.span.end)}\` cannot come from ${info.name}, whose support is ${info.supportText}: the first is ${y[first]}${sizeNote} at ${rowRef(first + 1)}. Choose a distribution whose support matches the data, or transform the data.`,
        { count: bad, row: first + 1 },
      ),
    );
  }
  return out;
};
