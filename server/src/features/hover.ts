// Hover: (analysis, offset) -> Markdown about the distribution, function, column, parameter, let or option under the cursor.

import type { IToken } from 'chevrotain';
import type { Analysis, SymbolInfo } from '../language/analysis-types.ts';
import type { Span, Statement } from '../language/ast.ts';
import { CONSTANTS, distribution, fitOption, func, type DistributionInfo } from '../language/builtins.ts';
import type { FitJson } from '../protocol.ts';
import type { VectorParam } from '../language/vectors.ts';
import { columnSummary, columnsOf, constraintText, exprText, lineOf } from './describe.ts';
import { estimateMarkdown, fitted, vectorElements, vectorMarkdown } from './fit-summary.ts';

export interface HoverResult {
  readonly markdown: string;
  /** The text the hover is about (highlighted by the editor). */
  readonly span: Span;
}

const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  data: '`data "PATH" [table "NAME"]` — the dataset: a .csv or .tsv with a header row, a .parquet file, or a table of a .duckdb database, relative to this file. Exactly one per model.',
  param: '`param NAME [, NAME]* [> LO | < HI | in (LO, HI)] [init VALUE]` — free parameters, estimated by the fit.',
  let: '`let NAME = EXPR` — a named expression, defined before it is used.',
  prior:
    '`prior NAME ~ Distribution(…)` — adds log p(NAME) to the objective; the estimate becomes the posterior mode (MAP).',
  derive: '`derive NAME = EXPR` — a function of the parameters, reported with a delta-method SE and CI.',
  fit: '`fit OPTION = VALUE, …` — options: method, se, ci, level, restarts, seed, maxiter, tol.',
  in: '`in (LO, HI)` — the parameter lies in the open interval; the optimizer works on the logit scale.',
  init: "`init VALUE` — the optimizer's starting value for these parameters.",
};

/** The hover at `offset`, or undefined when there is nothing to say; `lastFit` (the document's) adds estimates. */
export function hover(analysis: Analysis, offset: number, lastFit?: FitJson): HoverResult | undefined {
  const within = (s: Span): boolean => s.start <= offset && offset <= s.end;
  const occ = analysis.occurrences.find((o) => within(o.span));
  if (occ?.symbol) {
    const estimate =
      occ.symbol.kind === 'param' || occ.symbol.kind === 'derive' ? fitted(lastFit, occ.symbol.name) : undefined;
    const elements = occ.symbol.kind === 'param' ? vectorElements(lastFit, occ.symbol.name) : [];
    const more = !lastFit
      ? ''
      : estimate
        ? `\n\n${estimateMarkdown(estimate, lastFit)}`
        : elements.length
          ? `\n\n${vectorMarkdown(elements, lastFit)}`
          : '';
    return { markdown: symbolHover(analysis, occ.symbol) + more, span: occ.span };
  }
  const token = tokenAt(analysis.tokens, offset);
  if (!token) return undefined;
  const span = { start: token.startOffset, end: (token.endOffset ?? token.startOffset) + 1 };
  const kind = token.tokenType.name;
  if (kind.startsWith('Kw_')) return { markdown: KEYWORD_DOCS[token.image] ?? `\`${token.image}\``, span };
  if (kind === 'StringLit' && analysis.dataStmt && within(analysis.dataStmt.pathSpan))
    return { markdown: dataHover(analysis), span };
  if (kind !== 'Identifier') return undefined;
  const fit = analysis.file.statements.find((s) => s.kind === 'fit' && within(s.span));
  if (fit?.kind === 'fit') {
    const opt = fit.options.find((o) => within(o.name.span) || (o.value && within(o.value.span)));
    const info = opt && fitOption(opt.name.name);
    if (info)
      return {
        markdown: `**fit option** \`${info.name}\`${info.values ? ` — ${info.values.map((v) => `\`${v}\``).join(' | ')}` : ` (${info.kind})`}\n\n${info.doc}`,
        span,
      };
  }
  const d = distribution(token.image);
  if (d) return { markdown: distributionHover(d), span };
  const f = func(token.image);
  if (f) return { markdown: `**function** \`${f.name}(${f.params.join(', ')})\`\n\n${f.doc}`, span };
  if (token.image in CONSTANTS)
    return { markdown: `**constant** \`${token.image}\` = ${CONSTANTS[token.image]}`, span };
  return undefined;
}

/** The token containing the offset, else the one ending right before it (the cursor just after a word). */
function tokenAt(tokens: readonly IToken[], offset: number): IToken | undefined {
  const end = (t: IToken): number => (t.endOffset ?? t.startOffset) + 1;
  return tokens.find((t) => t.startOffset <= offset && offset < end(t)) ?? tokens.find((t) => end(t) === offset);
}

/** A vector parameter's elements: how many, which are fixed by `ref`, or its simplex form. */
function vectorText(v: VectorParam): string {
  if (!v.dims) return 'vector parameter (its levels are known once the data are loaded)';
  const fixed = v.elements.filter((e) => e.fixed).map((e) => `\`${e.name}\``);
  const names = v.elements.slice(0, 12).map((e) => `\`${e.name}\``);
  const more = v.elements.length > 12 ? ', …' : '';
  const kind = v.simplex ? `simplex: ${v.elements.length} elements summing to 1` : `${v.elements.length} elements`;
  return `${kind}: ${names.join(', ')}${more}${fixed.length ? `\n\nfixed at 0 by \`ref\`: ${fixed.slice(0, 12).join(', ')}` : ''}`;
}

export function distributionHover(d: DistributionInfo): string {
  const lines = [
    `**${d.name}**(${d.args.map((a) => a.name).join(', ')}) — ${d.discrete ? 'discrete' : 'continuous'} distribution`,
    '```text\n' + d.density + '\n```',
    `**support:** ${d.supportText}`,
    d.args.map((a) => `- \`${a.name}\`: ${a.doc}`).join('\n'),
    `**mean:** \`${d.mean}\` · **variance:** \`${d.variance}\``,
  ];
  if (d.closedFormMle) lines.push(`**closed-form MLE:** ${d.closedFormMle}`);
  if (d.notes) lines.push(d.notes);
  return lines.join('\n\n');
}

