// Short texts about model elements (constraints, expressions, columns), shared by completion and hover so both say the same thing.

import type { Analysis } from '../language/analysis-types.ts';
import { walkExpr, type Expr, type ParamStmt } from '../language/ast.ts';
import type { Column } from '../data/table.ts';
import { factorOf } from '../data/factors.ts';

/** " > 0", " < 1", " in (0, 1)", or "" when unconstrained. */
export function constraintText(stmt: ParamStmt | undefined): string {
  const c = stmt?.constraint;
  if (!c) return '';
  if (c.kind === 'lower') return ` > ${c.lo}`;
  if (c.kind === 'upper') return ` < ${c.hi}`;
  return ` in (${c.lo}, ${c.hi})`;
}

/** The source text of an expression, whitespace collapsed, cut to `max` characters. */
export function exprText(text: string, e: Expr | undefined, max = 80): string {
  if (!e) return '…';
  const s = text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Columns an expression reads, directly or through lets (which tells per-row values from scalars). */
export function columnsOf(analysis: Analysis, e: Expr | undefined, seen = new Set<string>()): string[] {
  const out = new Set<string>();
  if (!e) return [];
  walkExpr(e, (x) => {
    if (x.kind !== 'name' || seen.has(x.name)) return;
    seen.add(x.name);
    const s = analysis.symbols.get(x.name);
    if (s?.kind === 'column') out.add(x.name);
    else if (s?.kind === 'let' && s.stmt?.kind === 'let')
      for (const c of columnsOf(analysis, s.stmt.value, seen)) out.add(c);
  });
  return [...out];
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

/** A Markdown summary of a column: size, missing cells, range or distinct values, text cells. */
export function columnSummary(c: Column): string {
  const n = c.values.length;
  const factor = factorOf(c, false);
  if (factor) {
    // A text column is a factor: its levels (code-point order) with their row counts.
    const shown = factor.levels.slice(0, 12).map((l, i) => `\`${l}\` (${factor.counts[i]})`);
    const missing = factor.codes.reduce((m, x) => m + (x < 0 ? 1 : 0), 0);
    return [
      `factor · ${factor.levels.length} level${factor.levels.length === 1 ? '' : 's'} · n = ${n} · missing ${missing}`,
      `levels: ${shown.join(', ')}${factor.levels.length > 12 ? ', …' : ''}`,
      `use it as an index: \`param b[${c.name}] ref\`, then \`b[${c.name}]\``,
    ].join('  \n');
  }
  const lines = [`n = ${n} · missing ${c.missing}`];
  if (c.nonNumeric) {
    const first = c.firstNonNumeric ? `, first at row ${c.firstNonNumeric.row} ("${c.firstNonNumeric.text}")` : '';
    lines.push(`${c.nonNumeric} non-numeric cell${c.nonNumeric === 1 ? '' : 's'}${first}`);
    if (c.levels?.length)
      lines.push(
        `values: ${c.levels
          .slice(0, 8)
          .map((l) => `\`${l}\``)
          .join(', ')}${c.levels.length > 8 ? ', …' : ''}`,
      );
  }
  if (Number.isFinite(c.min)) {
    if (c.distinct) lines.push(`values: ${c.distinct.map(fmt).join(', ')}`);
    lines.push(`min ${fmt(c.min)} · mean ${fmt(c.mean)} · max ${fmt(c.max)}${c.integer ? ' · integers' : ''}`);
  }
  return lines.join('  \n');
}

/** 1-based line of an offset (for "used in … (line 4)"). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
