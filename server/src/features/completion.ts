// Completion: (analysis, offset) -> plain items for keywords, distributions, names, columns, functions, fit options and data files.

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import {
  CONSTANTS,
  DISTRIBUTIONS,
  FIT_OPTIONS,
  FUNCTIONS,
  distribution,
  fitOption,
  type DistributionInfo,
} from '../language/builtins.ts';
import type { Column } from '../data/table.ts';
import { completionContext, type ArgumentSlot, type CompletionContext } from './completion-context.ts';
import { columnSummary, constraintText, exprText } from './describe.ts';
import { MODEL_SNIPPETS, snippetText } from './model-snippets.ts';

export type CompletionKind =
  | 'keyword'
  | 'distribution'
  | 'function'
  | 'parameter'
  | 'let'
  | 'column'
  | 'constant'
  | 'option'
  | 'value'
  | 'file'
  | 'argument'
  | 'snippet';

/** One completion item as plain data; the LSP layer maps it to the protocol's type. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text to insert instead of the label; a snippet (`${1:mu}` placeholders) when `snippet` is set. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** What the client matches the typed text against, when that is not the label (e.g. with a leading backtick). */
  readonly filterText?: string;
  /** The text range the insertion replaces (the partly typed word). */
  readonly replace: Span;
  /** Orders groups (lower first) before the client's own fuzzy ranking. */
  readonly sortGroup: number;
}

/** I/O the caller does for us, so features stay pure: the .csv/.tsv file names beside the model. */
export interface CompletionEnv {
  readonly listDataFiles?: () => readonly string[];
}

const STATEMENT_DOCS: Readonly<Record<string, string>> = {
  data: 'data "file.csv" — the dataset (CSV or TSV with a header row, Parquet, or `"db.duckdb" table "NAME"`), relative to this file',
  param: 'param NAME [, NAME]* [> LO | < HI | in (LO, HI)] [init VALUE] — free parameters',
  let: 'let NAME = EXPR — a named expression',
  prior: 'prior NAME ~ Distribution(…) — a prior on a parameter (the fit becomes MAP)',
  derive: 'derive NAME = EXPR — a function of the parameters, reported with SE and CI',
  fit: 'fit OPTION = VALUE, … — fitting options',
  in: 'in (LO, HI) — the parameter lies in an open interval',
  ref: 'ref ["LEVEL"] — fix the reference element of a vector parameter at 0 (treatment coding)',
  simplex: 'simplex — the elements of a range-indexed vector are positive and sum to 1',
  init: 'init VALUE — starting value for the optimizer',
  censored: 'censored right|left when COND — rows where COND holds contribute log S(y) (right) or log F(y) (left)',
  truncated: 'truncated (LO, HI) — the density divided by P(LO < Y < HI); -inf and inf allowed',
  right: 'right — the value is only known to exceed y: log S(y)',
  left: 'left — the value is only known to lie below y: log F(y)',
  when: 'when COND — the condition on columns that marks the censored rows',
};