function symbolHover(analysis: Analysis, s: SymbolInfo): string {
  switch (s.kind) {
    case 'column': {
      const c = s.column;
      if (!c) return `**column** \`${s.name}\``;
      const used = analysis.usedColumns.includes(s.name);
      const type = c.cells ? 'factor' : c.nonNumeric ? 'text' : c.integer ? 'numeric (integer)' : 'numeric';
      const rows =
        analysis.data?.ok && used && analysis.rowsUsedCount !== undefined
          ? `\n\nUsed by the model; ${analysis.rowsUsedCount} of ${analysis.data.table.rows} rows are used.`
          : used
            ? ''
            : '\n\nNot used by the model.';
      // Over the memory budget the editor holds the file's first rows only: the summary is theirs, and says so.
      const of = analysis.data?.ok ? analysis.data.sampledFrom : undefined;
      const sampled =
        of === undefined
          ? ''
          : `\n\nThese figures describe the first ${c.values.length.toLocaleString('en-US')} of ${of.toLocaleString('en-US')} rows (the file is larger than the memory budget).`;
      return `**column** \`${s.name}\` · ${type} · from \`${analysis.data?.path ?? 'data'}\`\n\n${columnSummary(c)}${rows}${sampled}`;
    }
    case 'param': {
      const stmt = s.stmt?.kind === 'param' ? s.stmt : undefined;
      const init = stmt?.init ? ` · init ${stmt.init.value}` : '';
      const v = analysis.vectors?.get(s.name);
      const vector = v ? `\n\n${vectorText(v)}` : '';
      return `**parameter** \`${s.name}\`${constraintText(stmt) || ' (unconstrained)'}${init}${vector}\n\n${usesText(analysis, s)}`;
    }
    case 'let':
    case 'derive': {
      const value = s.stmt?.kind === s.kind ? s.stmt.value : undefined;
      const cols = columnsOf(analysis, value);
      const what =
        s.kind === 'derive'
          ? 'Derived quantity: reported with its estimate, a delta-method SE and a Wald CI.'
          : cols.length
            ? `One value per row (uses ${cols.map((c) => `\`${c}\``).join(', ')}).`
            : 'A single value (parameters only).';
      return `**${s.kind}** \`${s.name}\` = \`${exprText(analysis.text, value, 200)}\`\n\n${what}${s.kind === 'let' ? `\n\n${usesText(analysis, s)}` : ''}`;
    }
  }
}

/** "Used in: let eta (line 4), likelihood of case (line 5)". */
function usesText(analysis: Analysis, s: SymbolInfo): string {
  const stmts = new Set(analysis.occurrences.filter((o) => o.symbol === s && !o.isDeclaration).map((o) => o.statement));
  if (!stmts.size) return 'Not used in the model.';
  const where = [...stmts]
    .sort((a, b) => a - b)
    .map((i) => {
      const st = analysis.file.statements[i];
      return `${statementLabel(analysis.text, st)} (line ${lineOf(analysis.text, st.span.start)})`;
    });
  return `Used in: ${where.join(', ')}`;
}

function statementLabel(text: string, st: Statement): string {
  switch (st.kind) {
    case 'let':
    case 'derive':
    case 'prior':
      return `${st.kind} \`${st.name.name}\``;
    case 'likelihood':
      return `likelihood of \`${exprText(text, st.lhs, 30)}\``;
    default:
      return st.kind;
  }
}

function dataHover(analysis: Analysis): string {
  const data = analysis.data;
  if (!data) return `**data** \`${analysis.dataStmt?.path ?? ''}\``;
  if (!data.ok) return `**data** \`${data.path}\` — cannot be read: ${data.error}`;
  const t = data.table;
  const cols = t.columns.map((c) => `\`${c.name}\``);
  const used =
    analysis.rowsUsedCount !== undefined
      ? ` · ${analysis.rowsUsedCount} used, ${t.rows - analysis.rowsUsedCount} dropped for missing values`
      : '';
  const f = t.format;
  const read = f?.decimalComma
    ? ' · read as semicolon-separated with decimal commas (European CSV)'
    : f && f.delimiter !== (/\.tsv$/i.test(data.path) ? '\t' : ',')
      ? ` · read as ${f.delimiter === '\t' ? 'tab' : f.delimiter === ';' ? 'semicolon' : 'comma'}-separated`
      : '';
  // A columnar source (Parquet, DuckDB) read only the columns the model names.
  const unread = t.unread?.length
    ? ` (read: the ${t.columns.length} the model names, of ${t.columns.length + t.unread.length})`
    : '';
  return `**data** \`${data.path}\` — ${t.rows} rows${used}${read}\n\n${t.columns.length} columns${unread}: ${cols.slice(0, 30).join(', ')}${cols.length > 30 ? ', …' : ''}`;
}