/** The completion items at `offset`; never throws on broken text. */
export function completion(analysis: Analysis, offset: number, env: CompletionEnv = {}): CompletionEntry[] {
  const ctx = completionContext(analysis.text, analysis.tokens, offset);
  const r = ctx.replace;
  // If a `(` already follows the word, insert only the name instead of a second argument list.
  const hasParen = /^[A-Za-z0-9_.]*[ \t]*\(/.test(analysis.text.slice(offset));
  switch (ctx.kind) {
    case 'none':
      return [];
    case 'level':
      return levelItems(analysis, ctx.vector, ctx.position, r);
    case 'statement':
      return [...statementItems(analysis, ctx, offset), ...modelSnippetItems(analysis, r, env)];
    case 'expression':
      return [...argumentNameItems(ctx.call, r), ...expressionItems(analysis, r, offset, ctx.allowColumns, hasParen)];
    case 'distribution':
      return DISTRIBUTIONS.map((d) => distributionItem(d, r, hasParen));
    case 'prior-name':
      return analysis.params.map(({ ident, stmt }) => ({
        label: ident.name,
        kind: 'parameter',
        detail: `parameter${constraintText(stmt)}`,
        replace: r,
        sortGroup: 0,
      }));
    case 'fit-option':
      return FIT_OPTIONS.filter((o) => !ctx.used.includes(o.name)).map((o) => ({
        label: o.name,
        kind: 'option',
        detail: o.values ? o.values.join(' | ') : o.kind,
        documentation: o.doc,
        insertText: `${o.name} = `,
        replace: r,
        sortGroup: 0,
      }));
    case 'fit-value':
      return (fitOption(ctx.option)?.values ?? []).map((v, i) => ({
        label: v,
        kind: 'value',
        detail: `${ctx.option} = ${v}`,
        replace: r,
        sortGroup: i,
      }));
    case 'data-path':
      return (env.listDataFiles?.() ?? []).map((f) => ({
        label: f,
        kind: 'file',
        detail: 'data file beside the model',
        insertText: ctx.quoted ? f : `"${f}"`,
        replace: r,
        sortGroup: 0,
      }));
    case 'backtick-column':
      return columnItems(analysis, r, true);
  }
}

function statementItems(
  analysis: Analysis,
  ctx: CompletionContext & { kind: 'statement' },
  offset: number,
): CompletionEntry[] {
  const r = ctx.replace;
  const items: CompletionEntry[] = ctx.continuations.map((k) => ({
    label: k,
    kind: 'keyword',
    detail: STATEMENT_DOCS[k],
    replace: r,
    sortGroup: 0,
  }));
  // At most one `data` and one `fit`: do not offer a second (unless the cursor is on the only one).
  const has = (kind: 'data' | 'fit'): boolean =>
    analysis.file.statements.some((s) => s.kind === kind && !(s.span.start <= r.start && r.start <= s.span.end));
  for (const k of ['data', 'param', 'let', 'prior', 'derive', 'fit'] as const) {
    if ((k === 'data' || k === 'fit') && has(k)) continue;
    items.push({ label: k, kind: 'keyword', detail: STATEMENT_DOCS[k], replace: r, sortGroup: 1 });
  }
  // A statement may also be a likelihood, whose left side is a column or a let.
  return [...items, ...columnItems(analysis, r, false, 2), ...letItems(analysis, r, offset, 3)];
}

function expressionItems(
  analysis: Analysis,
  r: Span,
  offset: number,
  allowColumns: boolean,
  hasParen: boolean,
): CompletionEntry[] {
  const items: CompletionEntry[] = analysis.params.map(({ ident, stmt }) => ({
    label: ident.name,
    kind: 'parameter',
    detail: `parameter${constraintText(stmt)}`,
    replace: r,
    sortGroup: 0,
  }));
  items.push(...letItems(analysis, r, offset, 0));
  if (allowColumns) items.push(...columnItems(analysis, r, false, 1));
  for (const f of FUNCTIONS) {
    const args = f.params.map((p, i) => `\${${i + 1}:${p}}`).join(', ');
    items.push({
      label: f.name,
      kind: 'function',
      detail: `${f.name}(${f.params.join(', ')})`,
      documentation: f.doc,
      insertText: hasParen ? f.name : `${f.name}(${args})`,
      snippet: !hasParen,
      replace: r,
      sortGroup: 2,
    });
  }
  for (const c of Object.keys(CONSTANTS))
    items.push({ label: c, kind: 'constant', detail: `constant = ${CONSTANTS[c]}`, replace: r, sortGroup: 2 });
  return items;
}

/** Lets declared before the cursor (a let must be defined before it is used). */
function letItems(analysis: Analysis, r: Span, offset: number, sortGroup: number): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  // The statement being typed: a let cannot refer to itself.
  // (The statement containing the cursor; a broken one is not in the tree at all, and excludes nothing.)
  const current = analysis.file.statements.find((st) => st.span.start < r.start && st.span.end >= r.start);
  for (const s of analysis.symbols.values()) {
    if (s.kind !== 'let' || !s.decl || s.decl.span.end > offset || s.stmt?.kind !== 'let' || s.stmt === current)
      continue;
    out.push({
      label: s.name,
      kind: 'let',
      detail: `let ${s.name} = ${exprText(analysis.text, s.stmt.value, 60)}`,
      replace: r,
      sortGroup,
    });
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function columnItems(analysis: Analysis, r: Span, inBacktick: boolean, sortGroup = 1): CompletionEntry[] {
  if (!analysis.data?.ok) return [];
  // Inside an open backtick, replace the backtick too and write the closing one, whatever the name looks like.
  const closing = inBacktick && analysis.text[r.end] === '`';
  const replace = closing ? { start: r.start, end: r.end + 1 } : r;
  const item = (name: string, detail: string, documentation?: string): CompletionEntry => ({
    label: name,
    kind: 'column',
    detail,
    documentation,
    insertText: inBacktick || !IDENT.test(name) ? `\`${name}\`` : undefined,
    filterText: inBacktick ? `\`${name}\`` : undefined,
    replace,
    sortGroup,
  });
  const { table } = analysis.data;
  // A Parquet/DuckDB source reads only the columns the model names: the others are offered too, and read once named.
  return [
    ...table.columns.map((c: Column) => item(c.name, columnDetail(c), columnSummary(c))),
    ...(table.unread ?? []).map((name) => item(name, 'column · not read yet (read once the model names it)')),
  ];
}

/** "column · numeric · n=248, missing 0, range 21–44" */
function columnDetail(c: Column): string {
  const n = c.values.length;
  if (c.nonNumeric)
    return `column · text · n=${n}, missing ${c.missing}${c.levels?.length ? `, levels ${c.levels.slice(0, 4).join(', ')}` : ''}`;
  const range = Number.isFinite(c.min) ? `, range ${c.min}–${c.max}` : '';
  return `column · numeric · n=${n}, missing ${c.missing}${range}`;
}

function distributionItem(d: DistributionInfo, r: Span, hasParen: boolean): CompletionEntry {
  const args = d.args.map((a, i) => `\${${i + 1}:${a.name}}`).join(', ');
  return {
    label: d.name,
    kind: 'distribution',
    detail: `${d.name}(${d.args.map((a) => a.name).join(', ')})`,
    documentation: `\`${d.density}\`\n\nsupport: ${d.supportText}`,
    insertText: hasParen ? d.name : `${d.name}(${args})`,
    snippet: !hasParen,
    replace: r,
    sortGroup: 0,
  };
}

/** `mu = `, `sigma = ` for the arguments of the distribution being called that are not given yet (by name or position). */
function argumentNameItems(call: ArgumentSlot | undefined, r: Span): CompletionEntry[] {
  const d = call && distribution(call.callee);
  if (!d || !call) return [];
  return d.args
    .filter((a, i) => i >= call.positional && !call.named.includes(a.name))
    .map((a) => ({
      label: `${a.name} =`,
      kind: 'argument',
      detail: `${d.name} argument: ${a.doc}`,
      insertText: `${a.name} = `,
      filterText: a.name,
      replace: r,
      sortGroup: 0,
    }));
}

/**
 * Whole-model templates on an empty line: first in an empty file, where starting from one is the likely intent;
 * last elsewhere. The data file is a choice of the CSV/TSV files beside the model.
 */
function modelSnippetItems(analysis: Analysis, r: Span, env: CompletionEnv): CompletionEntry[] {
  const lineStart = analysis.text.lastIndexOf('\n', r.start - 1) + 1;
  if (analysis.text.slice(lineStart, r.start).trim() !== '') return [];
  const empty = analysis.file.statements.length === 0;
  const files = env.listDataFiles?.() ?? [];
  return MODEL_SNIPPETS.map((m) => ({
    label: m.prefix,
    kind: 'snippet',
    detail: m.name,
    documentation: `${m.description}\n\n\`\`\`mle\n${m.body.join('\n').replace(/\$\{\d+:([^}]*)\}|\$0/g, '$1')}\n\`\`\``,
    insertText: snippetText(m, files),
    snippet: true,
    replace: r,
    sortGroup: empty ? 0 : 9,
  }));
}

/** The levels of a vector's index (with their row counts when it is a factor), inside `b["…"]` or `ref "…"`. */
function levelItems(analysis: Analysis, vector: string, position: number, replace: Span): CompletionEntry[] {
  const dim = analysis.vectors?.get(vector)?.dims?.[position];
  if (!dim) return [];
  return dim.levels.map((level, i) => ({
    label: level,
    kind: 'value' as const,
    detail: dim.factor ? `level of ${dim.key} · ${dim.factor.counts[i]} rows` : `element ${level} of ${dim.key}`,
    replace,
    sortGroup: 0,
  }));
}
